import { segmentNormalized } from '../analysis';
import { bodyTfOf, titleTfOf } from '../index/analyze-document';
import type { UintArray } from '../index/growable';
import type { Posting, SearchIndex } from '../index/search-index';
import type { Term } from './query-parser';
import { titleMatches } from './match';
import { lowerBound, union, type DocList } from './sorted';

/** Ranking knobs; the defaults were tuned on known-item queries (README). */
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
  docs: DocList;
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

/**
 * The most a document whose title holds none of the terms' words can score: each word's body
 * part stays below its weight × (k1 + 1) (and a `title:` term's body does not count).
 * `undefined` when a term is no word (its counts are bounded otherwise) or synonyms weigh
 * terms differently.
 */
export function untitledCeiling(index: SearchIndex, terms: ScoredTerm[], options: RankOptions): number | undefined {
  let ceiling = 0;
  for (const { term, words } of terms) {
    if (words.length === 0 || term.synonymOf) return undefined;
    if (term.field === 'title') continue;
    for (const word of words) ceiling += (idf(index.size, index.wordFrequency(word)) / words.length) * (options.k1 + 1);
  }
  return ceiling;
}

/** BM25 barely tells 8 occurrences from more; stopping there saves scanning long texts. */
const MAX_COUNTED = 8;

function countOccurrences(text: string, term: string): number {
  let count = 0;
  for (let at = text.indexOf(term); at >= 0 && count < MAX_COUNTED; at = text.indexOf(term, at + term.length)) count++;
  return count;
}

/**
 * BM25 scores of matched documents, some of which may still be lower bounds: the body counts
 * of a term that is no word (its occurrences are counted in the text) are only counted for the
 * documents that could still reach the top. `headroom[i]` is how much `scores[i]` may still
 * grow; `settle(i)` counts what is missing and makes `scores[i]` exact.
 */
export interface BoundedScores {
  scores: Float64Array;
  headroom?: Float64Array;
  settle?: (i: number) => void;
}

/**
 * BM25 scores of the matched documents: per field, the title weighted above the body.
 * Returns scores aligned with `matched`.
 */
export function bm25(index: SearchIndex, matched: DocList, terms: ScoredTerm[], options: RankOptions): Float64Array {
  const { scores, headroom, settle } = bm25Bounded(index, matched, terms, options);
  if (settle && headroom) for (let i = 0; i < matched.length; i++) if (headroom[i] > 0) settle(i);
  return scores;
}

/** BM25's saturation of one field: `tf (k1 + 1) / (tf + k1 (1 - b + b length / average))`, as `tf · scale / (tf + bias + slope · length)`. */
interface Saturation {
  scale: number;
  bias: number;
  slope: number;
}

function saturation(options: RankOptions, b: number, average: number): Saturation {
  return { scale: options.k1 + 1, bias: options.k1 * (1 - b), slope: (options.k1 * b) / (average || 1) };
}

function saturate(tf: number, length: number, field: Saturation): number {
  return tf === 0 ? 0 : (tf * field.scale) / (tf + field.bias + field.slope * length);
}

/**
 * {@link bm25}, leaving the body counts of terms that are no word as bounds (see
 * {@link BoundedScores}): a term in 28,000 articles then costs a scan of their titles, and
 * of the bodies of those that can still make the first page.
 */
export function bm25Bounded(index: SearchIndex, matched: DocList, terms: ScoredTerm[], options: RankOptions): BoundedScores {
  const scores = new Float64Array(matched.length);
  if (matched.length === 0) return { scores };
  const n = index.size;
  const lengths = index.fieldLengths();
  // Each field saturates on its own (BM25 per field, summed with a title boost): a word in
  // the title then counts fully whatever the body holds, which is what finds the article a
  // reader has in mind from its headline.
  const title = saturation(options, options.titleB, index.averageTitleLength);
  const body = saturation(options, options.b, index.averageBodyLength);
  const counted: CountedLater[] = [];
  for (const { term, words, docs } of terms) {
    if (words.length === 0) {
      // Not a word jieba knows (`600837`, `券商抗`): count the term itself, bodies later.
      const weight = idf(n, docs.length);
      const inTitle = new Uint8Array(docs.length);
      const at = new Int32Array(docs.length);
      // The term's documents are an ascending part of the ascending matched ones; only the
      // titles that hold it (found through the title grams) are counted.
      const titled = titleMatches(index, term.norm, docs);
      let i = 0;
      let j = 0;
      docs.forEach((doc, k) => {
        while (matched[i] !== doc) i++;
        at[k] = i;
        if (titled[j] !== doc) return;
        j++;
        inTitle[k] = 1;
        scores[i] += weight * options.titleWeight * saturate(countOccurrences(index.normTitle(doc), term.norm), lengths.title[doc], title);
      });
      // A term in no document (pinyin as typed) leaves no body to count.
      if (term.field !== 'title' && docs.length > 0) counted.push({ term, docs, at, inTitle, weight });
      continue;
    }
    for (const word of words) {
      const weight = idf(n, index.wordFrequency(word)) / words.length;
      const titleOnly = term.field === 'title';
      let from = 0;
      index.forEachPart((part, base) => {
        // The matched documents of this part: a range of the ascending list.
        from = lowerBound(matched, base, from);
        const to = lowerBound(matched, base + part.documents, from);
        const posting = part.wordPosting(word);
        if (posting && to > from) addWord(scores, posting, matched, from, to, base, { weight, titleWeight: options.titleWeight, title, body, lengths, titleOnly });
        from = to;
      });
    }
  }
  if (counted.length === 0) return { scores };
  return bodiesLater(index, matched, scores, counted, (tf, doc) => saturate(tf, lengths.body[doc], body));
}

