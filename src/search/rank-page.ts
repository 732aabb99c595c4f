import type { SearchIndex } from '../index/search-index';
import { isFiltered } from './filters';
import type { TermMatch } from './match';
import type { QueryMatches } from './match-query';
import type { ParsedQuery } from './query-parser';
import { addFullTitleBonus, addProximityBonus, scoringWords, topKByKey, visitReachable, type ScoredTerm } from './rank';
import type { SearchOptions } from './search-options';
import { intersect, NO_DOCS, type DocList } from './sorted';
import { bm25WithSynonyms } from './synonym-expansion';

/** A document's date for ordering: one without a date comes after every dated one. */
function sortableDate(index: SearchIndex, doc: number): number {
  const date = index.date(doc);
  return Number.isNaN(date) ? -Infinity : date;
}

/**
 * Newest first; equal dates by id, so that the order of a result never depends on how the
 * documents are spread over segments.
 */
export function compareByDate(index: SearchIndex): (a: number, b: number) => number {
  return (a, b) => {
    const byDate = sortableDate(index, b) - sortableDate(index, a);
    if (byDate !== 0 && !Number.isNaN(byDate)) return byDate;
    const idA = index.id(a);
    const idB = index.id(b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
}

/**
 * Document numbers of the page `offset … offset + limit` in the order of `options.sort`, with
 * their scores; `matches` holds each term's documents.
 */
export function rankPage(index: SearchIndex, query: ParsedQuery, docs: DocList, matches: TermMatch[], options: SearchOptions): Array<[number, number]> {
  const end = options.offset + options.limit;
  const byDate = compareByDate(index);
  if (options.sort === 'date') {
    const dates = Float64Array.from(docs, (doc) => sortableDate(index, doc));
    return topKByKey(dates, end, (i, j) => byDate(docs[i], docs[j]))
      .slice(options.offset)
      .map((i) => [docs[i], 0]);
  }
  const docsOf = new Map(matches.map((match) => [match.term, match.docs]));
  // One group of alternatives (an OR, synonyms, a pinyin reading) with nothing excluded or
  // filtered out: the matches are the union of the alternatives' documents, each inside them.
  const eachWithin = query.groups.length === 1 && query.excluded.length === 0 && !isFiltered(options);
  const terms: ScoredTerm[] = [];
  for (const group of query.groups) {
    for (const term of group) {
      const matched = group.length === 1 ? docs : eachWithin ? (docsOf.get(term) ?? NO_DOCS) : intersect([docsOf.get(term) ?? NO_DOCS, docs]);
      terms.push({ term, words: scoringWords(index, term), docs: matched });
    }
  }
  const { scores, headroom, settle } = bm25WithSynonyms(index, docs, terms, options.rank);
  const groups = query.groups.map((group) => group.map((term) => term.norm));
  // A query of several groups gets the full-title bonus and has its first `rescoreWindow`
  // reordered by proximity, so those need exact scores; a query of one group has neither, and
  // only its page needs them.
  const rescored = groups.length > 1;
  const window = rescored ? Math.max(end, options.rank.rescoreWindow) : end;
  if (rescored) addFullTitleBonus(index, docs, scores, groups, options.rank.fullTitleBonus);
  if (settle && headroom) {
    // Only a document whose score may still reach the window needs its bodies counted; those
    // with the highest ceilings first, whose exact scores lift the floor for the rest (a term
    // in most articles, such as 总书, would otherwise have nearly every body counted).
    visitReachable(scores, (i) => scores[i] + headroom[i], window, window, settle);
  }
  const compare = (i: number, j: number): number => scores[j] - scores[i] || byDate(docs[i], docs[j]);
  const ranked = topKByKey(scores, window, compare);
  if (rescored) {
    // Proximity reorders only the BM25 top of the list, where it decides what a reader sees.
    // That window is the same for every page, so all pages are slices of one order.
    const top = ranked.slice(0, options.rank.rescoreWindow);
    addProximityBonus(index, docs, scores, top, groups, options.rank.proximityWeight);
    ranked.splice(0, top.length, ...top.sort(compare));
  }
  return ranked.slice(options.offset, end).map((i) => [docs[i], Math.round(scores[i] * 1e4) / 1e4]);
}

/**
 * Every match with its score, in the order of `options.sort`: the order whose slices are the
 * pages of {@link search}, so paging through a search and reading this list agree.
 *
 * @example rankAll(index, matchQuery(index, '海通证券', defaultSearchOptions), defaultSearchOptions).length // 6: [doc, score] pairs, best first
 */
export function rankAll(index: SearchIndex, matched: QueryMatches, options: SearchOptions): Array<[number, number]> {
  return rankPage(index, matched.parsed, matched.docs, matched.scored, { ...options, offset: 0, limit: matched.docs.length });
}
