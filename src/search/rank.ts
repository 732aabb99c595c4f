import { segmentNormalized } from '../analysis';
import { bodyTfOf, titleTfOf } from '../index/analyze-document';
import type { Posting, SearchIndex } from '../index/search-index';
import type { Term } from './query-parser';
import { lowerBound } from './sorted';

/** Ranking knobs (SPEC §4); the defaults were tuned on known-item queries (README). */
export interface RankOptions {
  /** BM25 term-frequency saturation. */
  k1: number;
  /** BM25 length normalisation of the body. */
  b: number;
  /** BM25 length normalisation of the title: a headline that is mostly the query words is the one wanted. */
  titleB: number;
  /** Weight of the title's BM25 relative to the body's. */
  titleWeight: number;
  /** Largest bonus for the query's terms standing together (added to the BM25 score). */
  proximityWeight: number;
  /** Added when the title holds every term of a query of several terms. */
  fullTitleBonus: number;
  /** How many top documents get the proximity bonus (a rescore window, as in Elasticsearch). */
  rescoreWindow: number;
}

export const defaultRankOptions: RankOptions = {
  k1: 1.2,
  b: 0.75,
  titleB: 0.75,
  titleWeight: 4,
  proximityWeight: 2,
  fullTitleBonus: 20,
  rescoreWindow: 100,
};

/** A term's contribution: BM25 over its jieba words, or over the term itself when it is no word. */
export interface ScoredTerm {
  term: Term;
  /** The jieba search-mode words of the term that the index knows. */
  words: string[];
  /** Documents containing the term (the fallback's postings). */
  docs: number[];
}

function idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** The term's search-mode words that occur in the index, deduplicated. */
export function scoringWords(index: SearchIndex, term: Term): string[] {
  const words = new Set<string>();
  for (const token of segmentNormalized(term.norm)) {
    // A word whose documents are all deleted counts as absent, as in an index of the live documents.
    if (index.wordFrequency(token.word) > 0) words.add(token.word);
  }
  return [...words];
}

/** BM25 barely tells 8 occurrences from more; stopping there saves scanning long texts. */
const MAX_COUNTED = 8;

function countOccurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at >= 0 && count < MAX_COUNTED; at = text.indexOf(term, at + term.length)) count++;
  return count;
}

/**
 * BM25 scores of the matched documents: per field, the title weighted above the body.
 * Returns scores aligned with `matched`.
 */
export function bm25(index: SearchIndex, matched: number[], terms: ScoredTerm[], options: RankOptions): Float64Array {
  const scores = new Float64Array(matched.length);
  if (matched.length === 0) return scores;
  const n = index.size;
  const avgTitle = index.averageTitleLength || 1;
  const avgBody = index.averageBodyLength || 1;
  const slot = slotTable(index.documentCount);
  matched.forEach((doc, i) => (slot[doc] = i));
  // Each field saturates on its own (BM25 per field, summed with a title boost): a word in
  // the title then counts fully whatever the body holds, which is what finds the article a
  // reader has in mind from its headline.
  const saturate = (tf: number, length: number, average: number, b: number): number => {
    if (tf === 0) return 0;
    const norm = 1 - b + (b * length) / average;
    return (tf * (options.k1 + 1)) / (tf + options.k1 * norm);
  };
  const add = (doc: number, weight: number, titleTf: number, bodyTf: number): void => {
    const i = slot[doc];
    if (i < 0) return;
    scores[i] +=
      weight *
      (options.titleWeight * saturate(titleTf, index.titleLength(doc), avgTitle, options.titleB) +
        saturate(bodyTf, index.bodyLength(doc), avgBody, options.b));
  };
  for (const { term, words, docs } of terms) {
    if (words.length === 0) {
      // Not a word jieba knows (`600837`, `券商抗`): count the term itself.
      const weight = idf(n, docs.length);
      for (const doc of docs) {
        const bodyTf = term.field === 'title' ? 0 : countOccurrences(index.normBody(doc), term.norm);
        add(doc, weight, countOccurrences(index.normTitle(doc), term.norm), bodyTf);
      }
      continue;
    }
    for (const word of words) {
      const weight = idf(n, index.wordFrequency(word)) / words.length;
      let from = 0;
      index.forEachPart((part, base) => {
        // The matched documents of this part: a range of the ascending list.
        from = lowerBound(matched, base, from);
        const to = lowerBound(matched, base + part.documents, from);
        const posting = part.wordPosting(word);
        if (posting && to > from) walkPosting(posting, matched, from, to, base, (doc, tf) => add(doc, weight, titleTfOf(tf), term.field === 'title' ? 0 : bodyTfOf(tf)));
        from = to;
      });
    }
  }
  for (const doc of matched) slot[doc] = -1;
  return scores;
}

