import { segmentNormalized } from '../analysis';
import { defaultConfig, defaultParameters } from '../config';
import { JiansuoError } from '../errors';
import type { SearchIndex } from '../index/search-index';
import { collapseRanked } from './collapse';
import { dayFacets, type DayCounts } from './day-facets';
import { facetsOf, type Facets } from './facets';
import { highlight, snippet } from './highlight';
import { candidateEstimate, matchTerm, type TermMatch } from './match';
import { intersect, subtract, union } from './sorted';
import { expandPinyin, pinyinExplanation, type PinyinExplanation } from './pinyin-expansion';
import { defaultQueryParserOptions, parseQuery, type ParsedQuery, type QueryParserOptions, type Term } from './query-parser';
import { defaultRankOptions, kthLargest, proximity, scoringWords, topKByKey, type RankOptions, type ScoredTerm } from './rank';
import { bm25WithSynonyms, expandSynonyms, synonymExplanation } from './synonym-expansion';
import { noSynonyms, type Synonyms } from './synonyms';

/** Options of one search (SPEC §6); every field has a default in {@link defaultSearchOptions}. */
export interface SearchOptions {
  /** Hits per page. */
  limit: number;
  /** Hits skipped before the page. */
  offset: number;
  /** Only articles with this category (exact). */
  category?: string;
  /** Only articles with this tag (exact). */
  tag?: string;
  /** First day, `YYYY-MM-DD`, inclusive, in `timeZone`. */
  from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive, in `timeZone`. */
  to?: string;
  sort: 'relevance' | 'date';
  /** Fragments per snippet. */
  snippets: number;
  /** Aimed characters per fragment. */
  snippetChars: number;
  /** Add per-term matching details to the response. */
  explain: boolean;
  /** Offset of the corpus time zone, for `from`/`to`. */
  timeZone: string;
  parser: QueryParserOptions;
  rank: RankOptions;
  /** Synonym rules: each term also matches its synonyms. */
  synonyms: Synonyms;
  /** A term in pinyin (`yinhang`, `xczx`, `乡村zx`) that matches nothing as written also matches the Chinese words it spells. */
  pinyin: boolean;
  /** One hit per near-duplicate cluster, with the other matches of the cluster as `similar_ids`; paging counts clusters. */
  collapse: boolean;
  /**
   * Called between the stages of the search, its terms and its hits; throws to stop a search
   * that is over its budget (the service's time budget).
   */
  checkBudget?: () => void;
}

export const defaultSearchOptions: SearchOptions = {
  limit: defaultParameters.limit,
  offset: 0,
  sort: 'relevance',
  snippets: defaultParameters.snippets,
  snippetChars: defaultParameters.snippetChars,
  explain: false,
  timeZone: defaultConfig.timeZone,
  parser: defaultQueryParserOptions,
  rank: defaultRankOptions,
  synonyms: noSynonyms,
  pinyin: true,
  collapse: false,
};

export interface SearchHit {
  id: string;
  title: string;
  date: string | null;
  url: string | null;
  categories: string[];
  tags: string[];
  score: number;
  title_html: string;
  snippet_html: string;
  /** With `collapse`: how many other matches are near-duplicates of this one. */
  similar?: number;
  /** With `collapse`: their ids, newest first. */
  similar_ids?: string[];
}

/** Why each term matched what it matched (`explain`). */
export interface TermExplanation {
  term: string;
  field: 'any' | 'title';
  excluded: boolean;
  normalized: string;
  /** jieba search-mode words of the term. */
  words: string[];
  candidates: number;
  matches: number;
  /** Set when the term was replaced by its words in the relaxed fallback. */
  relaxedInto?: string[];
  /** The synonyms the term also matched, normalised. */
  synonyms?: string[];
  /** Set on a synonym: the term as typed it stands for. */
  synonymOf?: string;
  /** Set on a term read as pinyin: the words it matched instead. */
  pinyin?: PinyinExplanation;
  /** Set on a word a term spells in pinyin: that term as typed. */
  pinyinOf?: string;
}

