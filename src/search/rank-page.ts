import type { SearchIndex } from '../index/search-index';
import { isFiltered } from './filters';
import { titleMatches, type TermMatch } from './match';
import type { QueryMatches } from './match-query';
import type { ParsedQuery } from './query-parser';
import { addFullTitleBonus, addProximityBonus, bm25, kthLargest, scoringWords, topKByKey, untitledCeiling, visitReachable, type ScoredTerm } from './rank';
import type { SearchOptions } from './search-options';
import { intersect, NO_DOCS, union, type DocList } from './sorted';
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
  const groups = query.groups.map((group) => group.map((term) => term.norm));
  // A query of several groups gets the full-title bonus and has its first `rescoreWindow`
  // reordered by proximity, so those need exact scores; a query of one group has neither, and
  // only its page needs them.
  const rescored = groups.length > 1;
  const titled = rescored ? undefined : titledPage(index, docs, terms, options, byDate);
  if (titled) return titled;
  const { scores, headroom, settle } = bm25WithSynonyms(index, docs, terms, options.rank);
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
  return pageOf(ranked, docs, scores, options);
}

/** The page `offset … offset + limit` of a ranking (positions in `docs`), with rounded scores. */
function pageOf(ranked: number[], docs: DocList, scores: Float64Array, options: SearchOptions): Array<[number, number]> {
  return ranked.slice(options.offset, options.offset + options.limit).map((i) => [docs[i], Math.round(scores[i] * 1e4) / 1e4]);
}

/**
 * The page of a query of one group ranked among the documents whose title holds one of its
 * words alone, when that decides it: any other document scores below {@link untitledCeiling},
 * so once the page's last place among the titled ones scores above it, no other can reach the
 * page. A word in 60,000 articles of a million is in the titles of a few thousand: only those
 * are scored. `undefined` when this does not apply or does not decide the page.
 */
function titledPage(index: SearchIndex, docs: DocList, terms: ScoredTerm[], options: SearchOptions, byDate: (a: number, b: number) => number): Array<[number, number]> | undefined {
  const end = options.offset + options.limit;
  const ceiling = untitledCeiling(index, terms, options.rank);
  if (ceiling === undefined || end < 1 || docs.length <= end) return undefined;
  const titled = union(terms.flatMap(({ words }) => words.map((word) => titleMatches(index, word, docs))));
  if (titled.length < end) return undefined;
  const scores = bm25(index, titled, terms, options.rank);
  if (!(kthLargest(scores, end) > ceiling)) return undefined;
  return pageOf(topKByKey(scores, end, (i, j) => scores[j] - scores[i] || byDate(titled[i], titled[j])), titled, scores, options);
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
