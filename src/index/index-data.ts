import type { Article } from '../corpus/article';
import { normalize } from '../analysis';
import { SearchIndex, compactGrams, createGramIndex } from './search-index';

/**
 * An index in the form it is written to and read from disk. The gram index is kept in
 * FlexSearch's own export format (`[key, json]` chunks), so loading is FlexSearch's `import`.
 */
export interface IndexData {
  docs: Article[];
  titleLengths: number[];
  bodyLengths: number[];
  /** Word postings in CSR form: the postings of `words[i]` are `[offsets[i], offsets[i+1])`. */
  words: string[];
  offsets: Uint32Array;
  postingDocs: Uint32Array;
  postingTfs: Uint32Array;
  gramChunks: Array<[string, string]>;
}

/** One segment as loaded: its data (documents numbered from 0) and its tombstones. */
export interface LoadedSegment {
  data: IndexData;
  /** Segment-local numbers of deleted documents. */
  deletedDocs: readonly number[];
}

/** FlexSearch's export entry of one gram at resolution 1: `[gram, [ids]]`. */
type GramEntry = [string, [ArrayLike<number>]];

/**
 * Rebuilds the in-memory index from its persisted form. Text is normalised again (cheap, and
 * the analyzer version in the manifest guarantees the same result); nothing is re-segmented.
 */
export function indexFromData(data: IndexData): SearchIndex {
  return indexFromSegments([{ data, deletedDocs: [] }]);
}

/**
 * Joins segments into one searchable index: segment k's documents are numbered after those of
 * segments 0…k-1. Deleted documents, and documents replaced by a later segment (same id), stay
 * as tombstones in the gram postings but leave the word postings, so document frequencies —
 * and with them every BM25 score — are those of one index over the live documents, whatever
 * the segments.
 *
 * @example indexFromSegments([{ data: a, deletedDocs: [] }, { data: b, deletedDocs: [3] }]).size
 */
export function indexFromSegments(segments: readonly LoadedSegment[]): SearchIndex {
  const grams = createGramIndex();
  const index = new SearchIndex(grams);
  const noWords = new Map<string, number>();
  const bases: number[] = [];
  for (const { data, deletedDocs } of segments) {
    const base = index.docs.length;
    bases.push(base);
    data.docs.forEach((article, doc) => {
      index.appendAnalyzed(article, {
        normTitle: normalize(article.title),
        normBody: normalize(article.text),
        words: noWords,
        titleLength: data.titleLengths[doc],
        bodyLength: data.bodyLengths[doc],
      });
    });
    for (const doc of deletedDocs) {
      if (index.docNumber(data.docs[doc].id) === base + doc) index.remove(data.docs[doc].id);
    }
  }
  joinWordPostings(index, segments, bases);
  joinGramPostings(index, segments, bases);
  compactGrams(grams);
  return index;
}

function joinWordPostings(index: SearchIndex, segments: readonly LoadedSegment[], bases: number[]): void {
  const { deleted } = index;
  if (segments.length === 1 && deleted.size === 0) {
    const { words, offsets, postingDocs, postingTfs } = segments[0].data;
    for (let w = 0; w < words.length; w++) {
      index.words.set(words[w], { docs: postingDocs.subarray(offsets[w], offsets[w + 1]), tfs: postingTfs.subarray(offsets[w], offsets[w + 1]) });
    }
    return;
  }
  // Word → [segment, word number] of each segment holding it, in segment order.
  const parts = new Map<string, Array<[number, number]>>();
  segments.forEach(({ data }, s) => {
    data.words.forEach((word, w) => {
      const list = parts.get(word);
      if (list) list.push([s, w]);
      else parts.set(word, [[s, w]]);
    });
  });
  const docs: number[] = [];
  const tfs: number[] = [];
  for (const [word, list] of parts) {
    docs.length = 0;
    tfs.length = 0;
    for (const [s, w] of list) {
      const { offsets, postingDocs, postingTfs } = segments[s].data;
      for (let p = offsets[w]; p < offsets[w + 1]; p++) {
        const doc = bases[s] + postingDocs[p];
        if (deleted.has(doc)) continue;
        docs.push(doc);
        tfs.push(postingTfs[p]);
      }
    }
    if (docs.length > 0) index.words.set(word, { docs: Uint32Array.from(docs), tfs: Uint32Array.from(tfs) });
  }
}

function joinGramPostings(index: SearchIndex, segments: readonly LoadedSegment[], bases: number[]): void {
  const { grams } = index;
  grams.import('reg', Array.from({ length: index.docs.length }, (_, i) => i) as unknown as string);
  if (segments.length === 1) {
    for (const [key, json] of segments[0].data.gramChunks) if (key !== 'reg') grams.import(key, json);
    return;
  }
  // A gram's postings are the segments' postings shifted by each segment's first number, in
  // segment order, so they stay ascending.
  const parts = new Map<string, number[][]>();
  segments.forEach(({ data }, s) => {
    for (const [key, json] of data.gramChunks) {
      if (key === 'reg') continue;
      for (const [gram, [ids]] of JSON.parse(json) as GramEntry[]) {
        const shifted = Array.from(ids, (id) => id + bases[s]);
        const list = parts.get(gram);
        if (list) list.push(shifted);
        else parts.set(gram, [shifted]);
      }
    }
  });
  const entries: GramEntry[] = [];
  for (const [gram, lists] of parts) entries.push([gram, [lists.length === 1 ? lists[0] : lists.flat()]]);
  grams.import('map', entries as unknown as string);
}
