import { segmentNormalized } from '../analysis';
import type { SearchIndex } from '../index/search-index';
import { collapseRanked } from './collapse';
import { dayFacets } from './day-facets';
import { facetsOf } from './facets';
import { highlight, snippet } from './highlight';
import type { TermMatch } from './match';
import { matchQuery } from './match-query';
import { pinyinExplanation, type PinyinExplanation } from './pinyin-expansion';
import type { ParsedQuery, Term } from './query-parser';
import { compareByDate, rankPage } from './rank-page';
import { defaultSearchOptions, type SearchOptions } from './search-options';
import type { SearchHit, SearchResponse, TermExplanation } from './search-response';
import { synonymExplanation } from './synonym-expansion';

/**
 * Runs one query against the index: exact substring matching, relaxed fallback
 * when nothing matches, BM25 ranking, highlighted snippets and facets over all matches.
 * Throws `JiansuoError` (`invalid_query`, `query_too_long`, `invalid_parameter`) on bad input.
 *
 * @example search(index, '海通证券', { limit: 5 }).hits[0].title_html
 * // '<mark>海通证券</mark>发布年报'
 */
export function search(index: SearchIndex, query: string, overrides: Partial<SearchOptions> = {}): SearchResponse {
  const started = performance.now();
  const options: SearchOptions = { ...defaultSearchOptions, ...overrides };
  const { parsed, docs, scored, matches, relaxed, relaxedInto, pinyinRead } = matchQuery(index, query, options);
  options.checkBudget?.();
  const collapsed = options.collapse
    ? collapseRanked(index, docs, (k) => rankPage(index, parsed, docs, scored, { ...options, offset: 0, limit: k }), options, compareByDate(index))
    : null;
  const page = collapsed ? collapsed.page : rankPage(index, parsed, docs, scored, options);
  const markTerms = parsed.groups.flat().map((term) => term.norm);
  const hits: SearchHit[] = page.map(([doc, score]) => {
    options.checkBudget?.();
    const article = index.article(doc);
    const aligned = index.alignment(doc, article);
    return {
      id: article.id,
      title: article.title,
      date: article.date,
      url: article.url,
      categories: article.categories,
      tags: article.tags,
      score,
      title_html: highlight(article.title, markTerms, { text: index.normTitle(doc), aligned: aligned.title }),
      snippet_html: snippet(article.text, markTerms, options, { text: index.normBody(doc), aligned: aligned.body }),
    };
  });
  const response: SearchResponse = {
    query,
    total: docs.length,
    took_ms: 0,
    relaxed,
    pinyin: pinyinRead.size > 0,
    hits,
    facets: facetsOf(index, docs),
  };
  if (collapsed) {
    response.clusters = collapsed.clusters;
    hits.forEach((hit, i) => Object.assign(hit, { similar: collapsed.similar[i].length, similar_ids: collapsed.similar[i].map((doc) => index.id(doc)) }));
  }
  const days = dayFacets(index, docs, options);
  if (days) response.facets.days = days;
  if (options.explain) response.explain = { relaxed, terms: explainTerms(parsed, matches, relaxedInto, pinyinRead) };
  response.took_ms = Math.round((performance.now() - started) * 1000) / 1000;
  return response;
}

function explainTerms(parsed: ParsedQuery, matches: TermMatch[], relaxedInto: Map<Term, string[]>, read: Map<Term, PinyinExplanation>): TermExplanation[] {
  const excluded = new Set(parsed.excluded);
  const terms = matches.map((match) => match.term);
  return matches.map(({ term, candidates, docs }) => ({
    term: term.raw,
    field: term.field,
    excluded: excluded.has(term),
    normalized: term.norm,
    words: [...new Set(segmentNormalized(term.norm).map((t) => t.word))],
    candidates,
    matches: docs.length,
    ...(relaxedInto.has(term) ? { relaxedInto: relaxedInto.get(term) } : {}),
    ...synonymExplanation(term, terms),
    ...pinyinExplanation(term, read),
  }));
}
