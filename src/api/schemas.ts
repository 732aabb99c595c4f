import { z } from 'zod';
import { defaultConfig, defaultParameters, type Config, type Limits } from '../config';
import { articleSchema } from '../corpus/article';
import { defaultQueryParserOptions } from '../search/query-parser';
import type { SearchOptions } from '../search/search-options';


const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = 'must be a date of the form YYYY-MM-DD';

/** An integer in [min, max], from a query string (`coerce`) or a JSON number. */
function integer(coerce: boolean, min: number, max: number, fallback: number, description: string) {
  const error = `must be an integer from ${min} to ${max}`;
  const base = coerce ? z.coerce.number({ error }) : z.number({ error });
  return base.int({ error }).min(min, { error }).max(max, { error }).default(fallback).meta({ description });
}

/** A flag: `0`, `1`, `true` or `false` in a query string, a boolean in JSON. */
function flag(fromQueryString: boolean, description: string) {
  return (fromQueryString
    ? z.enum(['0', '1', 'true', 'false'], { error: 'must be 0, 1, true or false' }).default('0').transform((value) => value === '1' || value === 'true')
    : z.boolean({ error: 'must be true or false' }).default(false)
  ).meta({ description });
}

/** The options of one search, shared by `GET /api/search` (strings) and bulk entries (JSON values). */
function searchOptionsShape(limits: Limits, fromQueryString: boolean) {
  return {
    limit: integer(fromQueryString, 1, limits.maxLimit, defaultParameters.limit, 'Hits per page.'),
    offset: integer(fromQueryString, 0, limits.maxOffset, 0, 'Hits skipped before the page.'),
    category: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional().meta({ description: 'Only articles with this category (exact).', example: 'securities' }),
    tag: z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' }).optional().meta({ description: 'Only articles with this tag (exact).', example: '证券' }),
    from: z.string({ error: DAY_MESSAGE }).regex(DAY, { error: DAY_MESSAGE }).optional().meta({ description: 'First day, inclusive, in the corpus time zone.', example: '2022-03-01' }),
    to: z.string({ error: DAY_MESSAGE }).regex(DAY, { error: DAY_MESSAGE }).optional().meta({ description: 'Last day, inclusive, in the corpus time zone.', example: '2022-04-30' }),
    sort: z.enum(['relevance', 'date'], { error: 'must be "relevance" or "date"' }).default('relevance').meta({ description: 'Order of the hits; `date` is newest first.' }),
    snippets: integer(fromQueryString, 0, limits.maxSnippets, defaultParameters.snippets, 'Fragments per snippet.'),
    explain: flag(fromQueryString, 'Add how each term matched.'),
    collapse: flag(fromQueryString, 'One hit per cluster of near-duplicate articles (wire copies), with `similar` and `similar_ids`; `offset` and `limit` count clusters.'),
  };
}

function query(limits: Limits) {
  const error = `must be a query of 1 to ${limits.maxQueryLength} characters`;
  return z
    .string({ error })
    .min(1, { error })
    .max(limits.maxQueryLength, { error })
    .meta({ description: 'Terms are ANDed; "quoted phrase", -excluded, a OR b, title:term.', example: '海通证券' });
}

const article = articleSchema.omit({ text: true }).shape;

const countMap = z.record(z.string(), z.number().int());

/** The schemas of the API, as built by {@link apiSchemas}. */
export type ApiSchemas = ReturnType<typeof apiSchemas>;

/**
 * The zod schemas of the HTTP API: the same objects validate requests and generate
 * `/api/openapi.json`. Every check carries the message shown after the parameter's name in
 * a 400 error (`invalid parameter limit: must be an integer from 1 to 100 (got "0")`).
 *
 * @example apiSchemas(defaultLimits).searchQuery.parse({ q: '海通证券' }).limit // 10
 */