/**
 * A term that is no word, whose body counts are left for later: its documents, their
 * positions among the matched ones, whether each holds it in the title.
 */
interface CountedLater {
  term: Term;
  docs: DocList;
  at: Int32Array;
  inTitle: Uint8Array;
  weight: number;
}

/** What a body count left for later assumes of one document: the term is not there, at least once, or any number of times. */
const ABSENT = 0;
const ONCE = 1;
const UNKNOWN = 2;

/**
 * The bounds of {@link BoundedScores} for the body counts of `counted` terms: a document
 * holding the term holds it at least once in its title or body, and at most
 * {@link MAX_COUNTED} times counted.
 */
function bodiesLater(
  index: SearchIndex,
  matched: DocList,
  scores: Float64Array,
  counted: CountedLater[],
  bodyScore: (tf: number, doc: number) => number,
): BoundedScores {
  const headroom = new Float64Array(matched.length);
  const assumed = new Uint8Array(matched.length * counted.length);
  counted.forEach(({ docs, at, inTitle, weight }, t) => {
    docs.forEach((doc, k) => {
      const i = at[k];
      const inBody = inTitle[k] === 1 ? UNKNOWN : ONCE;
      assumed[i * counted.length + t] = inBody;
      const once = inBody === ONCE ? bodyScore(1, doc) : 0;
      scores[i] += weight * once;
      headroom[i] += weight * (bodyScore(MAX_COUNTED, doc) - once);
    });
  });
  const settle = (i: number): void => {
    if (headroom[i] === 0) return;
    const doc = matched[i];
    const text = index.normBody(doc);
    counted.forEach(({ term, weight }, t) => {
      const inBody = assumed[i * counted.length + t];
      if (inBody === ABSENT) return;
      scores[i] += weight * (bodyScore(countOccurrences(text, term.norm), doc) - (inBody === ONCE ? bodyScore(1, doc) : 0));
    });
    headroom[i] = 0;
  };
  return { scores, headroom, settle };
}

/** What one word adds to the score of a document holding it. */
interface WordWeight {
  /** The word's idf, shared among the words of its term. */
  weight: number;
  titleWeight: number;
  title: Saturation;
  body: Saturation;
  lengths: { title: UintArray; body: UintArray };
  /** A `title:` term: the body's count does not score. */
  titleOnly: boolean;
}

/**
 * Adds the word's BM25 to the score of each document of `matched[from … to - 1]` in a part's
 * posting (numbered from `base`): both lists walked in step, or, when the posting is much
 * longer, the posting searched for each matched document. The saturation is written out here
 * (no call per document): this loop runs for every matched document of every word.
 */
function addWord(scores: Float64Array, posting: Posting, matched: DocList, from: number, to: number, base: number, word: WordWeight): void {
  const { docs, tfs } = posting;
  const { weight, title, body, titleOnly } = word;
  const titleScale = weight * word.titleWeight * title.scale;
  const bodyScale = weight * body.scale;
  const titleLengths = word.lengths.title;
  const bodyLengths = word.lengths.body;
  const dense = docs.length <= (to - from) * 8;
  let k = 0;
  for (let i = from; i < to; i++) {
    const local = matched[i] - base;
    if (dense) while (k < docs.length && docs[k] < local) k++;
    else k = lowerBound(docs, local, k);
    if (k === docs.length) return;
    if (docs[k] !== local) continue;
    const doc = matched[i];
    const packed = tfs[k];
    const inTitle = titleTfOf(packed);
    const inBody = titleOnly ? 0 : bodyTfOf(packed);
    let score = 0;
    if (inTitle > 0) score += (inTitle * titleScale) / (inTitle + title.bias + title.slope * titleLengths[doc]);
    if (inBody > 0) score += (inBody * bodyScale) / (inBody + body.bias + body.slope * bodyLengths[doc]);
    scores[i] += score;
  }
}

