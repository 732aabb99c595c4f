import type { Article } from '../corpus/article';
import type { PostingLists } from './posting-lists';
import { SearchIndex } from './search-index';
import { encodeSegment } from './segment-format';
import { SegmentPart, storedInMemory } from './segment-part';

/** One segment of an index in the form it is written to and read from disk; documents numbered from 0. */
export interface IndexData {
  docs: Article[];
  titleLengths: number[];
  bodyLengths: number[];
  /** Near-duplicate signature of each document, two words each (`[0, 0]`: none). */
  signatures: Uint32Array;
  /** Word postings (BM25); `values` holds the packed `titleTf * 65536 + bodyTf` of each. */
  words: PostingLists;
  /** Unigram and bigram postings: the candidates of the FlexSearch gram index. */
  grams: PostingLists;
}

/** One segment as loaded: its data and its tombstones. */
export interface LoadedSegment {
  data: IndexData;
  /** Segment-local numbers of deleted documents. */
  deletedDocs: readonly number[];
}

/** Serves in-memory segment data as an index (tests, and indexes built in this process). */
export function indexFromData(data: IndexData): SearchIndex {
  return indexFromSegments([{ data, deletedDocs: [] }]);
}

/**
 * The document numbers segments get when they are joined: segment by segment, their live
 * documents numbered consecutively, each deleted one `-1` (what a merge keeps of them).
 *
 * @example segmentNumbering([{ documents: 3, deletedDocs: [1] }, { documents: 1, deletedDocs: [] }]) // [[0, -1, 1], [2]]
 */
export function segmentNumbering(segments: ReadonlyArray<{ documents: number; deletedDocs: readonly number[] }>): Int32Array[] {
  let next = 0;
  return segments.map(({ documents, deletedDocs }) => {
    const numbers = new Int32Array(documents);
    const deleted = new Set(deletedDocs);
    for (let doc = 0; doc < documents; doc++) numbers[doc] = deleted.has(doc) ? -1 : next++;
    return numbers;
  });
}

/** A segment's data in the form a search reads it (its files encoded in memory). */
function segmentPartOf(data: IndexData): SegmentPart {
  const files = encodeSegment(data);
  return new SegmentPart(files.segment, files.texts, storedInMemory(files.docs));
}

/**
 * Serves segments as one index, in order, with their tombstones: documents and scores are
 * those of one index over the live documents, whatever the segments (document frequencies
 * count live documents only). A document whose id a later segment holds again is replaced by it.
 *
 * @example indexFromSegments([{ data: a, deletedDocs: [] }, { data: b, deletedDocs: [3] }]).size
 */
export function indexFromSegments(segments: readonly LoadedSegment[]): SearchIndex {
  const index = new SearchIndex();
  for (const { data, deletedDocs } of segments) index.addSegment(segmentPartOf(data), deletedDocs);
  return index;
}
