import type { Article } from '../corpus/article';
import type { IndexPart, Posting } from './index-part';
import { JiansuoError } from '../errors';
import { mapFile, releasePages } from './mapped-file';
import { sortByTitle } from './title-order';
import { checkSizes, decodeLayout, encodeSegment, storedArticle, storedHash, type SegmentFiles, type SegmentLayout, type SortedPostings } from './segment-format';

/** Where a segment's stored articles are read from: its `docs.bin`, in memory or on disk. */
export interface StoredDocs {
  /** The file (or store key) they come from, for errors. */
  readonly name: string;
  /** Bytes `from … to - 1`. */
  read(from: number, to: number): Buffer;
  readonly byteLength: number;
}

/** Stored articles held in memory (an index built in this process, or read from a store). */
export function storedInMemory(bytes: Buffer, name = 'docs.bin'): StoredDocs {
  return { name, read: (from, to) => bytes.subarray(from, to), byteLength: bytes.byteLength };
}

/** Bytes of articles a mapped `docs.bin` reads before it gives all its pages back to the kernel. */
const STORED_BYTES_RESIDENT = 4 << 20;

/**
 * Stored articles of their file, mapped into memory (see {@link mapFile}): an article shown is
 * read where it lies in the page cache, with no system call or copy. Every `residentBytes` of
 * articles read, the mapping's pages are given back (they stay in the page cache), so that an
 * export of every match of a million articles leaves a few megabytes resident, not the file.
 * A generation that replaced the file may delete it; the mapping still reads it.
 *
 * @example storedOnDisk('index/seg-1/docs.bin').read(0, 64)
 */
export function storedOnDisk(file: string, residentBytes = STORED_BYTES_RESIDENT): StoredDocs {
  const bytes = mapFile(file);
  let read = 0;
  return {
    name: file,
    byteLength: bytes.byteLength,
    read: (from, to) => {
      read += to - from;
      if (read > residentBytes) {
        releasePages(bytes);
        read = to - from;
      }
      return bytes.subarray(from, to);
    },
  };
}

/**
 * Longest string made of one segment's texts (4 MB): decoding one holds the event loop for a
 * few milliseconds, and its strings are far below V8's limit on the length of a string.
 */
const TEXT_CHUNK_UNITS = 1 << 21;

/**
 * Reads of a chunk of texts that decode only the units read; the next read decodes the chunk.
 * The codes mined at start read a few thousand documents spread over every chunk of a million
 * (2.5 s when each read decoded its chunk, 1.1 GB in all); a search that reads a chunk's
 * documents by the hundred, or the title order sorted after start, decodes it once.
 */
const READS_BEFORE_DECODING = 64;

/**
 * A segment's normalised texts as strings of a few megabytes, cut at document boundaries:
 * one large object each for the garbage collector, every title or body a cheap slice of one.
 * A chunk is decoded from the segment's bytes once its documents are read often (see
 * {@link READS_BEFORE_DECODING}), not at load: a service answers before its texts are decoded
 * (the title order sorted after start reads them all, in the background). The bytes of a
 * decoded chunk are given back (see {@link releasePages}), and the whole Buffer once every
 * chunk is decoded.
 */
class SegmentTexts {
  private readonly chunks: Array<string | undefined> = [];
  /** Reads of each chunk not decoded yet. */
  private readonly reads: number[];
  /** Unit offsets (in the segment's text) where each chunk begins, and where the last one ends. */
  private readonly bounds: number[] = [0];
  private bytes: Buffer | null;
  private undecoded: number;

  constructor(bytes: Buffer, offsets: Uint32Array) {
    const documents = (offsets.length - 1) / 2;
    for (let doc = 1; doc <= documents; doc++) {
      const at = offsets[2 * doc];
      if (doc === documents || at - this.bounds[this.bounds.length - 1] > TEXT_CHUNK_UNITS) this.bounds.push(at);
    }
    if (this.bounds.length === 1) this.bounds.push(0);
    this.chunks.length = this.bounds.length - 1;
    this.reads = new Array<number>(this.chunks.length).fill(0);
    this.undecoded = this.chunks.length;
    this.bytes = bytes;
  }

