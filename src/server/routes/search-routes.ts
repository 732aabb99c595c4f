import { setImmediate } from 'node:timers/promises';
import { Router, json } from 'express';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import type { Config } from '../../config';
import { JiansuoError } from '../../errors';
import type { SearchIndex } from '../../index/search-index';
import { search, type SearchResponse } from '../../search/search';
import { suggest } from '../../search/suggest';
import { searchOptionsOf, type ApiSchemas } from '../schemas';
import { queryParams, validate } from '../validate';

type BulkEntry = ReturnType<ApiSchemas['bulkEntry']['parse']>;

/** Longest stretch a bulk request computes before yielding to other requests. */
const BULK_SLICE_MS = 4;

/** A bulk entry that failed: the same `{ error }` shape as an error response. */
export interface BulkError {
  error: { code: string; message: string };
}

function bulkResult(index: SearchIndex, entry: unknown, position: number, shared: Record<string, unknown>, schemas: ApiSchemas, config: Config): SearchResponse | BulkError {
  try {
    const input = typeof entry === 'string' ? { ...shared, q: entry } : { ...shared, ...(entry as Record<string, unknown>) };
    const params: BulkEntry = validate(schemas.bulkEntry, input, `queries[${position}].`);
    return search(index, params.q, searchOptionsOf(params, config));
  } catch (error) {
    if (!(error instanceof JiansuoError)) throw error;
    return { error: { code: error.code, message: error.message } };
  }
}

/**
 * `GET /api/search`, `POST /api/search/bulk` and `GET /api/suggest`.
 *
 * @example app.use(searchRoutes({ index, config, schemas, bulkLimiter }))
 */
export function searchRoutes(deps: { index: SearchIndex; config: Config; schemas: ApiSchemas; bulkLimiter: RateLimitRequestHandler }): Router {
  const { index, config, schemas } = deps;
  const router = Router();

  router.get('/api/search', (req, res) => {
    const params = validate(schemas.searchQuery, queryParams(req.query as Record<string, unknown>, ['q']));
    res.json(search(index, params.q, searchOptionsOf(params, config)));
  });

  router.post(
    '/api/search/bulk',
    deps.bulkLimiter,
    json({ limit: config.limits.maxBodyBytes, type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (!req.is('application/json') && !req.is('application/*+json')) {
        throw new JiansuoError('unsupported_media_type', `send the queries as application/json, not ${req.get('content-type') ?? 'no Content-Type'}`);
      }
      const body = validate(schemas.bulkRequest, req.body);
      // The shared options are validated with the request; each entry's own fields are checked with the entry.
      const { queries, ...rawShared } = req.body as { queries: unknown[] } & Record<string, unknown>;
      const results: Array<SearchResponse | BulkError> = [];
      let sliceStarted = performance.now();
      for (let i = 0; i < body.queries.length; i++) {
        results.push(bulkResult(index, queries[i], i, rawShared, schemas, config));
        // A 1,000-query batch takes most of a second: let other requests in between slices
        // so one analyst's script does not hold up the search box.
        if (performance.now() - sliceStarted > BULK_SLICE_MS) {
          await setImmediate();
          sliceStarted = performance.now();
        }
      }
      res.json({ results });
    },
  );

  router.get('/api/suggest', (req, res) => {
    const params = validate(schemas.suggestQuery, queryParams(req.query as Record<string, unknown>, ['q']));
    res.json({ query: params.q, suggestions: suggest(index, params.q, params.limit) });
  });

  return router;
}
