import type { Article } from '../corpus/article';
import { normalize } from '../analysis';
import { joinPostingLists, postingsOf, type PostingLists } from './posting-lists';
import { SearchIndex, createGramIndex } from './search-index';

/** One segment of an index in the form it is written to and read from disk; documents numbered from 0. */
export interface IndexData {
  docs: Article[];
  titleLengths: number[];
  bodyLengths: number[];
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

/** Postings shorter than this become JS arrays: a typed array view's own overhead would outweigh its savings. */
const VIEW_MIN_LENGTH = 16;

/**
 * Rebuilds the in-memory index from its persisted form. Text is normalised again (cheap, and
 * the analyzer version in the manifest guarantees the same result); nothing is re-segmented.
 */
export function indexFromData(data: IndexData): SearchIndex {
  return indexFromSegments([{ data, deletedDocs: [] }]);
}

/**
 * The document numbers segments get when they are joined: segment by segment, their live
 * documents numbered consecutively, each deleted one `-1`.
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

/**
 * Joins segments into one searchable index of their live documents, numbered as
 * {@link segmentNumbering} says: deleted documents are left out entirely, so document
 * frequencies — and with them every BM25 score — are those of one index over the live
 * documents, whatever the segments. (A document whose id a later segment holds again is
 * replaced by it, and leaves the postings too.)
 *
 * @example indexFromSegments([{ data: a, deletedDocs: [] }, { data: b, deletedDocs: [3] }]).size
 */
export function indexFromSegments(segments: readonly LoadedSegment[]): SearchIndex {
  const grams = createGramIndex();
  const index = new SearchIndex(grams);
  const noWords = new Map<string, number>();
  const numberings = segmentNumbering(segments.map(({ data, deletedDocs }) => ({ documents: data.docs.length, deletedDocs })));
  segments.forEach(({ data }, s) => {
    data.docs.forEach((article, doc) => {
      if (numberings[s][doc] < 0) return;
      index.appendAnalyzed(article, {
        normTitle: normalize(article.title),
        normBody: normalize(article.text),
        words: noWords,
        titleLength: data.titleLengths[doc],
        bodyLength: data.bodyLengths[doc],
      });
    });
  });
  const { deleted } = index;
  const untouched = segments.length === 1 && segments[0].deletedDocs.length === 0;
  const join = (lists: PostingLists[]): PostingLists =>
    untouched ? lists[0] : joinPostingLists(lists, numberings, deleted.size === 0 ? undefined : (doc) => deleted.has(doc));
  const words = join(segments.map(({ data }) => data.words));
  words.keys.forEach((word, k) => {
    const { docs, values } = postingsOf(words, k);
    index.words.set(word, { docs, tfs: values! });
  });
  const gramLists = join(segments.map(({ data }) => data.grams));
  // FlexSearch's map entries at resolution 1: `[gram, [ids]]`, filled without a JSON round trip.
  const entries = gramLists.keys.map((gram, k) => {
    const { docs } = postingsOf(gramLists, k);
    return [gram, [docs.length < VIEW_MIN_LENGTH ? Array.from(docs) : docs]];
  });
  grams.import('map', entries as unknown as string);
  return index;
}