  /** The chunk that holds unit `from`: the last that begins at or before it. */
  private chunkAt(from: number): number {
    return lowerBoundOf(this.chunks.length, (c) => (this.bounds[c] <= from ? -1 : 1)) - 1;
  }

  /** Chunk `c` as a string, or `undefined` while it is read too seldom to be decoded whole. */
  private chunk(c: number): string | undefined {
    const decoded = this.chunks[c];
    if (decoded !== undefined || ++this.reads[c] <= READS_BEFORE_DECODING) return decoded;
    const bytes = this.bytes!;
    const [from, to] = [this.bounds[c] * 2, this.bounds[c + 1] * 2];
    const text = bytes.toString('utf16le', from, to);
    this.chunks[c] = text;
    releasePages(bytes, from, to);
    if (--this.undecoded === 0) this.bytes = null;
    return text;
  }

  /** Units `from … to - 1` of the segment's text, which never spans two chunks. */
  slice(from: number, to: number): string {
    const c = this.chunkAt(from);
    const chunk = this.chunk(c);
    if (chunk === undefined) return this.units(from, to);
    const base = this.bounds[c];
    return chunk.slice(from - base, to - base);
  }

  /** Units `from … to - 1` decoded on their own from the bytes of a chunk not decoded yet. */
  private units(from: number, to: number): string {
    return this.bytes!.toString('utf16le', from * 2, to * 2);
  }
}

/** How sorted key k compares with `key` (negative: before it), over the first `units` units of both at most. */
function compareKey(postings: SortedPostings, k: number, key: string, units = Infinity): number {
  const { keys, keyOffsets } = postings;
  const from = keyOffsets[k];
  const length = Math.min(keyOffsets[k + 1] - from, units);
  const other = Math.min(key.length, units);
  for (let i = 0; i < length && i < other; i++) {
    const order = keys[from + i] - key.charCodeAt(i);
    if (order !== 0) return order;
  }
  return length - other;
}

