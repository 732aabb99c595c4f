import { Encoder, Index } from 'flexsearch';
import { alignsWithNormalized } from '../analysis';
import type { Article } from '../corpus/article';
import { JiansuoError } from '../errors';
import { analyzeDocument, type AnalyzedDocument } from './analyze-document';
import { GramPostings } from './gram-postings';

/** Separates grams in the strings handed to FlexSearch; normalisation removes it from all text. */
export const GRAM_SEPARATOR = '\u0000';

/** Documents containing one word, ascending, with packed `titleTf * 65536 + bodyTf` frequencies. */
export interface Posting {
  docs: ArrayLike<number> & Iterable<number>;
  tfs: ArrayLike<number> & Iterable<number>;
}

/**
 * The FlexSearch index of grams: its keys are unigrams and bigrams, its ids document numbers.
 * The encoder only splits on the separator: the grams are already normalised, and FlexSearch's
 * own normalisation (dedupe of repeated letters, numeric triplets) would change them.
 */
export function createGramIndex(): Index {
  const encoder = new Encoder({
    normalize: false,
    dedupe: false,
    numeric: false,
    split: GRAM_SEPARATOR,
    cache: false,
    minlength: 1,
    maxlength: 4,
  });
  return new Index({ tokenize: 'strict', resolution: 1, encoder, fastupdate: false, cache: false });
}

function dateMillis(date: string | null): number {
  return date === null ? Number.NaN : Date.parse(date);
}

/**
 * FlexSearch's term map (`Index.map`, the structure its export/import format mirrors): term →
 * resolution slots of ids; at resolution 1, one slot.
 */
type GramSlots = Map<string, Array<ArrayLike<number>>>;

function gramSlots(grams: Index): GramSlots {
  return (grams as unknown as { map: GramSlots }).map;
}

/**
 * The in-memory index: stored articles, their normalised text (for verification), the
 * FlexSearch gram index (candidates), word postings (BM25) and tombstones for deleted documents.
 * Documents are numbered in insertion order; a replaced document gets a new number.
 */
export class SearchIndex {
  readonly docs: Article[] = [];
  readonly normTitles: string[] = [];
  readonly normBodies: string[] = [];
  readonly dates: number[] = [];
  readonly titleLengths: number[] = [];
  readonly bodyLengths: number[] = [];
  readonly words = new Map<string, Posting>();
  readonly deleted = new Set<number>();
  /** Ids written (put or deleted) through the API: a new generation of the corpus leaves them as written. */
  readonly written = new Set<string>();
  readonly grams: Index;
  private readonly byId = new Map<string, number>();
  /** Per document, lazily: bit 1 title aligned, bit 2 body aligned, bit 4 known (see `alignment`). */
  private alignments = new Uint8Array(0);
  private changes = 0;
  private titleLengthSum = 0;
  private bodyLengthSum = 0;

  constructor(grams: Index = createGramIndex()) {
    this.grams = grams;
  }

  /** Number of documents that can be found (deleted ones excluded). */
  get size(): number {
    return this.byId.size;
  }

  get averageTitleLength(): number {
    return this.size === 0 ? 0 : this.titleLengthSum / this.size;
  }

  get averageBodyLength(): number {
    return this.size === 0 ? 0 : this.bodyLengthSum / this.size;
  }

  /** Grows with every write: lets caches built from the index know they are out of date. */
  get generation(): number {
    return this.changes;
  }

  /** Document number of a live article, or `undefined`. */
  docNumber(id: string): number | undefined {
    return this.byId.get(id);
  }

  /** Every live document number, ascending. */
  *liveDocs(): IterableIterator<number> {
    for (let doc = 0; doc < this.docs.length; doc++) if (!this.deleted.has(doc)) yield doc;
  }

