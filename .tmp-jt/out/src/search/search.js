"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultSearchOptions = void 0;
exports.search = search;
const analysis_1 = require("../analysis");
const errors_1 = require("../errors");
const facets_1 = require("./facets");
const highlight_1 = require("./highlight");
const match_1 = require("./match");
const query_parser_1 = require("./query-parser");
const rank_1 = require("./rank");
exports.defaultSearchOptions = {
    limit: 10,
    offset: 0,
    sort: 'relevance',
    snippets: 2,
    snippetChars: 100,
    explain: false,
    timeZone: '+08:00',
    parser: query_parser_1.defaultQueryParserOptions,
    rank: rank_1.defaultRankOptions,
};
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
function dayBound(value, name, timeZone, endOfDay) {
    const match = DAY.exec(value);
    const millis = match ? Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}${timeZone}`) : Number.NaN;
    if (!match || Number.isNaN(millis) || new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])).getUTCDate() !== +match[3]) {
        throw new errors_1.JiansuoError('invalid_parameter', `${name}: "${value}" is not a date of the form YYYY-MM-DD`);
    }
    return millis;
}
/** Documents passing the category/tag/date filters, or `null` when no filter is set. */
function filterDocs(index, options) {
    const tests = [];
    if (options.category !== undefined)
        tests.push((doc) => index.docs[doc].categories.includes(options.category));
    if (options.tag !== undefined)
        tests.push((doc) => index.docs[doc].tags.includes(options.tag));
    if (options.from !== undefined || options.to !== undefined) {
        const from = options.from === undefined ? -Infinity : dayBound(options.from, 'from', options.timeZone, false);
        const to = options.to === undefined ? Infinity : dayBound(options.to, 'to', options.timeZone, true);
        if (from > to)
            throw new errors_1.JiansuoError('invalid_parameter', `from: "${options.from}" is after to: "${options.to}"`);
        tests.push((doc) => index.dates[doc] >= from && index.dates[doc] <= to);
    }
    return tests.length === 0 ? null : (doc) => tests.every((test) => test(doc));
}
/** Matches of a parsed query: the documents and each term's match details. */
function evaluate(index, query) {
    const matches = [];
    const groupDocs = query.groups.map((group) => {
        const lists = group.map((term) => {
            const match = (0, match_1.matchTerm)(index, term);
            matches.push(match);
            return match.docs;
        });
        return (0, match_1.union)(lists);
    });
    let docs = (0, match_1.intersect)(groupDocs);
    for (const term of query.excluded) {
        const match = (0, match_1.matchTerm)(index, term);
        matches.push(match);
        docs = (0, match_1.subtract)(docs, match.docs);
    }
    return { docs, matches };
}
/** The relaxed form of a query (SPEC §3): each term of several jieba words becomes those words. */
function relax(query) {
    const relaxedInto = new Map();
    const groups = [];
    for (const group of query.groups) {
        if (group.length > 1) {
            groups.push(group);
            continue;
        }
        const term = group[0];
        const words = [...new Set((0, analysis_1.segmentNormalized)(term.norm).filter((t) => !t.sub).map((t) => t.word))];
        if (words.length > 1) {
            relaxedInto.set(term, words);
            for (const word of words)
                groups.push([{ raw: word, norm: word, field: term.field }]);
        }
        else {
            groups.push(group);
        }
    }
    return relaxedInto.size === 0 ? null : { query: { groups, excluded: query.excluded }, relaxedInto };
}
function compareByDate(index) {
    const date = (doc) => (Number.isNaN(index.dates[doc]) ? -Infinity : index.dates[doc]);
    return (a, b) => date(b) - date(a) || b - a;
}
/** Document numbers of the page, in order, with their scores. */
function rankPage(index, query, docs, options) {
    const end = options.offset + options.limit;
    const byDate = compareByDate(index);
    if (options.sort === 'date') {
        return [...docs].sort(byDate).slice(options.offset, end).map((doc) => [doc, 0]);
    }
    const terms = [];
    for (const group of query.groups) {
        for (const term of group) {
            const matched = group.length === 1 ? docs : (0, match_1.matchTerm)(index, term).docs;
            terms.push({ term, words: (0, rank_1.scoringWords)(index, term), docs: (0, match_1.intersect)([matched, docs]) });
        }
    }
    const scores = (0, rank_1.bm25)(index, docs, terms, options.rank);
    const order = docs.map((_, i) => i);
    const compare = (i, j) => scores[j] - scores[i] || byDate(docs[i], docs[j]);
    order.sort(compare);
    // Proximity only reorders the top of the list, where it decides what a reader sees.
    const window = Math.max(end, options.rank.rescoreWindow);
    const top = order.slice(0, window);
    if (query.groups.length > 1) {
        const groups = query.groups.map((group) => group.map((term) => term.norm));
        for (const i of top) {
            const doc = docs[i];
            const closeness = Math.max((0, rank_1.proximity)(index.normTitles[doc], groups), (0, rank_1.proximity)(index.normBodies[doc], groups));
            scores[i] += options.rank.proximityWeight * closeness;
        }
        top.sort(compare);
    }
    return top.slice(options.offset, end).map((i) => [docs[i], Math.round(scores[i] * 1e4) / 1e4]);
}
/**
 * Runs one query against the index (SPEC §3–5): exact substring matching, relaxed fallback
 * when nothing matches, BM25 ranking, highlighted snippets and facets over all matches.
 * Throws `JiansuoError` (`invalid_query`, `query_too_long`, `invalid_parameter`) on bad input.
 *
 * @example search(index, '海通证券', { limit: 5 }).hits[0].title_html
 * // '<mark>海通证券</mark>发布年报'
 */
function search(index, query, overrides = {}) {
    const started = performance.now();
    const options = { ...exports.defaultSearchOptions, ...overrides };
    let parsed = (0, query_parser_1.parseQuery)(query, options.parser);
    const filter = filterDocs(index, options);
    let { docs, matches } = evaluate(index, parsed);
    if (filter)
        docs = docs.filter(filter);
    let relaxedInto = new Map();
    let relaxed = false;
    if (docs.length === 0) {
        const relaxedQuery = relax(parsed);
        if (relaxedQuery) {
            const result = evaluate(index, relaxedQuery.query);
            parsed = relaxedQuery.query;
            relaxedInto = relaxedQuery.relaxedInto;
            docs = filter ? result.docs.filter(filter) : result.docs;
            matches = [...matches, ...result.matches];
            relaxed = true;
        }
    }
    const page = rankPage(index, parsed, docs, options);
    const markTerms = parsed.groups.flat().map((term) => term.norm);
    const hits = page.map(([doc, score]) => {
        const article = index.docs[doc];
        return {
            id: article.id,
            title: article.title,
            date: article.date,
            url: article.url,
            categories: article.categories,
            tags: article.tags,
            score,
            title_html: (0, highlight_1.highlight)(article.title, markTerms),
            snippet_html: (0, highlight_1.snippet)(article.text, markTerms, options),
        };
    });
    const response = {
        query,
        total: docs.length,
        took_ms: 0,
        relaxed,
        hits,
        facets: (0, facets_1.facetsOf)(index, docs),
    };
    if (options.explain)
        response.explain = { relaxed, terms: explainTerms(parsed, matches, relaxedInto) };
    response.took_ms = Math.round((performance.now() - started) * 1000) / 1000;
    return response;
}
function explainTerms(parsed, matches, relaxedInto) {
    const excluded = new Set(parsed.excluded);
    return matches.map(({ term, candidates, docs }) => ({
        term: term.raw,
        field: term.field,
        excluded: excluded.has(term),
        normalized: term.norm,
        words: [...new Set((0, analysis_1.segmentNormalized)(term.norm).map((t) => t.word))],
        candidates,
        matches: docs.length,
        ...(relaxedInto.has(term) ? { relaxedInto: relaxedInto.get(term) } : {}),
    }));
}
//# sourceMappingURL=search.js.map