/** Position of `key` among sorted keys, or -1. */
function findKey(postings: SortedPostings, key: string): number {
  let lo = 0;
  let hi = postings.keyOffsets.length - 2;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = compareKey(postings, mid, key);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The documents of `key` among sorted postings without values, or `undefined`. */
function postingOf(postings: SortedPostings, key: string): Uint32Array | undefined {
  const k = findKey(postings, key);
  return k < 0 ? undefined : postings.docs.subarray(postings.offsets[k], postings.offsets[k + 1]);
}

/**
 * Bytes of postings a part reads before it gives their pages back to the kernel (see
 * {@link releasePages}): the postings of common grams would otherwise all stay resident once
 * read — most of a segment's file — though a query reads a few hundred kilobytes of them in
 * each segment. Those read again afterwards are brought back from the page cache (tens of
 * microseconds a megabyte), so the budget is large enough that this is rare.
 */
export const POSTING_BYTES_RESIDENT = 64 << 20;

/** Most postings a part remembers per kind; past it, it forgets them all and starts again. */
const REMEMBERED_POSTINGS = 4096;

/** `look()`'s answer for `key`, from `memory` when it was asked lately. */
function remembered<T>(memory: Map<string, T>, key: string, look: () => T): T {
  if (memory.has(key)) return memory.get(key)!;
  if (memory.size >= REMEMBERED_POSTINGS) memory.clear();
  const found = look();
  memory.set(key, found);
  return found;
}

/** The first of the sorted keys `>= key`, given a comparison of key k with it. */
function lowerBoundOf(count: number, compare: (k: number) => number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(mid) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One immutable segment as a search reads it: postings and per-document columns are views
 * into its `segment.bin` (read once, off the JS heap), texts a few long strings, stored
 * articles read from `docs.bin` on demand. Nothing is decoded per document at load.
 */
export class SegmentPart implements IndexPart {
  readonly documents: number;
  private layout: SegmentLayout;
  private texts: SegmentTexts;
  private titleOrder: Uint32Array | undefined;
  /** The title sort under way, until it is done. */
  private titleSort: Generator<void, void> | undefined;
  /** Postings looked up lately: the same words and grams come back query after query. */
  private readonly words = new Map<string, Posting | undefined>();
  private readonly grams = new Map<string, Uint32Array | undefined>();
  private readonly titleGrams = new Map<string, Uint32Array | undefined>();
  /** Bytes of postings looked up since their pages were last given back. */
  private postingBytesRead = 0;

  /**
   * @param hint what to run when a stored article turns out damaged (the command that rebuilds the index)
   * @param residentPostingBytes see {@link POSTING_BYTES_RESIDENT}
   */
  constructor(
    layoutBytes: Buffer,
    textBytes: Buffer,
    private stored: StoredDocs,
    private readonly hint = 'run `npm run index` to rebuild it',
    private readonly residentPostingBytes = POSTING_BYTES_RESIDENT,
  ) {
    this.layout = decodeLayout(layoutBytes);
    checkSizes(this.layout, { texts: textBytes, docs: stored });
    this.documents = this.layout.documents;
    this.texts = new SegmentTexts(textBytes, this.layout.textOffsets);
  }

  /** The segment's decoded `segment.bin`: ids, dates, lengths and facet values of its documents. */
  get columns(): SegmentLayout {
    return this.layout;
  }

  /** The stored article, checked against its hash: a damaged `docs.bin` is never shown. */
  article(doc: number): Article {
    const { docOffsets, docHashes } = this.layout;
    const bytes = this.stored.read(docOffsets[doc], docOffsets[doc + 1]);
    const hash = storedHash(bytes);
    if (hash[0] !== docHashes[2 * doc] || hash[1] !== docHashes[2 * doc + 1]) {
      throw new JiansuoError('index_damaged', `${this.stored.name} does not match its checksum in the manifest (truncated or corrupted); ${this.hint}`);
    }
    return storedArticle(bytes, 0, bytes.byteLength);
  }

  /**
   * Compared unit by unit where the title lies among the segment's titles: checking the
   * titles of many documents reads them in sequence, and cuts no string.
   */
  titleIncludes(doc: number, text: string): boolean {
    if (text.length === 0) return true;
    const { titleUnits, titleOffsets } = this.layout;
    const last = titleOffsets[doc + 1] - text.length;
    const first = text.charCodeAt(0);
    for (let at = titleOffsets[doc]; at <= last; at++) {
      if (titleUnits[at] !== first) continue;
      let k = 1;
      while (k < text.length && titleUnits[at + k] === text.charCodeAt(k)) k++;
      if (k === text.length) return true;
    }
    return false;
  }

  normTitle(doc: number): string {
    return this.texts.slice(this.layout.textOffsets[2 * doc], this.layout.textOffsets[2 * doc + 1]);
  }

  normBody(doc: number): string {
    return this.texts.slice(this.layout.textOffsets[2 * doc + 1], this.layout.textOffsets[2 * doc + 2]);
  }

  wordPosting(word: string): Posting | undefined {
    const posting = remembered(this.words, word, () => {
      const { words } = this.layout;
      const k = findKey(words, word);
      if (k < 0) return undefined;
      const from = words.offsets[k];
      const to = words.offsets[k + 1];
      return { docs: words.docs.subarray(from, to), tfs: words.values!.subarray(from, to) };
    });
    if (posting) this.countRead(2 * posting.docs.length * Uint32Array.BYTES_PER_ELEMENT);
    return posting;
  }

  gramPosting(gram: string): ArrayLike<number> | undefined {
    return this.readDocs(remembered(this.grams, gram, () => postingOf(this.layout.grams, gram)));
  }

  titleGramPosting(gram: string): ArrayLike<number> | undefined {
    return this.readDocs(remembered(this.titleGrams, gram, () => postingOf(this.layout.titleGrams, gram)));
  }

  private readDocs(docs: Uint32Array | undefined): Uint32Array | undefined {
    if (docs) this.countRead(docs.byteLength);
    return docs;
  }

  /**
   * Counts `bytes` of postings read; past the part's budget, the pages of every posting are
   * given back first, and the count starts again with these.
   */
  private countRead(bytes: number): void {
    this.postingBytesRead += bytes;
    if (this.postingBytesRead <= this.residentPostingBytes) return;
    const { words, grams, titleGrams } = this.layout;
    for (const section of [words.docs, words.values, grams.docs, titleGrams.docs]) if (section) releasePages(section);
    this.postingBytesRead = bytes;
  }

  *wordKeys(): IterableIterator<string> {
    const { words } = this.layout;
    for (let k = 0; k + 1 < words.keyOffsets.length; k++) yield String.fromCharCode(...words.keys.subarray(words.keyOffsets[k], words.keyOffsets[k + 1]));
  }

  *wordsWithPrefix(prefix: string): IterableIterator<[string, number]> {
    const { words } = this.layout;
    const count = words.keyOffsets.length - 1;
    for (let k = lowerBoundOf(count, (mid) => compareKey(words, mid, prefix)); k < count && compareKey(words, k, prefix, prefix.length) === 0; k++) {
      yield [String.fromCharCode(...words.keys.subarray(words.keyOffsets[k], words.keyOffsets[k + 1])), words.offsets[k + 1] - words.offsets[k]];
    }
  }

  *titlesWithPrefix(prefix: string): IterableIterator<number> {
    const order = this.sortedByTitle();
    for (let i = lowerBoundOf(order.length, (mid) => (this.normTitle(order[mid]) < prefix ? -1 : 1)); i < order.length && this.normTitle(order[i]).startsWith(prefix); i++) {
      yield order[i];
    }
  }

  titleOrderSteps(): Iterator<unknown> | undefined {
    if (this.titleOrder) return undefined;
    this.titleSort ??= this.sortTitles();
    return this.titleSort;
  }

  /** The segment never changes: its documents are sorted by title once, in the background or by the first completion asked of it. */
  private *sortTitles(): Generator<void, void> {
    this.titleOrder = yield* sortByTitle(this.documents, (doc) => this.normTitle(doc));
    this.titleSort = undefined;
  }

  /** Document numbers in the order of their normalised titles (equal titles by number), what is left of the sort done now. */
  private sortedByTitle(): Uint32Array {
    const steps = this.titleOrderSteps();
    if (steps) while (!steps.next().done);
    return this.titleOrder!;
  }

  release(): void {
    // A sort under way stops where it is: a released part completes nothing.
    this.titleSort?.return();
    this.titleSort = undefined;
    this.titleOrder = new Uint32Array(0);
    this.words.clear();
    this.grams.clear();
    this.titleGrams.clear();
    this.stored = storedInMemory(Buffer.alloc(0), this.stored.name);
    const { segment, texts } = emptySegment();
    this.layout = decodeLayout(segment);
    this.texts = new SegmentTexts(texts, this.layout.textOffsets);
  }
}

/** The files of a segment without documents: what a released part keeps. */
let empty: SegmentFiles | undefined;

function emptySegment(): SegmentFiles {
  const none = { keys: [], offsets: Uint32Array.of(0), docs: new Uint32Array(0) };
  empty ??= encodeSegment({ docs: [], titleLengths: [], bodyLengths: [], signatures: new Uint32Array(0), words: { ...none, values: new Uint32Array(0) }, grams: none });
  return empty;
}