  /**
   * Appends an analysed article without touching the gram index: used by bulk builds and by
   * loading, which fill FlexSearch in one import instead of one `add` per document.
   */
  appendAnalyzed(article: Article, analyzed: AnalyzedDocument): number {
    const previous = this.byId.get(article.id);
    if (previous !== undefined) this.remove(article.id);
    const doc = this.docs.length;
    this.docs.push(article);
    this.normTitles.push(analyzed.normTitle);
    this.normBodies.push(analyzed.normBody);
    this.dates.push(dateMillis(article.date));
    this.titleLengths.push(analyzed.titleLength);
    this.bodyLengths.push(analyzed.bodyLength);
    this.titleLengthSum += analyzed.titleLength;
    this.bodyLengthSum += analyzed.bodyLength;
    this.byId.set(article.id, doc);
    this.changes++;
    for (const [word, tf] of analyzed.words) this.appendPosting(word, doc, tf);
    return doc;
  }

  /** Adds or replaces one article, visible to the next search. */
  upsert(article: Article): number {
    const analyzed = analyzeDocument(article);
    const doc = this.appendAnalyzed(article, analyzed);
    const postings = new GramPostings();
    postings.add(doc, [analyzed.normTitle, analyzed.normBody]);
    const grams = postings.lists().keys;
    // FlexSearch appends with `push`: give back array form to the compacted postings it will grow.
    const slotsOf = gramSlots(this.grams);
    for (const gram of grams) {
      const slots = slotsOf.get(gram);
      if (slots && slots[0] && !Array.isArray(slots[0])) slots[0] = Array.from(slots[0]);
    }
    this.grams.add(doc, grams.join(GRAM_SEPARATOR));
    return doc;
  }

  /** Deletes an article by id; returns whether it existed. Its postings stay as a tombstone. */
  remove(id: string): boolean {
    const doc = this.byId.get(id);
    if (doc === undefined) return false;
    this.byId.delete(id);
    this.deleted.add(doc);
    this.changes++;
    this.titleLengthSum -= this.titleLengths[doc];
    this.bodyLengthSum -= this.bodyLengths[doc];
    return true;
  }

  private appendPosting(word: string, doc: number, tf: number): void {
    let posting = this.words.get(word);
    if (!posting) {
      posting = { docs: [], tfs: [] };
      this.words.set(word, posting);
    } else if (!Array.isArray(posting.docs)) {
      // Loaded postings are typed arrays; the first write to a word makes it growable.
      posting = { docs: Array.from(posting.docs), tfs: Array.from(posting.tfs) };
      this.words.set(word, posting);
    }
    (posting.docs as number[]).push(doc);
    (posting.tfs as number[]).push(tf);
  }

  /**
   * Whether the stored normalised title and body align unit by unit with the originals
   * (computed once per document): highlights then need no offset map.
   */
  alignment(doc: number): { title: boolean; body: boolean } {
    if (this.alignments.length < this.docs.length) {
      const grown = new Uint8Array(this.docs.length * 2);
      grown.set(this.alignments);
      this.alignments = grown;
    }
    let bits = this.alignments[doc];
    if (bits === 0) {
      const article = this.docs[doc];
      bits = 4 | (alignsWithNormalized(article.title, this.normTitles[doc]) ? 1 : 0) | (alignsWithNormalized(article.text, this.normBodies[doc]) ? 2 : 0);
      this.alignments[doc] = bits;
    }
    return { title: (bits & 1) !== 0, body: (bits & 2) !== 0 };
  }

  /** The stored article of a document number. */
  article(doc: number): Article {
    return this.docs[doc];
  }

  /** A document's date in milliseconds since the epoch, `NaN` when it has none. */
  date(doc: number): number {
    return this.dates[doc];
  }

  /** Article by id, or a `not_found` error naming it. */
  get(id: string): Article {
    const doc = this.byId.get(id);
    if (doc === undefined) throw new JiansuoError('not_found', `no document with id "${id}"`);
    return this.docs[doc];
  }
}
