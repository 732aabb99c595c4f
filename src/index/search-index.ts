import { alignsWithNormalized } from '../analysis';
import type { Article } from '../corpus/article';
import { JiansuoError } from '../errors';
import { analyzeDocument } from './analyze-document';
import { FacetSets } from './facet-sets';
import { Growable, UintColumn, type UintArray } from './growable';
import type { IndexPart } from './index-part';
import { MemoryPart } from './memory-part';
import { dateMillis, FacetNumbering, facetValuesOf, type FacetValue } from './segment-format';
import type { SegmentPart } from './segment-part';

export type { Posting } from './index-part';

/**
 * Facet values of every document as small integers, so that counting 20,000 matches is a loop
 * over one typed array: document d holds the set `setOf[d]` (see {@link FacetSets}), whose
 * values are `values[sets[setOf[d]][0]], …`.
 */
export interface FacetColumns {
  values: FacetValue[];
  setOf: UintArray;
  sets: ReadonlyArray<readonly number[]>;
  /** How many live documents hold each set, kept up to date by every write. */
  live: readonly number[];
}

/** Entries of the live document frequency cache before it is cleared. */
const MAX_CACHED_FREQUENCIES = 20_000;
/**
 * The served index: a sequence of parts — segments read from disk, then the documents
 * written since, in memory — whose documents are numbered one after the other. Per-document
 * columns (ids, dates, field lengths, facet values, tombstones) are kept for the whole index;
 * texts, postings and stored articles stay in their part. A replaced document gets a new
 * number; the old one is a tombstone.
 */
export class SearchIndex {
  /** Ids written (put or deleted) through the API: a new generation of the corpus leaves them as written. */
  readonly written = new Set<string>();
  private readonly parts: IndexPart[] = [];
  private readonly bases: number[] = [];
  private readonly partOf = new Growable(Uint16Array);
  private readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  private readonly dates = new Growable(Float64Array);
  private readonly titleLengths = new UintColumn();
  private readonly bodyLengths = new UintColumn();
  private readonly deletedBits = new Growable(Uint8Array);
  private readonly liveInPart: number[] = [];
  private readonly facetNumbering = new FacetNumbering();
  private readonly facetSets = new FacetSets();
  private readonly facetSetOf = new UintColumn();
  /** Per document, lazily: bit 1 title aligned, bit 2 body aligned, bit 4 known (see `alignment`). */
  private readonly alignments = new Growable(Uint8Array);
  /** Per document its near-duplicate signature, two words (`[0, 0]`: none). */
  private readonly signatureWords = new Growable(Uint32Array);
  private frequencies = new Map<string, number>();
  private frequencyVersion = 0;
  private changes = 0;
  private titleLengthSum = 0;
  private bodyLengthSum = 0;

  /** Number of documents that can be found (deleted ones excluded). */
  get size(): number {
    return this.byId.size;
  }

  /** Document numbers in use, deleted ones included: every number is below it. */
  get documentCount(): number {
    return this.ids.length;
  }

  /** Number of deleted (tombstoned) documents. */
  get deletedCount(): number {
    return this.ids.length - this.byId.size;
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
    const deleted = this.deletedBits.array;
    for (let doc = 0; doc < this.ids.length; doc++) if (deleted[doc] === 0) yield doc;
  }

  isDeleted(doc: number): boolean {
    return this.deletedBits.array[doc] !== 0;
  }

  id(doc: number): string {
    return this.ids[doc];
  }

  /** The stored article of a document number (read from its segment's file when on disk). */
  article(doc: number): Article {
    const p = this.partOf.array[doc];
    return this.parts[p].article(doc - this.bases[p]);
  }

  /** A document's date in milliseconds since the epoch, `NaN` when it has none. */
  date(doc: number): number {
    return this.dates.array[doc];
  }

  titleLength(doc: number): number {
    return this.titleLengths.array[doc];
  }

  bodyLength(doc: number): number {
    return this.bodyLengths.array[doc];
  }

  /** Title and body lengths (in words) of every document, by number; views valid until the next write. */
  fieldLengths(): { title: UintArray; body: UintArray } {
    return { title: this.titleLengths.array, body: this.bodyLengths.array };
  }

  normTitle(doc: number): string {
    const p = this.partOf.array[doc];
    return this.parts[p].normTitle(doc - this.bases[p]);
  }

