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

const NO_DOCS: ArrayLike<number> = [];

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
 * (or body, unless `title:`). Candidates come from each part's gram postings, rarest grams
 * first; a one- or two-unit term is its own gram and needs no check, longer terms are
 * verified on the text.
 *
 * @example matchTerm(index, { raw: '券商抗', norm: '券商抗', field: 'any' }).docs // [3]
 */
export function matchTerm(index: SearchIndex, term: Term): TermMatch {
  const text = term.norm;
  const grams = queryGrams(text);
  const exact = text.length <= 2 && term.field === 'any';
  const anyField = term.field === 'any';
  const checkDeleted = index.deletedCount > 0;
  const docs: number[] = [];
  let candidateCount = 0;
  // Part by part, on each part's own postings (views, nothing copied); parts come in document order.
  index.forEachPart((part, base) => {
    const postings = grams.map((gram) => part.gramPosting(gram) ?? NO_DOCS).sort((a, b) => a.length - b.length);
    let candidates = postings[0];
    // A gram in most documents removes few candidates for its cost; the text check decides.
    const selective = part.documents / 2;
    for (let k = 1; k < postings.length && candidates.length > VERIFY_THRESHOLD && postings[k].length <= selective; k++) {
      candidates = intersectPostings(candidates, postings[k]);
    }
    candidateCount += candidates.length;
    for (let i = 0; i < candidates.length; i++) {
      const local = candidates[i];
      if (checkDeleted && index.isDeleted(base + local)) continue;
      if (exact || part.normTitle(local).includes(text) || (anyField && part.normBody(local).includes(text))) docs.push(base + local);
    }
  });
  return { term, candidates: candidateCount, docs };
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