export interface SearchResponse {
  query: string;
  total: number;
  took_ms: number;
  relaxed: boolean;
  /** True when a term in pinyin matched the Chinese words it spells. */
  pinyin: boolean;
  hits: SearchHit[];
  /** With `collapse`: the near-duplicate clusters among the matches (a match in none counts as one). */
  clusters?: number;
  /** `days` only when `from` and `to` are both set and at most 31 days apart. */
  facets: Facets & { days?: DayCounts };
  explain?: { relaxed: boolean; terms: TermExplanation[] };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayBound(value: string, name: string, timeZone: string, endOfDay: boolean): number {
  const match = DAY.exec(value);
  const millis = match ? Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}${timeZone}`) : Number.NaN;
  if (!match || Number.isNaN(millis) || new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])).getUTCDate() !== +match[3]) {
    throw new JiansuoError('invalid_parameter', `${name}: "${value}" is not a date of the form YYYY-MM-DD`);
  }
  return millis;
}

/** Whether a document has one category or tag (a value no document has: none does). */
function hasFacet(index: SearchIndex, kind: 'categories' | 'tags', name: string): (doc: number) => boolean {
  const id = index.facetId(kind, name);
  if (id === undefined) return () => false;
  const { refs, starts } = index.facets();
  return (doc) => {
    for (let r = starts[doc]; r < starts[doc + 1]; r++) if (refs[r] === id) return true;
    return false;
  };
}

/** Documents passing the category/tag/date filters, or `null` when no filter is set. */
function filterDocs(index: SearchIndex, options: SearchOptions): ((doc: number) => boolean) | null {
  const tests: Array<(doc: number) => boolean> = [];
  if (options.category !== undefined) tests.push(hasFacet(index, 'categories', options.category));
  if (options.tag !== undefined) tests.push(hasFacet(index, 'tags', options.tag));
  if (options.from !== undefined || options.to !== undefined) {
    const from = options.from === undefined ? -Infinity : dayBound(options.from, 'from', options.timeZone, false);
    const to = options.to === undefined ? Infinity : dayBound(options.to, 'to', options.timeZone, true);
    if (from > to) throw new JiansuoError('invalid_parameter', `from: "${options.from}" is after to: "${options.to}"`);
    tests.push((doc) => index.date(doc) >= from && index.date(doc) <= to);
  }
  return tests.length === 0 ? null : (doc) => tests.every((test) => test(doc));
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
): { docs: number[]; matches: TermMatch[] } {
  const matches: TermMatch[] = [];
  const lookup = cachedMatch(index, cache, checkBudget);
  const matchAmong = (term: Term, docs: number[] | undefined): TermMatch => {
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
  let docs: number[] | undefined;
  for (const group of groups) {
    const groupDocs = union(group.map((term) => matchAmong(term, docs).docs));
    docs = docs === undefined ? groupDocs : intersect([docs, groupDocs]);
  }
  for (const term of query.excluded) docs = subtract(docs ?? [], matchAmong(term, docs).docs);
  return { docs: docs ?? [], matches };
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
 * The relaxed form of a query (SPEC §3): each term of several jieba words becomes those words.
 * A quoted phrase stays as it is: its quotes ask for exactly that text.
 */
function relax(query: ParsedQuery): { query: ParsedQuery; relaxedInto: Map<Term, string[]> } | null {
  const relaxedInto = new Map<Term, string[]>();
  const groups: Term[][] = [];
  for (const group of query.groups) {
    if (group.length > 1) {
      groups.push(group);
      continue;
    }
    const term = group[0];
    const words = term.quoted ? [] : [...new Set(segmentNormalized(term.norm).filter((t) => !t.sub).map((t) => t.word))];
    if (words.length > 1) {
      relaxedInto.set(term, words);
      for (const word of words) groups.push([{ raw: word, norm: word, field: term.field }]);
    } else {
      groups.push(group);
    }
  }
  return relaxedInto.size === 0 ? null : { query: { groups, excluded: query.excluded }, relaxedInto };
}

/** A document's date for ordering: one without a date comes after every dated one. */
function sortableDate(index: SearchIndex, doc: number): number {
  const date = index.date(doc);
  return Number.isNaN(date) ? -Infinity : date;
}

/**
 * Newest first; equal dates by id, so that the order of a result never depends on how the
 * documents are spread over segments.
 */
function compareByDate(index: SearchIndex): (a: number, b: number) => number {
  return (a, b) => {
    const byDate = sortableDate(index, b) - sortableDate(index, a);
    if (byDate !== 0 && !Number.isNaN(byDate)) return byDate;
    const idA = index.id(a);
    const idB = index.id(b);
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
}

/** Whether the title of `doc` holds a term of every group (plain loops: this runs for every matched document). */
function titleHoldsEveryGroup(index: SearchIndex, doc: number, groups: string[][]): boolean {
  for (const group of groups) {
    let holds = false;
    for (let t = 0; t < group.length && !holds; t++) holds = index.titleIncludes(doc, group[t]);
    if (!holds) return false;
  }
  return true;
}

/** Document numbers of the page, in order, with their scores; `matches` holds each term's documents. */
function rankPage(index: SearchIndex, query: ParsedQuery, docs: number[], matches: TermMatch[], options: SearchOptions): Array<[number, number]> {
  const end = options.offset + options.limit;
  const byDate = compareByDate(index);
  if (options.sort === 'date') {
    const dates = Float64Array.from(docs, (doc) => sortableDate(index, doc));
    return topKByKey(dates, end, (i, j) => byDate(docs[i], docs[j]))
      .slice(options.offset)
      .map((i) => [docs[i], 0]);
  }
  const docsOf = new Map(matches.map((match) => [match.term, match.docs]));
  const terms: ScoredTerm[] = [];
  for (const group of query.groups) {
    for (const term of group) {
      const matched = group.length === 1 ? docs : intersect([docsOf.get(term) ?? [], docs]);
      terms.push({ term, words: scoringWords(index, term), docs: matched });
    }
  }
  const { scores, headroom, settle } = bm25WithSynonyms(index, docs, terms, options.rank);
  if (query.groups.length > 1 && options.rank.fullTitleBonus > 0) {
    // A headline holding every term of the query is most likely the article meant.
    const groups = query.groups.map((group) => group.map((term) => term.norm));
    for (let i = 0; i < docs.length; i++) {
      if (titleHoldsEveryGroup(index, docs[i], groups)) scores[i] += options.rank.fullTitleBonus;
    }
  }
  const window = Math.max(end, options.rank.rescoreWindow);
  if (settle && headroom) {
    // Only a document whose score may still reach the window's lowest needs its bodies counted.
    const lowest = docs.length <= window ? -Infinity : kthLargest(scores, window);
    for (let i = 0; i < docs.length; i++) if (scores[i] + headroom[i] >= lowest) settle(i);
  }
  const compare = (i: number, j: number): number => scores[j] - scores[i] || byDate(docs[i], docs[j]);
  const ranked = topKByKey(scores, window, compare);
  if (query.groups.length > 1) {
    // Proximity reorders only the BM25 top of the list, where it decides what a reader sees.
    // That window is the same for every page, so all pages are slices of one order.
    const top = ranked.slice(0, options.rank.rescoreWindow);
    const groups = query.groups.map((group) => group.map((term) => term.norm));
    for (const i of top) {
      const doc = docs[i];
      // Words standing together count most in the headline.
      const closeness = 2 * proximity(index.normTitle(doc), groups) + proximity(index.normBody(doc), groups);
      scores[i] += (options.rank.proximityWeight * closeness) / 3;
    }
    ranked.splice(0, top.length, ...top.sort(compare));
  }
  return ranked.slice(options.offset, end).map((i) => [docs[i], Math.round(scores[i] * 1e4) / 1e4]);
}

/** What a query matched, before ranking: see {@link matchQuery}. */
export interface QueryMatches {
  /** The query as it was matched: synonyms and pinyin expanded, relaxed when `relaxed`. */
  parsed: ParsedQuery;
  /** Matching document numbers, ascending, filters applied. */
  docs: number[];
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
 * Every document a query matches (SPEC §3): synonyms and pinyin expanded, the category/tag/date
 * filters applied, and the relaxed fallback when nothing matches strictly.
 *
 * @example matchQuery(index, '海通证券', defaultSearchOptions).docs.length // 6
 */
export function matchQuery(index: SearchIndex, query: string, options: SearchOptions): QueryMatches {
  let parsed = expandSynonyms(parseQuery(query, options.parser), options.synonyms);
  const filter = filterDocs(index, options);
  const cache = new Map<Term, TermMatch>();
  const spelled = options.pinyin ? expandPinyin(index, parsed, cachedMatch(index, cache, options.checkBudget)) : { query: parsed, read: new Map<Term, PinyinExplanation>() };
  parsed = spelled.query;
  let { docs, matches } = evaluate(index, parsed, cache, options.explain, options.checkBudget);
  if (filter) docs = docs.filter(filter);
  let relaxedInto = new Map<Term, string[]>();
  let relaxed = false;
  let scored = matches;
  if (docs.length === 0) {
    const relaxedQuery = relax(parsed);
    if (relaxedQuery) {
      const result = evaluate(index, relaxedQuery.query, cache, options.explain, options.checkBudget);
      parsed = relaxedQuery.query;
      relaxedInto = relaxedQuery.relaxedInto;
      docs = filter ? result.docs.filter(filter) : result.docs;
      scored = result.matches;
      matches = [...cache.values()];
      relaxed = true;
    }
  }
  return { parsed, docs, scored, matches, relaxed, relaxedInto, pinyinRead: spelled.read };
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

/**
 * Runs one query against the index (SPEC §3–5): exact substring matching, relaxed fallback
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