export function apiSchemas(limits: Limits) {
  const searchQuery = z.object({ q: query(limits), ...searchOptionsShape(limits, true) }).meta({ id: 'SearchParameters' });
  const bulkEntry = z.object({ q: query(limits), ...searchOptionsShape(limits, false) }).meta({ id: 'BulkQuery' });
  // An export has every match: no page, and no wire copies folded away.
  const exportQuery = searchQuery
    .omit({ limit: true, offset: true, snippets: true, explain: true, collapse: true })
    .extend({
      format: z.enum(['csv', 'jsonl'], { error: 'must be "csv" or "jsonl"' }).default('csv').meta({ description: 'CSV (UTF-8 with BOM, a header row) or JSON Lines.' }),
      // Read like `explain`: 0, 1, true or false.
      snippet: searchQuery.shape.explain.meta({ description: 'Add a plain-text snippet column.' }),
    })
    .meta({ id: 'ExportParameters' });
  // Entries are checked one by one (a bad one gets its own error); the documented shape of an entry is BulkQuery.
  const bulkRequestOf = (entry: z.ZodType) =>
    z.object(
      {
        queries: z
          .array(entry, { error: 'must be an array of queries (strings or objects with "q")' })
          .min(1, { error: `must hold 1 to ${limits.maxBulkQueries} queries` })
          .max(limits.maxBulkQueries, { error: `must hold 1 to ${limits.maxBulkQueries} queries` })
          .meta({ description: 'Each a query string or a `BulkQuery` object; its own fields win over the shared ones.' }),
        ...searchOptionsShape(limits, false),
      },
      { error: 'must be a JSON object such as {"queries": ["海通证券"]}' },
    );
  const bulkRequest = bulkRequestOf(z.unknown());
  const prefixError = `must be a prefix of 1 to ${limits.maxSuggestPrefixLength} characters`;
  const bulkRequestDocumented = bulkRequestOf(z.union([z.string(), bulkEntry])).meta({ id: 'BulkRequest' });
  const hit = z
    .object({
      ...article,
      score: z.number(),
      title_html: z.string(),
      snippet_html: z.string(),
      similar: z.number().int().optional().meta({ description: 'With `collapse`: how many other matches are near-duplicates of this hit.' }),
      similar_ids: z.array(z.string()).optional().meta({ description: 'With `collapse`: the ids of those matches, newest first.' }),
    })
    .meta({ id: 'Hit' });
  const searchResponse = z
    .object({
      query: z.string(),
      total: z.number().int().meta({ description: 'Exact number of matching documents.' }),
      took_ms: z.number(),
      relaxed: z.boolean().meta({ description: 'True when no strict match existed and terms were split into their words.' }),
      pinyin: z.boolean().meta({ description: 'True when a Latin term that matches nothing as written matched the Chinese words its pinyin spells.' }),
      hits: z.array(hit),
      clusters: z.number().int().optional().meta({ description: 'With `collapse`: clusters among the matches (an article with no near-duplicate counts as one).' }),
      facets: z
        .object({
          categories: countMap,
          tags: countMap,
          months: countMap,
          days: countMap.optional().meta({ description: '`YYYY-MM-DD` in the corpus time zone → count; only when `from` and `to` are both set and at most 31 days apart.' }),
        })
        .meta({ description: 'Counts over all matching documents.' }),
      explain: z.unknown().optional(),
    })
    .meta({ id: 'SearchResponse' });
  const error = z
    .object({ error: z.object({ code: z.string().meta({ example: 'invalid_parameter' }), message: z.string() }) })
    .meta({ id: 'Error' });
  const bulkResponse = z
    .object({
      results: z.array(z.union([searchResponse, error])),
      partial: z.boolean().meta({ description: 'True when the time or size budget ran out: every entry from the first one past it has the error `budget_exceeded`.' }),
    })
    .meta({ id: 'BulkResponse' });
  const labels = z.union([z.string(), z.array(z.string())]).optional();
  const documentJson = z
    .object({
      title: z.string({ error: 'must be a string' }),
      date: z.string({ error: 'must be a string' }).nullable().optional().meta({ example: '2022-03-29 10:56:11 +0800' }),
      categories: labels,
      tags: labels,
      url: z.url({ error: 'must be an http(s) URL', protocol: /^https?$/ }).nullable().optional(),
      html: z.string({ error: 'must be a string' }).optional(),
      text: z.string({ error: 'must be a string' }).optional(),
    })
    .meta({ id: 'DocumentInput', description: 'An article; give `html` or `text` as its body, not both.' });
  return {
    searchQuery,
    bulkEntry,
    exportQuery,
    bulkRequest,
    bulkRequestDocumented,
    suggestQuery: z.object({
      q: z.string({ error: prefixError }).min(1, { error: prefixError }).max(limits.maxSuggestPrefixLength, { error: prefixError }).meta({ example: '海通' }),
      limit: integer(true, 1, limits.maxSuggestions, defaultParameters.suggestions, 'Most completions returned.'),
    }),
    docId: z
      .string()
      .regex(/^[^/\\\s\u0000-\u001f\u007f]{1,200}$/, { error: 'must be 1 to 200 characters without slashes, spaces or control characters' })
      .meta({ description: 'Document id: the file name without extension.', example: '2022-03-29-202203292326272624' }),
    documentJson,
    searchResponse,
    bulkResponse,
    document: articleSchema.meta({ id: 'Document' }),
    suggestResponse: z
      .object({ query: z.string(), suggestions: z.array(z.object({ text: z.string(), kind: z.enum(['word', 'title', 'pinyin']), count: z.number().int() })) })
      .meta({ id: 'Suggestions' }),
    health: z.object({ status: z.literal('ok'), documents: z.number().int() }).meta({ id: 'Health' }),
    stats: z
      .object({
        documents: z.number().int(),
        built_at: z.string().nullable(),
        build_ms: z.number().nullable(),
        format_version: z.number().int(),
        analyzer: z.string(),
        dictionary_version: z.string(),
        corpus_path: z.string().nullable(),
        corpus_fingerprint: z.string().nullable(),
        index_bytes: z.number().int().nullable(),
        writes_applied: z.number().int(),
        months: countMap.meta({ description: 'Live articles per month (`YYYY-MM`, as the `months` facet): the denominator of a match share.' }),
      })
      .meta({ id: 'Stats' }),
    settings: z
      .object({
        time_zone: z.string().meta({ description: 'The corpus time zone: of `from`, `to`, and of dates written without one.', example: defaultConfig.timeZone }),
        limits: z
          .object({
            query_length: z.number().int().meta({ description: 'Longest `q` of a search, in characters.' }),
            limit: z.number().int().meta({ description: 'Largest `limit` of a search.' }),
            offset: z.number().int().meta({ description: 'Largest `offset` of a search.' }),
            snippets: z.number().int().meta({ description: 'Largest `snippets` of a search.' }),
            bulk_queries: z.number().int().meta({ description: 'Most queries in one bulk request.' }),
            suggest_prefix_length: z.number().int().meta({ description: 'Longest `q` of a suggest request, in characters.' }),
            suggestions: z.number().int().meta({ description: 'Largest `limit` of a suggest request.' }),
          })
          .meta({ description: 'The largest value each parameter accepts.' }),
        defaults: z
          .object({
            limit: z.number().int().meta({ description: 'Hits per page of a search.' }),
            snippets: z.number().int().meta({ description: 'Fragments per snippet of a search.' }),
            suggestions: z.number().int().meta({ description: 'Completions of a suggest request.' }),
          })
          .meta({ description: 'The value of each parameter left out.' }),
      })
      .meta({ id: 'Settings' }),
    writeResponse: z.object({ id: z.string(), created: z.boolean().optional(), deleted: z.boolean().optional() }).meta({ id: 'WriteResult' }),
    dictionary: z
      .object({
        version: z.string().meta({ description: 'The dictionary in force: jieba\'s version and a hash of its dictionary and this user dictionary.', example: 'jieba-3.5.8+3b7374cafb77' }),
        words: z.array(z.object({ word: z.string(), freq: z.number().int().nullable(), tag: z.string().nullable() })).meta({ description: 'The user dictionary, one entry per line.' }),
        segments: z
          .object({ total: z.number().int(), pending: z.number().int().meta({ description: 'Segments not cut with the dictionary in force yet (re-cut in the background).' }) })
          .nullable(),
        stall_ms: z.number().int().optional().meta({ description: 'After a PUT: how long the swap held this process\'s main thread.' }),
      })
      .meta({ id: 'Dictionary' }),
    synonyms: z
      .object({
        version: z.string().meta({ description: 'Identifies the rules: equal on every node serving them.' }),
        rules: z.array(
          z.union([
            z.object({ line: z.number().int(), kind: z.literal('equivalent'), terms: z.array(z.string()), source: z.literal('user') }),
            z.object({ line: z.number().int(), kind: z.literal('one-way'), from: z.array(z.string()), to: z.array(z.string()), source: z.literal('user') }),
            z.object({ line: z.number().int(), kind: z.literal('equivalent'), terms: z.array(z.string()), source: z.literal('codes file') }),
            z.object({
              kind: z.literal('equivalent'),
              terms: z.array(z.string()).meta({ description: 'The stock code in each form the articles write it, canonical first, then the company name.' }),
              source: z.literal('mined'),
              articles: z.number().int().meta({ description: 'Live articles that write the name with the code.' }),
            }),
          ]),
        ),
      })
      .meta({ id: 'Synonyms' }),
    error,
  };
}

