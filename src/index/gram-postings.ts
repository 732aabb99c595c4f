import type { PostingLists } from './posting-lists';

/**
 * Collects the postings of every unigram and bigram (UTF-16 units) of a corpus, document by
 * document in ascending order, in typed arrays: an open-addressing table maps a gram (as two
 * dense character ids) to a gram number, and each new (gram, document) pair is appended to
 * flat arrays that are grouped by gram at the end (a counting sort, which keeps document
 * order). No JS array or string is made per gram until the postings are read.
 */
export class GramPostings {
  private readonly charIds = new Int32Array(0x10000).fill(-1);
  private readonly chars: number[] = [];
  /** Hash table slots: first character id + 1 (0 for a unigram) and second id; `gramOfSlot` -1 when empty. */
  private slotFirst = new Int32Array(1 << 12);
  private slotSecond = new Int32Array(1 << 12);
  private gramOfSlot = new Int32Array(1 << 12).fill(-1);
  private gramCount = 0;
  /** Per gram: its characters (as above) and the last document posted, to post a document once. */
  private gramFirst = new Int32Array(1 << 11);
  private gramSecond = new Int32Array(1 << 11);
  private lastDoc = new Int32Array(1 << 11).fill(-1);
  private pairGram = new Int32Array(1 << 14);
  private pairDoc = new Int32Array(1 << 14);
  private pairCount = 0;

  private charId(unit: number): number {
    let id = this.charIds[unit];
    if (id < 0) {
      id = this.chars.length;
      this.charIds[unit] = id;
      this.chars.push(unit);
    }
    return id;
  }

  private slotOf(first: number, second: number): number {
    const mask = this.gramOfSlot.length - 1;
    let slot = (Math.imul(first, 0x9e3779b1) ^ Math.imul(second + 1, 0x85ebca6b)) & mask;
    while (this.gramOfSlot[slot] >= 0 && (this.slotFirst[slot] !== first || this.slotSecond[slot] !== second)) slot = (slot + 1) & mask;
    return slot;
  }

  private gramNumber(first: number, second: number): number {
    let slot = this.slotOf(first, second);
    let gram = this.gramOfSlot[slot];
    if (gram >= 0) return gram;
    if (this.gramCount * 2 >= this.gramOfSlot.length) {
      this.growTable();
      slot = this.slotOf(first, second);
    }
    gram = this.gramCount++;
    if (gram === this.gramFirst.length) {
      this.gramFirst = grow(this.gramFirst);
      this.gramSecond = grow(this.gramSecond);
      this.lastDoc = grow(this.lastDoc, -1);
    }
    this.gramFirst[gram] = first;
    this.gramSecond[gram] = second;
    this.slotFirst[slot] = first;
    this.slotSecond[slot] = second;
    this.gramOfSlot[slot] = gram;
    return gram;
  }

  private growTable(): void {
    const size = this.gramOfSlot.length * 2;
    this.slotFirst = new Int32Array(size);
    this.slotSecond = new Int32Array(size);
    this.gramOfSlot = new Int32Array(size).fill(-1);
    for (let gram = 0; gram < this.gramCount; gram++) {
      const slot = this.slotOf(this.gramFirst[gram], this.gramSecond[gram]);
      this.slotFirst[slot] = this.gramFirst[gram];
      this.slotSecond[slot] = this.gramSecond[gram];
      this.gramOfSlot[slot] = gram;
    }
  }

  private post(first: number, second: number, doc: number): void {
    const gram = this.gramNumber(first, second);
    if (this.lastDoc[gram] === doc) return;
    this.lastDoc[gram] = doc;
    if (this.pairCount === this.pairGram.length) {
      this.pairGram = grow(this.pairGram);
      this.pairDoc = grow(this.pairDoc);
    }
    this.pairGram[this.pairCount] = gram;
    this.pairDoc[this.pairCount++] = doc;
  }

  /** Adds a document's fields; no bigram spans two fields. Documents must come in ascending order. */
  add(doc: number, fields: string[]): void {
    for (const field of fields) {
      let previous = -1;
      for (let i = 0; i < field.length; i++) {
        const id = this.charId(field.charCodeAt(i));
        this.post(0, id, doc);
        if (previous >= 0) this.post(previous + 1, id, doc);
        previous = id;
      }
    }
  }

  /** Every gram as text with its ascending documents, in compressed sparse rows. */
  lists(): PostingLists {
    const offsets = new Uint32Array(this.gramCount + 1);
    for (let p = 0; p < this.pairCount; p++) offsets[this.pairGram[p] + 1]++;
    for (let gram = 0; gram < this.gramCount; gram++) offsets[gram + 1] += offsets[gram];
    const fill = offsets.slice(0, this.gramCount);
    const docs = new Uint32Array(this.pairCount);
    for (let p = 0; p < this.pairCount; p++) docs[fill[this.pairGram[p]]++] = this.pairDoc[p];
    const keys: string[] = [];
    for (let gram = 0; gram < this.gramCount; gram++) {
      const first = this.gramFirst[gram];
      const second = this.chars[this.gramSecond[gram]];
      keys.push(first === 0 ? String.fromCharCode(second) : String.fromCharCode(this.chars[first - 1], second));
    }
    return { keys, offsets, docs };
  }
}

function grow(array: Int32Array, fill = 0): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
