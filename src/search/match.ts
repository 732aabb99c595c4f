import type { SearchIndex } from '../index/search-index';
import type { Term } from './query-parser';

/** How one term was matched: for `explain`. */
export interface TermMatch {
  term: Term;
  /** Documents the gram index proposed. */
  candidates: number;
  /** Documents that really contain the term (ascending document numbers). */
  docs: number[];
}

/** The distinct grams whose postings, intersected, hold every document containing `text`. */
function queryGrams(text: string): string[] {
  if (text.length <= 2) return [text];
  const grams = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) grams.add(text.slice(i, i + 2));
  return [...grams];
}

/** Below this many candidates, checking the text is cheaper than intersecting more postings. */
const VERIFY_THRESHOLD = 64;

/**
 * Ascending intersection of two ascending lists: a merge when they are of similar length, else
 * a binary search of the longer one for each entry of the shorter.
 */
function intersectPostings(small: ArrayLike<number>, large: ArrayLike<number>): number[] {
  const out: number[] = [];
  if (large.length <= small.length * 8) {
    for (let i = 0, j = 0; i < small.length && j < large.length; ) {
      const a = small[i];
      const b = large[j];
      if (a === b) {
        out.push(a);
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return out;
  }
  let lo = 0;
  for (let i = 0; i < small.length; i++) {
    const doc = small[i];
    let hi = large.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (large[mid] < doc) lo = mid + 1;
      else hi = mid;
    }
    if (lo === large.length) break;
    if (large[lo] === doc) out.push(doc);
  }
  return out;
}

/**
 * Finds every live document in which the term occurs as a substring of the normalised title
 * (or body, unless `title:`). Candidates come from the FlexSearch gram index, rarest grams
 * first; a one- or two-unit term is its own gram and needs no check, longer terms are
 * verified on the text.
 *
 * @example matchTerm(index, { raw: '券商抗', norm: '券商抗', field: 'any' }).docs // [3]
 */
export function matchTerm(index: SearchIndex, term: Term): TermMatch {
  const text = term.norm;
  // Rarest grams first; a posting is built only when the intersection gets to it.
  const grams = queryGrams(text)
    .map((gram) => ({ gram, count: index.gramCount(gram) }))
    .sort((a, b) => a.count - b.count);
  let candidates: ArrayLike<number> = index.gramPosting(grams[0].gram);
  // A gram in most documents removes few candidates for its cost; the text check decides.
  const selective = index.documentCount / 2;
  for (let k = 1; k < grams.length && candidates.length > VERIFY_THRESHOLD && grams[k].count <= selective; k++) {
    candidates = intersectPostings(candidates, index.gramPosting(grams[k].gram));
  }
  const exact = text.length <= 2 && term.field === 'any';
  const docs: number[] = [];
  const anyField = term.field === 'any';
  const checkDeleted = index.deletedCount > 0;
  for (let i = 0; i < candidates.length; i++) {
    const doc = candidates[i];
    if (checkDeleted && index.isDeleted(doc)) continue;
    if (exact || index.normTitle(doc).includes(text) || (anyField && index.normBody(doc).includes(text))) docs.push(doc);
  }
  return { term, candidates: candidates.length, docs };
}

/** Ascending union of ascending lists. */
export function union(lists: number[][]): number[] {
  if (lists.length === 1) return lists[0];
  const all = new Set<number>();
  for (const list of lists) for (const doc of list) all.add(doc);
  return [...all].sort((a, b) => a - b);
}

/** Ascending intersection of ascending lists (smallest first keeps it linear in the result). */
export function intersect(lists: number[][]): number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0];
  for (let k = 1; k < sorted.length && result.length > 0; k++) {
    const other = sorted[k];
    const next: number[] = [];
    let j = 0;
    for (const doc of result) {
      while (j < other.length && other[j] < doc) j++;
      if (j < other.length && other[j] === doc) next.push(doc);
    }
    result = next;
  }
  return result;
}

/** Ascending `list` without the documents of `remove`. */
export function subtract(list: number[], remove: number[]): number[] {
  if (remove.length === 0) return list;
  const removed = new Set(remove);
  return list.filter((doc) => !removed.has(doc));
}
