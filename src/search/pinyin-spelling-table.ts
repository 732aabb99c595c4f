/**
 * Spellings of one kind (full pinyin or initials) → the numbers of the words they spell, in
 * typed arrays: the spellings ascending and run together in one string, each with a run of
 * word numbers. A few bytes per entry, where a `Map` of strings costs a hundred.
 */
export class SpellingTable {
  constructor(
    /** The spellings, ascending, run together. */
    private readonly text: string,
    /** Spelling `k` is `text[keyStarts[k] … keyStarts[k + 1] - 1]`. */
    private readonly keyStarts: Uint32Array,
    /** The words of spelling `k` are `words[wordStarts[k] … wordStarts[k + 1] - 1]`. */
    private readonly wordStarts: Uint32Array,
    private readonly words: Uint32Array,
  ) {}

  /** How many (spelling, word) pairs the table holds. */
  get size(): number {
    return this.words.length;
  }

  private get keyCount(): number {
    return this.keyStarts.length - 1;
  }

  private key(k: number): string {
    return this.text.slice(this.keyStarts[k], this.keyStarts[k + 1]);
  }

  private wordsOf(k: number): Uint32Array {
    return this.words.subarray(this.wordStarts[k], this.wordStarts[k + 1]);
  }

  /** Spelling `k` compared with `other`, in code unit order, without making it a string. */
  private compare(k: number, other: string): number {
    const start = this.keyStarts[k];
    const length = this.keyStarts[k + 1] - start;
    for (let i = 0; i < length && i < other.length; i++) {
      const difference = this.text.charCodeAt(start + i) - other.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - other.length;
  }

  /** The first spelling not less than `text`. */
  private lowerBound(text: string): number {
    let lo = 0;
    let hi = this.keyCount;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(mid, text) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The numbers of the words spelled exactly `key`. */
  spelled(key: string): Uint32Array {
    const k = this.lowerBound(key);
    return k < this.keyCount && this.compare(k, key) === 0 ? this.wordsOf(k) : this.words.subarray(0, 0);
  }

  /** The spellings starting with `prefix`, ascending, with the numbers of their words. */
  *withPrefix(prefix: string): IterableIterator<[string, Uint32Array]> {
    for (let k = this.lowerBound(prefix); k < this.keyCount && this.keyStarts[k + 1] - this.keyStarts[k] >= prefix.length && this.text.startsWith(prefix, this.keyStarts[k]); k++) {
      yield [this.key(k), this.wordsOf(k)];
    }
  }

  /**
   * The table of two tables' pairs, the word numbers of `later` shifted by `shift`: the table
   * of a run of words followed by the next run.
   */
  static merge(earlier: SpellingTable, later: SpellingTable, shift: number): SpellingTable {
    const layout = new Layout();
    let i = 0;
    let j = 0;
    while (i < earlier.keyCount || j < later.keyCount) {
      const order = i === earlier.keyCount ? 1 : j === later.keyCount ? -1 : earlier.compare(i, later.key(j));
      const key = order <= 0 ? earlier.key(i) : later.key(j);
      const words = order <= 0 ? Array.from(earlier.wordsOf(i++)) : [];
      if (order >= 0) for (const word of later.wordsOf(j++)) words.push(word + shift);
      layout.add(key, words);
    }
    return layout.table();
  }

  /**
   * Lays out `byKey` (lowercase ASCII spellings → word numbers) as a table, yielding after each
   * group of spellings that share their first two letters: the sorting of a whole vocabulary's
   * spellings is cut into steps of a few milliseconds each.
   */
  static *layOut(byKey: Map<string, number[]>): Generator<void, SpellingTable> {
    const groups: string[][] = Array.from({ length: GROUPS }, () => []);
    for (const key of byKey.keys()) groups[groupOf(key)].push(key);
    yield;
    const layout = new Layout();
    for (const group of groups) {
      if (group.length === 0) continue;
      for (const key of group.sort()) layout.add(key, byKey.get(key)!);
      yield;
    }
    return layout.table();
  }
}

/** One group per first letter alone and per first two letters: 26 × (1 + 26). */
const GROUPS = 26 * 27;

/** The group of a spelling of lowercase ASCII letters; groups ascend as their spellings do. */
function groupOf(key: string): number {
  return (key.charCodeAt(0) - 97) * 27 + (key.length > 1 ? key.charCodeAt(1) - 96 : 0);
}

/** A table being laid out, one spelling at a time, in ascending order. */
class Layout {
  private readonly keys: string[] = [];
  private readonly keyStarts: number[] = [0];
  private readonly wordStarts: number[] = [0];
  private readonly words: number[] = [];
  private length = 0;

  add(key: string, words: ArrayLike<number>): void {
    this.keys.push(key);
    this.length += key.length;
    this.keyStarts.push(this.length);
    for (let w = 0; w < words.length; w++) this.words.push(words[w]);
    this.wordStarts.push(this.words.length);
  }

  table(): SpellingTable {
    return new SpellingTable(this.keys.join(''), Uint32Array.from(this.keyStarts), Uint32Array.from(this.wordStarts), Uint32Array.from(this.words));
  }
}
