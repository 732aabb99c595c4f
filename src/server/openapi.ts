import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { ApiSchemas } from '../api/schemas';

function json(schema: z.ZodType, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * The OpenAPI 3.1 document of the API, generated from the zod schemas that validate requests,
 * so the two cannot drift apart.
 *
 * @example openApiDocument(apiSchemas(defaultLimits), '0.1.0').paths['/api/search']
 */
export function openApiDocument(schemas: ApiSchemas, version: string): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The value of JIANSUO_ADMIN_TOKEN; writes are disabled when it is unset.',
  });
  const error = (description: string) => json(schemas.error, description);
  const idParams = z.object({ id: schemas.docId });

  registry.registerPath({
    method: 'get',
    path: '/api/search',
    summary: 'Search articles',
    description:
      'An answer is kept for a request that comes again with the same URL until the index, the synonym rules or the dictionary change (`JIANSUO_RESULT_CACHE_MB`, per process); `X-Cache` says `hit` or `miss`, and `took_ms` is the time of this request.',
    request: { query: schemas.searchQuery },
    responses: {
      200: { ...json(schemas.searchResponse, 'Ranked, highlighted hits and facets.'), headers: { 'X-Cache': { description: '`hit` when the answer came from the result cache, `miss` when it was computed.', schema: { type: 'string', enum: ['hit', 'miss'] } } } },
      400: error('A bad parameter, named in the message.'),
    },
  });
  registry.registerPath({
    method: 'post',
    path: '/api/search/bulk',
    summary: 'Run many searches at once',
    description: 'Results come in input order; a bad query gets an `error` entry and does not fail the batch.',
    request: { body: { content: { 'application/json': { schema: schemas.bulkRequestDocumented } } } },
    responses: {
      200: json(schemas.bulkResponse, 'One result or error per query, in input order.'),
      400: error('The request itself is malformed.'),
      413: error('The body is larger than the limit.'),
      429: error('Too many bulk requests from this client.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/export',
    summary: 'Every match of a search, streamed',
    description:
      'The matches in the order `/api/search` pages give, with the same scores: CSV (UTF-8 BOM, a header row, RFC 4180 quoting, categories and tags joined by `;`) or JSON Lines. `X-Total-Count` gives the number of rows. An error after the first byte closes the connection before the end of the response, so a cut-off export never looks complete.',
    request: { query: schemas.exportQuery },
    responses: {
      200: {
        description: 'The rows id, title, date, url, categories, tags, score and, with `snippet=1`, snippet.',
        content: { 'text/csv': { schema: z.string() }, 'application/x-ndjson': { schema: z.string() } },
      },
      400: error('A bad parameter, named in the message.'),
      429: error('Too many bulk queries or exports from this client.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/docs/{id}',
    summary: 'One whole article',
    request: { params: idParams },
    responses: { 200: json(schemas.document, 'The article and its indexed text.'), 404: error('No article with this id.') },
  });
  const writeErrors = {
    400: error('A bad id or document.'),
    401: error('No bearer token.'),
    403: error('A wrong token, or writes are disabled.'),
    413: error('The body is larger than the limit.'),
    415: error('Neither text/markdown nor application/json.'),
    429: error('Too many writes from this client.'),
  };
  registry.registerPath({
    method: 'put',
    path: '/api/docs/{id}',
    summary: 'Add or replace an article',
    description: 'Durable (logged and fsynced) before it is acknowledged, and visible to the next search.',
    security: [{ [bearer.name]: [] }],
    request: {
      params: idParams,
      body: {
        content: {
          'text/markdown': { schema: z.string().meta({ description: 'YAML front matter and an HTML body, as in the corpus.' }) },
          'application/json': { schema: schemas.documentJson },
        },
      },
    },
    responses: { 200: json(schemas.writeResponse, 'Replaced.'), 201: json(schemas.writeResponse, 'Created.'), ...writeErrors },
  });
  registry.registerPath({
    method: 'delete',
    path: '/api/docs/{id}',
    summary: 'Delete an article',
    security: [{ [bearer.name]: [] }],
    request: { params: idParams },
    responses: { 200: json(schemas.writeResponse, 'Deleted.'), 404: error('No article with this id.'), ...writeErrors },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/suggest',
    summary: 'Completions of a prefix',
    request: { query: schemas.suggestQuery },
    responses: { 200: json(schemas.suggestResponse, 'Words and titles that start with the prefix.'), 400: error('A bad parameter.') },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/synonyms',
    summary: 'The synonym rules in force',
    responses: { 200: json(schemas.synonyms, 'Each rule flagged with its source: the user rules with their line, then the codes file, then the stock codes and company names the articles write.') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/synonyms',
    summary: 'Replace the synonym rules',
    description: 'A synonyms file (`a, b` equivalent, `a => b` one way, `#` comments), in force on every node within 5 s and kept across a restart. It replaces the user rules; the stock codes stay.',
    security: [{ [bearer.name]: [] }],
    request: { body: { content: { 'text/plain': { schema: z.string().meta({ example: '央行, 中国人民银行\n浙大 => 浙江大学' }) } } } },
    responses: {
      200: json(schemas.synonyms, 'The rules now in force.'),
      ...writeErrors,
      400: error('A malformed rule, named by its line; the rules in force stay.'),
      415: error('Not text/plain.'),
      503: error('The shared store is unavailable; the rules in force stay.'),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/dictionary',
    summary: 'The user dictionary in force',
    description: 'Matching never depends on it (substring-exact); ranking words, the relaxed fallback and word suggestions do.',
    responses: { 200: json(schemas.dictionary, 'The words in force and how much of the served index is cut with them.') },
  });
  registry.registerPath({
    method: 'put',
    path: '/api/dictionary',
    summary: 'Replace the user dictionary',
    description: 'A jieba user dictionary (`word`, `word tag` or `word freq tag` per line), kept with the index and in force on every worker at once; the index is cut again in the background while searches answer. Over a shared store it is replaced where the store\'s index is built.',
    security: [{ [bearer.name]: [] }],
    request: { body: { content: { 'text/plain': { schema: z.string().meta({ example: '宁德时代 200 nt\n北向资金 200 n' }) } } } },
    responses: {
      200: json(schemas.dictionary, 'The dictionary now in force, with the stall of the swap.'),
      ...writeErrors,
      400: error('A malformed line, named; the dictionary in force stays.'),
      415: error('Not text/plain.'),
    },
  });
  registry.registerPath({ method: 'get', path: '/api/health', summary: 'Liveness', responses: { 200: json(schemas.health, 'The index is loaded.') } });
  registry.registerPath({
    method: 'get',
    path: '/api/settings',
    summary: 'Limits and defaults of the parameters',
    description: 'What the search page and the embedded search box read at start, so that they never name a limit of their own.',
    responses: { 200: json(schemas.settings, 'The limits, the defaults and the corpus time zone in force.') },
  });
  registry.registerPath({ method: 'get', path: '/api/stats', summary: 'About the index', responses: { 200: json(schemas.stats, 'Counts and versions.') } });
  registry.registerPath({
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    responses: { 200: { description: 'Prometheus text format.', content: { 'text/plain': { schema: z.string() } } } },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'jiansuo', version, description: 'Full-text search for Chinese news archives.' },
  });
}
