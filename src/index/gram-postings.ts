/**
 * Collects the postings of every unigram and bigram (UTF-16 units) of a corpus, document by
 * document in ascending order. Keys are small integers (dense character ids), so the map
 * never hashes a string, and a document is added to a gram's list once however often the
 * gram occurs — the list's last entry tells.
 */
export class GramPostings {
  private readonly charIds = new Int32Array(0x10000).fill(-1);
  private readonly chars: number[] = [];
  private readonly lists = new Map<number, number[]>();

  private charId(unit: number): number {
    let id = this.charIds[unit];
    if (id < 0) {
      id = this.chars.length;
      this.charIds[unit] = id;
      this.chars.push(unit);
    }
    return id;
  }

  private post(key: number, doc: number): void {
    const list = this.lists.get(key);
    if (!list) this.lists.set(key, [doc]);
    else if (list[list.length - 1] !== doc) list.push(doc);
  }

  /** Adds a document's fields; no bigram spans two fields. Documents must come in ascending order. */
  add(doc: number, fields: string[]): void {
    for (const field of fields) {
      let previous = -1;
      for (let i = 0; i < field.length; i++) {
        const id = this.charId(field.charCodeAt(i));
        this.post(id, doc);
        if (previous >= 0) this.post((previous + 1) * 0x10000 + id, doc);
        previous = id;
      }
    }
  }

  /** Each gram as text with its ascending documents. */
  *entries(): IterableIterator<[string, number[]]> {
    for (const [key, docs] of this.lists) {
      const gram =
        key < 0x10000
          ? String.fromCharCode(this.chars[key])
          : String.fromCharCode(this.chars[Math.floor(key / 0x10000) - 1], this.chars[key % 0x10000]);
      yield [gram, docs];
    }
  }
}
