import type { SearchIndex } from '../index/search-index';
import { filterDocs } from './filters';
import { candidateEstimate, matchTerm, type TermMatch } from './match';
import { expandPinyin, type PinyinExplanation } from './pinyin-expansion';
import { parseQuery, type ParsedQuery, type Term } from './query-parser';
import { relax } from './relax';
import type { SearchOptions } from './search-options';
import { intersect, NO_DOCS, subtract, union, type DocList } from './sorted';
import { expandSynonyms } from './synonym-expansion';

/** What a query matched, before ranking: see {@link matchQuery}. */
export interface QueryMatches {
  /** The query as it was matched: synonyms and pinyin expanded, relaxed when `relaxed`. */
  parsed: ParsedQuery;
  /** Matching document numbers, ascending, filters applied. */
  docs: DocList;
  /** The matches of the terms of `parsed`, which the ranking scores. */
  scored: TermMatch[];
  /** Every term looked up, the strict ones too when relaxed (for `explain`). */
  matches: TermMatch[];
  relaxed: boolean;
  relaxedInto: Map<Term, string[]>;
  /** The terms read as pinyin, with the words they matched. */
  pinyinRead: Map<Term, PinyinExplanation>;
}

/**
 * Matches of a parsed query: the documents and each term's match details. `cache` keeps the
 * matches of terms already looked up, so the relaxed pass does not match its unchanged terms
 * (exclusions, OR groups) again.
 *
 * The group whose terms are rarest is matched first, and each further group and exclusion
 * only among the documents still in: a common term (`央视网`, in nearly every article) then
 * costs a check of the few documents the rare ones left, not of the archive. A term's
 * `docs` are then those among the documents it was matched in. With `everywhere` (for
 * `explain`, which reports each term's own matches) every term is matched in the whole index.
 */
function evaluate(
  index: SearchIndex,
  query: ParsedQuery,
  cache: Map<Term, TermMatch>,
  everywhere: boolean,
  checkBudget?: () => void,
): { docs: DocList; matches: TermMatch[] } {
  const matches: TermMatch[] = [];
  const lookup = cachedMatch(index, cache, checkBudget);
  const matchAmong = (term: Term, docs: DocList | undefined): TermMatch => {
    let found: TermMatch;
    if (everywhere || docs === undefined || cache.has(term)) {
      found = lookup(term);
    } else {
      checkBudget?.();
      found = matchTerm(index, term, docs);
    }
    matches.push(found);
    return found;
  };
  const groups = everywhere ? query.groups : rarestFirst(index, query.groups);
  let docs: DocList | undefined;
  for (const group of groups) {
    const groupDocs = union(group.map((term) => matchAmong(term, docs).docs));
    docs = docs === undefined ? groupDocs : intersect([docs, groupDocs]);
  }
  for (const term of query.excluded) docs = subtract(docs ?? NO_DOCS, matchAmong(term, docs).docs);
  return { docs: docs ?? NO_DOCS, matches };
}

/** The groups of a query, those whose terms the fewest documents may hold first. */
function rarestFirst(index: SearchIndex, groups: Term[][]): Term[][] {
  const estimate = new Map(groups.map((group) => [group, group.reduce((sum, term) => sum + candidateEstimate(index, term), 0)]));
  return [...groups].sort((a, b) => estimate.get(a)! - estimate.get(b)!);
}

/** Looks a term up once: later lookups of the same term answer from `cache`. */
function cachedMatch(index: SearchIndex, cache: Map<Term, TermMatch>, checkBudget?: () => void): (term: Term) => TermMatch {
  return (term) => {
    let found = cache.get(term);
    if (!found) {
      checkBudget?.();
      found = matchTerm(index, term);
      cache.set(term, found);
    }
    return found;
  };
}

/**
 * Every document a query matches: synonyms and pinyin expanded, the category/tag/date filters
 * applied. A strict pass first; only when it matches nothing, the relaxed pass (see
 * {@link relax}), whose results are never mixed with strict ones.
 *
 * @example matchQuery(index, '海通证券', defaultSearchOptions).docs.length // 6
 */
export function matchQuery(index: SearchIndex, query: string, options: SearchOptions): QueryMatches {
  const synonymous = expandSynonyms(parseQuery(query, options.parser), options.synonyms);
  const filter = filterDocs(index, options);
  const cache = new Map<Term, TermMatch>();
  const spelled = options.pinyin ? expandPinyin(index, synonymous, cachedMatch(index, cache, options.checkBudget)) : { query: synonymous, read: new Map<Term, PinyinExplanation>() };
  const pass = (parsed: ParsedQuery): { docs: DocList; matches: TermMatch[] } => {
    const { docs, matches } = evaluate(index, parsed, cache, options.explain, options.checkBudget);
    return { docs: filter ? docs.filter(filter) : docs, matches };
  };
  const strict = pass(spelled.query);
  const relaxedQuery = strict.docs.length === 0 ? relax(spelled.query) : null;
  if (!relaxedQuery) {
    return { parsed: spelled.query, docs: strict.docs, scored: strict.matches, matches: strict.matches, relaxed: false, relaxedInto: new Map(), pinyinRead: spelled.read };
  }
  const relaxed = pass(relaxedQuery.query);
  // `explain` reports the strict terms too: everything looked up.
  const matches = [...cache.values()];
  return { parsed: relaxedQuery.query, docs: relaxed.docs, scored: relaxed.matches, matches, relaxed: true, relaxedInto: relaxedQuery.relaxedInto, pinyinRead: spelled.read };
}