/** Document → position in the matched list; -1 elsewhere. Reused across searches (no garbage). */
let slots = new Int32Array(0);

function slotTable(size: number): Int32Array {
  if (slots.length < size) slots = new Int32Array(size * 2).fill(-1);
  return slots;
}

/**
 * Calls `visit` for each document of `matched[from … to - 1]` in a part's posting (numbered
 * from `base`), walking whichever list is shorter.
 */
function walkPosting(posting: Posting, matched: number[], from: number, to: number, base: number, visit: (doc: number, tf: number) => void): void {
  const { docs, tfs } = posting;
  if (docs.length <= (to - from) * 8) {
    for (let k = 0; k < docs.length; k++) visit(base + docs[k], tfs[k]);
    return;
  }
  let lo = 0;
  for (let i = from; i < to; i++) {
    const local = matched[i] - base;
    lo = lowerBound(docs, local, lo);
    if (lo === docs.length) break;
    if (docs[lo] === local) visit(matched[i], tfs[lo]);
  }
}

/**
 * How close the query's terms stand in a text: 1 when they are adjacent, falling towards 0
 * as the shortest stretch holding one occurrence of each grows. `terms` are alternatives per
 * group (an OR group counts when any of its terms occurs).
 */
export function proximity(text: string, groups: string[][]): number {
  const events: Array<[number, number, number]> = [];
  let needed = 0;
  groups.forEach((alternatives, g) => {
    let any = false;
    for (const term of alternatives) {
      for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
        events.push([at, at + term.length, g]);
        any = true;
      }
    }
    if (any) needed++;
  });
  if (needed < 2 || needed < groups.length) return 0;
  events.sort((x, y) => x[0] - y[0]);
  const counts = new Array<number>(groups.length).fill(0);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (let right = 0; right < events.length; right++) {
    if (counts[events[right][2]]++ === 0) covered++;
    while (covered === groups.length) {
      // The right event starts last; an earlier, longer term may end later still.
      const end = Math.max(events[right][1], events[left][1]);
      best = Math.min(best, end - events[left][0]);
      if (--counts[events[left][2]] === 0) covered--;
      left++;
    }
  }
  const minimal = groups.reduce((sum, alternatives) => sum + Math.min(...alternatives.map((t) => t.length)), 0);
  return best === Infinity ? 0 : Math.min(1, minimal / best);
}

/**
 * The `k` best of `items` by `compare` (best first), without sorting all of them: a
 * 20,000-document match needs only its first page ordered.
 */
export function topK<T>(items: T[], k: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= k * 4) return [...items].sort(compare).slice(0, k);
  // A max-heap on "worst first" keeps the k best seen so far.
  const heap: T[] = [];
  const worse = (a: T, b: T): boolean => compare(a, b) > 0;
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && worse(heap[left], heap[largest])) largest = left;
      if (right < heap.length && worse(heap[right], heap[largest])) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest], heap[i]];
      i = largest;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      siftUp(heap.length - 1);
    } else if (k > 0 && compare(item, heap[0]) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
}