/** Search parameters as validated by {@link apiSchemas} (`searchQuery` or `bulkEntry`). */
export type SearchParams = ReturnType<ApiSchemas['searchQuery']['parse']>;

/** Export parameters as validated by {@link apiSchemas} (`exportQuery`). */
export type ExportParams = ReturnType<ApiSchemas['exportQuery']['parse']>;

/**
 * The options that decide which documents match and in what order (filters, sort, query
 * length), of validated search or export parameters under a configuration.
 *
 * @example matchOptionsOf({ sort: 'date' }, loadConfig()).timeZone // '+08:00'
 */
export function matchOptionsOf(params: Pick<SearchParams, 'category' | 'tag' | 'from' | 'to' | 'sort'>, config: Config): Partial<SearchOptions> {
  return {
    category: params.category,
    tag: params.tag,
    from: params.from,
    to: params.to,
    sort: params.sort,
    timeZone: config.timeZone,
    parser: { ...defaultQueryParserOptions, maxLength: config.limits.maxQueryLength },
  };
}

/**
 * The search options of validated parameters under a configuration: the one mapping used by
 * `/api/search`, `/api/search/bulk` and `jiansuo bulk`.
 *
 * @example searchOptionsOf(apiSchemas(defaultLimits).searchQuery.parse({ q: 'x' }), loadConfig()).limit // 10
 */
export function searchOptionsOf(params: Omit<SearchParams, 'q'>, config: Config): Partial<SearchOptions> {
  return {
    limit: params.limit,
    offset: params.offset,
    snippets: params.snippets,
    explain: params.explain,
    collapse: params.collapse,
    ...matchOptionsOf(params, config),
  };
}
