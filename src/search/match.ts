import type { SearchIndex } from '../index/search-index';
import { GRAM_SEPARATOR } from '../index/search-index';
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

/**
 * Finds every live document in which the term occurs as a substring of the normalised title
 * (or body, unless `title:`). Candidates come from the FlexSearch gram index; a one- or
 * two-unit term is its own gram and needs no check, longer terms are verified on the text.
 *
 * @example matchTerm(index, { raw: '券商抗', norm: '券商抗', field: 'any' }).docs // [3]
 */
export function matchTerm(index: SearchIndex, term: Term): TermMatch {
  const text = term.norm;
  const found = index.grams.search(queryGrams(text).join(GRAM_SEPARATOR), { limit: index.docs.length + 1 }) as number[];
  const exact = text.length <= 2 && term.field === 'any';
  const docs: number[] = [];
  for (const doc of found) {
    if (index.deleted.has(doc)) continue;
    if (exact || index.normTitles[doc].includes(text) || (term.field === 'any' && index.normBodies[doc].includes(text))) {
      docs.push(doc);
    }
  }
  docs.sort((a, b) => a - b);
  return { term, candidates: found.length, docs };
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
