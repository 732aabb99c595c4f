import { titleTfOf } from '../index/analyze-document';
import type { IndexPart } from '../index/index-part';
import type { SearchIndex } from '../index/search-index';
import type { Term } from './query-parser';
import { intersectPostings, lowerBound, NO_DOCS, type DocList } from './sorted';

/** How one term was matched: for `explain`. */
export interface TermMatch {
  term: Term;
  /** Documents the gram index proposed. */
  candidates: number;
  /** Documents that really contain the term (ascending document numbers). */
  docs: DocList;
}

/** The distinct grams whose postings, intersected, hold every document containing `text`. */
function queryGrams(text: string): string[] {
  if (text.length <= 2) return [text];
  const grams = new Set<string>();
  for (let i = 0; i + 2 <= text.length; i++) grams.add(text.slice(i, i + 2));
  return [...grams];
}

/**
 * The part's documents of `within[from … to - 1]` (global numbers, ascending) that are also
 * in `candidates` (part-local numbers, ascending), as part-local numbers. The shorter of the
 * two is renumbered (a word's few titles among its many bodies copy the titles, not the
 * bodies) and {@link intersectPostings} does the rest.
 */
function restrict(candidates: ArrayLike<number>, within: DocList, from: number, to: number, base: number): DocList {
  if (candidates.length < to - from) {
    const global = new Uint32Array(candidates.length);
    for (let i = 0; i < candidates.length; i++) global[i] = candidates[i] + base;
    const found = intersectPostings(global, within.subarray(from, to));
    for (let i = 0; i < found.length; i++) found[i] -= base;
    return found;
  }
  const local = new Uint32Array(to - from);
  for (let i = from; i < to; i++) local[i - from] = within[i] - base;
  return intersectPostings(local, candidates);
}

/** The part's documents holding the gram: anywhere, or in the title for a `title:` term. */
function gramPostingOf(part: IndexPart, gram: string, field: Term['field']): ArrayLike<number> {
  return (field === 'any' ? part.gramPosting(gram) : part.titleGramPosting(gram)) ?? NO_DOCS;
}

/**
 * Finds every live document in which the term occurs as a substring of the normalised title
 * (or body, unless `title:`) — among the documents of `within` (ascending) when it is given.
 * Candidates come from each part's gram postings (of the titles alone for `title:`), rarest
 * grams first; a one- or two-unit term is its own gram and needs no check. A longer term is
 * verified on the text, except in the documents whose posting of the term as a word already
 * shows it there: words are cut from the normalised text, so a document holding the word
 * holds the substring.
 *
 * @example matchTerm(index, { raw: '券商抗', norm: '券商抗', field: 'any' }).docs // Uint32Array [3]
 */
export function matchTerm(index: SearchIndex, term: Term, within?: DocList): TermMatch {
  const text = term.norm;
  const grams = queryGrams(text);
  const exact = text.length <= 2;
  const anyField = term.field === 'any';
  const checkDeleted = index.deletedCount > 0;
  // Candidates of every part first: the matches then fill one typed array sized once.
  const planned: Array<{ part: IndexPart; base: number; candidates: ArrayLike<number> }> = [];
  let candidateCount = 0;
  let from = 0;
  // Part by part, on each part's own postings (views, nothing copied); parts come in document order.
  index.forEachPart((part, base) => {
    let to = from;
    if (within) {
      from = lowerBound(within, base, from);
      to = lowerBound(within, base + part.documents, from);
      if (to === from) return;
    }
    const postings = grams.map((gram) => gramPostingOf(part, gram, term.field)).sort((a, b) => a.length - b.length);
    let candidates = within ? restrict(postings[0], within, from, to, base) : postings[0];
    from = to;
    // Every further gram, however few the candidates left: a candidate it removes saves a
    // search of a body (a microsecond for a thousand characters), and it costs a binary search
    // per candidate. A gram in most documents removes few candidates for its cost; the text
    // check decides.
    const selective = part.documents / 2;
    for (let k = 1; k < postings.length && candidates.length > 0 && postings[k].length <= selective; k++) {
      candidates = intersectPostings(candidates, postings[k]);
    }
    candidateCount += candidates.length;
    planned.push({ part, base, candidates });
  });
  const docs = new Uint32Array(candidateCount);
  let found = 0;
  for (const { part, base, candidates } of planned) {
    if (exact && !checkDeleted) {
      // The candidates are the matches: a word in 80,000 articles is copied, not checked.
      for (let i = 0; i < candidates.length; i++) docs[found++] = base + candidates[i];
      continue;
    }
    const word = exact ? undefined : part.wordPosting(text);
    let w = 0;
    for (let i = 0; i < candidates.length; i++) {
      const local = candidates[i];
      if (checkDeleted && index.isDeleted(base + local)) continue;
      if (!exact && word) {
        // Matches come in runs: try the next entry of the posting before searching it.
        if (w < word.docs.length && word.docs[w] < local) w = word.docs[w + 1] >= local ? w + 1 : lowerBound(word.docs, local, w + 1);
        if (w < word.docs.length && word.docs[w] === local && (anyField || titleTfOf(word.tfs[w]) > 0)) {
          docs[found++] = base + local;
          continue;
        }
      }
      if (exact || part.titleIncludes(local, text) || (anyField && part.normBody(local).includes(text))) docs[found++] = base + local;
    }
  }
  return { term, candidates: candidateCount, docs: docs.subarray(0, found) };
}

/**
 * The documents of `within` (live, ascending) whose normalised title holds `text`: found
 * through the parts' title grams, so that only the titles holding every gram of a longer
 * text are read, and none for a text of one or two units.
 *
 * @example titleMatches(index, '海通', Uint32Array.of(0, 3, 7)) // Uint32Array [3]
 */
export function titleMatches(index: SearchIndex, text: string, within: DocList): DocList {
  return matchTerm(index, { raw: text, norm: text, field: 'title' }, within).docs;
}

/**
 * About how many documents the term's rarest gram proposes: the order in which a query's
 * terms are best matched, the rarest first.
 */
export function candidateEstimate(index: SearchIndex, term: Term): number {
  const grams = queryGrams(term.norm);
  let estimate = 0;
  index.forEachPart((part) => {
    estimate += Math.min(...grams.map((gram) => gramPostingOf(part, gram, term.field).length));
  });
  return estimate;
}