  /** Whether the normalised title holds `text` (see {@link IndexPart.titleIncludes}). */
  titleIncludes(doc: number, text: string): boolean {
    const p = this.partOf.array[doc];
    return this.parts[p].titleIncludes(doc - this.bases[p], text);
  }

  normBody(doc: number): string {
    const p = this.partOf.array[doc];
    return this.parts[p].normBody(doc - this.bases[p]);
  }

  /** Near-duplicate signatures of every document, two words each; a view valid until the next write. */
  signatures(): Uint32Array {
    return this.signatureWords.array;
  }

  /** Facet values of every document (see {@link FacetColumns}); views valid until the next write. */
  facets(): FacetColumns {
    return { values: this.facetNumbering.values, setOf: this.facetSetOf.array, sets: this.facetSets.members, live: this.facetSets.live };
  }

  /** The id a facet value has in {@link FacetColumns}, or `undefined` when no document has it. */
  facetId(kind: FacetValue[0], name: string): number | undefined {
    return this.facetNumbering.find(kind, name);
  }

  /**
   * Calls `visit` for each part that still holds a live document, in document order, with the
   * number of its first document: searches run part by part on the part's own postings.
   */
  forEachPart(visit: (part: IndexPart, base: number) => void): void {
    this.parts.forEach((part, p) => {
      if (this.liveInPart[p] > 0) visit(part, this.bases[p]);
    });
  }

  /** Live documents containing `word`: the document frequency of an index of the live documents alone. */
  wordFrequency(word: string): number {
    if (this.frequencyVersion !== this.changes || this.frequencies.size > MAX_CACHED_FREQUENCIES) {
      this.frequencies = new Map();
      this.frequencyVersion = this.changes;
    }
    let df = this.frequencies.get(word);
    if (df === undefined) {
      let live = 0;
      this.forEachPart((part, base) => {
        const posting = part.wordPosting(word);
        if (posting) live += this.liveAmong(base, posting.docs);
      });
      df = live;
      this.frequencies.set(word, df);
    }
    return df;
  }

  /** How many of `docs` (numbers within the part that starts at `base`) are live. */
  private liveAmong(base: number, docs: ArrayLike<number>): number {
    const p = this.partOf.array[base];
    if (this.liveInPart[p] === this.parts[p].documents) return docs.length;
    const deleted = this.deletedBits.array;
    let live = 0;
    for (let i = 0; i < docs.length; i++) if (deleted[base + docs[i]] === 0) live++;
    return live;
  }

  /**
   * What a search box completes a prefix to: the words starting with it, with the number of
   * live documents holding each, and the normalised titles starting with it,
   * with the live documents holding each and one of them. Each part answers from its own sorted
   * keys, so nothing is rebuilt when the index changes.
   */
  completions(prefix: string): { words: Map<string, number>; titles: Map<string, { count: number; doc: number }> } {
    const words = new Map<string, number>();
    const titles = new Map<string, { count: number; doc: number }>();
    const deleted = this.deletedBits.array;
    this.forEachPart((part, base) => {
      const whole = this.liveInPart[this.partOf.array[base]] === part.documents;
      for (const [word, count] of part.wordsWithPrefix(prefix)) {
        const live = whole ? count : this.liveAmong(base, part.wordPosting(word)!.docs);
        if (live > 0) words.set(word, (words.get(word) ?? 0) + live);
      }
      for (const local of part.titlesWithPrefix(prefix)) {
        const doc = base + local;
        if (deleted[doc] !== 0) continue;
        const key = part.normTitle(local);
        const title = titles.get(key);
        if (title) title.count++;
        else titles.set(key, { count: 1, doc });
      }
    });
    return { words, titles };
  }

  /**
   * Numbers the next document of part `p`, live (replacing a live document with its id) or a
   * tombstone from the start; the caller gives it its facet set.
   */
  private appendDocument(p: number, id: string, date: number, titleLength: number, bodyLength: number, live = true): number {
    const doc = this.ids.length;
    if (live) this.remove(id);
    this.ids.push(id);
    this.partOf.push(p);
    this.dates.push(date);
    this.titleLengths.push(titleLength);
    this.bodyLengths.push(bodyLength);
    this.deletedBits.push(live ? 0 : 1);
    this.alignments.push(0);
    this.changes++;
    if (live) {
      this.byId.set(id, doc);
      this.titleLengthSum += titleLength;
      this.bodyLengthSum += bodyLength;
      this.liveInPart[p]++;
    }
    return doc;
  }