/**
 * Calls `visit(i)` for each `i` whose score may still rank among the first `window` of
 * `scores`, given `ceiling(i)`, the most `visit` and later steps can raise `scores[i]` to:
 * first for the `first` highest ceilings, whose raised scores lift the window's lowest score,
 * then for every other `i` whose ceiling still reaches it. Visits only raise scores, so that
 * lowest score is a floor of the final one, and an `i` left below it is never in the window.
 * With `scores.length <= first`, every `i` is visited.
 */
export function visitReachable(scores: Float64Array, ceiling: (i: number) => number, window: number, first: number, visit: (i: number) => void): void {
  const count = scores.length;
  if (count <= first) {
    for (let i = 0; i < count; i++) visit(i);
    return;
  }
  const ceilings = Float64Array.from(scores, (_score, i) => ceiling(i));
  const highest = kthLargest(ceilings, first);
  const visited = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (ceilings[i] < highest) continue;
    visited[i] = 1;
    visit(i);
  }
  const floor = kthLargest(scores, window);
  for (let i = 0; i < count; i++) if (visited[i] === 0 && ceiling(i) >= floor) visit(i);
}

/**
 * Adds `bonus` to `scores[i]` when the title of `docs[i]` holds a term of every group: a
 * headline holding every term of the query is most likely the article meant. Each group
 * narrows the documents the next one looks among, through the title grams (see
 * {@link titleMatches}), so a term in a hundred thousand bodies and a few hundred titles
 * costs those few hundred.
 */
export function addFullTitleBonus(index: SearchIndex, docs: DocList, scores: Float64Array, groups: string[][], bonus: number): void {
  if (bonus <= 0) return;
  let holding = docs;
  for (const group of groups) {
    if (holding.length === 0) return;
    const among = holding;
    holding = union(group.map((term) => titleMatches(index, term, among)));
  }
  let i = 0;
  for (const doc of holding) {
    while (docs[i] !== doc) i++;
    scores[i] += bonus;
  }
}

/**
 * Adds to `scores[i]`, for each `i` of `top`, up to `weight` for the groups' terms standing
 * together in `docs[i]`; words standing together count most in the headline.
 */
export function addProximityBonus(index: SearchIndex, docs: DocList, scores: Float64Array, top: number[], groups: string[][], weight: number): void {
  for (const i of top) {
    const closeness = 2 * proximity(index.normTitle(docs[i]), groups) + proximity(index.normBody(docs[i]), groups);
    scores[i] += (weight * closeness) / 3;
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

/** The `k`-th largest of `keys` (1 ≤ k ≤ keys.length), from a min-heap of the k largest seen. */
export function kthLargest(keys: ArrayLike<number>, k: number): number {
  const heap = new Float64Array(k);
  for (let i = 0; i < k; i++) heap[i] = keys[i];
  heap.sort();
  for (let i = k; i < keys.length; i++) {
    const key = keys[i];
    if (!(key > heap[0])) continue;
    // Replace the smallest and sift it down.
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= k) break;
      const child = left + 1 < k && heap[left + 1] < heap[left] ? left + 1 : left;
      if (heap[child] >= key) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = key;
  }
  return heap[0];
}

/**
 * Positions of the `k` best of the items `0 … keys.length - 1`, best first: `keys` orders
 * them (higher first) and `compare` breaks ties (it must agree with `keys`). Only the items
 * whose key reaches the k-th largest are sorted: a 200,000-document match needs only its
 * first page ordered.
 *
 * @example topKByKey(Float64Array.of(1, 5, 3), 2, (i, j) => j - i) // [1, 2]
 */
export function topKByKey(keys: Float64Array, k: number, compare: (i: number, j: number) => number): number[] {
  if (k <= 0) return [];
  const threshold = keys.length <= k ? -Infinity : kthLargest(keys, k);
  const chosen: number[] = [];
  for (let i = 0; i < keys.length; i++) if (keys[i] >= threshold) chosen.push(i);
  return chosen.sort(compare).slice(0, k);
}