  private addPart(part: IndexPart): number {
    if (this.parts.length === 0xffff) throw new JiansuoError('index_damaged', 'an index cannot hold more than 65,535 parts; run `npm run index` to merge them');
    this.parts.push(part);
    this.bases.push(this.ids.length);
    this.liveInPart.push(0);
    return this.parts.length - 1;
  }

  /**
   * Appends a segment read from disk: its documents get the next numbers, those of
   * `deletedDocs` (segment-local numbers) are tombstones from the start, and any other whose
   * id is already served replaces it. Returns the number of its first document.
   */
  addSegment(segment: SegmentPart, deletedDocs: Iterable<number> = []): number {
    const p = this.addPart(segment);
    const base = this.bases[p];
    const { ids, dates, titleLengths, bodyLengths, facetValues, facetRefs, facetStarts, signatures } = segment.columns;
    const globalFacet = facetValues.map((value) => this.facetNumbering.idOf(value));
    const deleted = new Set(deletedDocs);
    for (let doc = 0; doc < segment.documents; doc++) {
      this.appendDocument(p, ids[doc], dates[doc], titleLengths[doc], bodyLengths[doc], !deleted.has(doc));
      const values: number[] = [];
      for (let r = facetStarts[doc]; r < facetStarts[doc + 1]; r++) values.push(globalFacet[facetRefs[r]]);
      this.addFacetSet(base + doc, this.facetSets.numberOf(values));
      this.signatureWords.push(signatures[2 * doc]);
      this.signatureWords.push(signatures[2 * doc + 1]);
    }
    if (this.liveInPart[p] === 0) segment.release();
    return base;
  }

  /** Adds or replaces one article, visible to the next search. */
  upsert(article: Article): number {
    const analyzed = analyzeDocument(article);
    let p = this.parts.length - 1;
    if (p < 0 || !(this.parts[p] instanceof MemoryPart)) p = this.addPart(new MemoryPart());
    (this.parts[p] as MemoryPart).add(article, analyzed);
    const doc = this.appendDocument(p, article.id, dateMillis(article.date), analyzed.titleLength, analyzed.bodyLength);
    this.addFacetSet(doc, this.facetSets.numberOf(facetValuesOf(article).map((value) => this.facetNumbering.idOf(value))));
    for (const word of analyzed.signature) this.signatureWords.push(word);
    return doc;
  }

  /** Gives `doc`, the last document appended, its facet set, counted when the document is live. */
  private addFacetSet(doc: number, set: number): void {
    this.facetSetOf.push(set);
    if (this.deletedBits.array[doc] === 0) this.facetSets.count(set, 1);
  }

  /** Deletes an article by id; returns whether it existed. Its postings stay as a tombstone. */
  remove(id: string): boolean {
    const doc = this.byId.get(id);
    if (doc === undefined) return false;
    this.removeNumber(doc);
    return true;
  }

  /** Tombstones a document number (nothing when it is one already); a part left without live documents lets go of its data. */
  removeNumber(doc: number): void {
    if (this.deletedBits.array[doc] !== 0) return;
    this.deletedBits.array[doc] = 1;
    if (this.byId.get(this.ids[doc]) === doc) this.byId.delete(this.ids[doc]);
    this.changes++;
    this.titleLengthSum -= this.titleLengths.array[doc];
    this.bodyLengthSum -= this.bodyLengths.array[doc];
    this.facetSets.count(this.facetSetOf.array[doc], -1);
    const p = this.partOf.array[doc];
    if (--this.liveInPart[p] === 0 && this.bases[p] + this.parts[p].documents <= this.ids.length) this.parts[p].release();
  }

  /**
   * Whether the stored normalised title and body align unit by unit with the originals
   * (computed once per document): highlights then need no offset map.
   */
  alignment(doc: number, article: Article = this.article(doc)): { title: boolean; body: boolean } {
    let bits = this.alignments.array[doc];
    if (bits === 0) {
      bits = 4 | (alignsWithNormalized(article.title, this.normTitle(doc)) ? 1 : 0) | (alignsWithNormalized(article.text, this.normBody(doc)) ? 2 : 0);
      this.alignments.array[doc] = bits;
    }
    return { title: (bits & 1) !== 0, body: (bits & 2) !== 0 };
  }

  /** Article by id, or a `not_found` error naming it. */
  get(id: string): Article {
    const doc = this.byId.get(id);
    if (doc === undefined) throw new JiansuoError('not_found', `no document with id "${id}"`);
    return this.article(doc);
  }
}
