import { setImmediate } from 'node:timers/promises';
import { Router, json, type RequestHandler, type Response } from 'express';
import type { Config } from '../../config';
import { JiansuoError } from '../../errors';
import type { SearchIndex } from '../../index/search-index';
import { exportMatches } from '../../search/export';
import { search } from '../../search/search';
import { suggest } from '../../search/suggest';
import { RequestBudget } from '../budget';
import { EXPORT_MEDIA_TYPES, exportFileName, streamExport } from '../../api/export-stream';
import type { Synonyms } from '../../search/synonyms';
import type { SynonymRules } from '../../search/synonym-rules';
import type { RateLimit } from '../rate-limit';
import { matchOptionsOf, searchOptionsOf, type ApiSchemas } from '../../api/schemas';
import { queryParams, validate } from '../../api/validate';
import { ResultCache, type AnswerState } from '../../api/result-cache';
import { dictionaryVersion } from '../../analysis';

type BulkEntry = ReturnType<ApiSchemas['bulkEntry']['parse']>;

/** Longest stretch a bulk request computes before yielding to other requests. */
const BULK_SLICE_MS = 4;

/** A bulk entry that failed: the same `{ error }` shape as an error response. */
export interface BulkError {
  error: { code: string; message: string };
}

function bulkError(error: JiansuoError): BulkError {
  return { error: { code: error.code, message: error.message } };
}

function isBudgetExceeded(error: unknown): error is JiansuoError {
  return error instanceof JiansuoError && error.code === 'budget_exceeded';
}

/** The budget {@link startBudget} gave the request. */
function budgetOf(res: Response): RequestBudget {
  return res.locals.budget as RequestBudget;
}

/**
 * Sends JSON text serialised by the route, so that its size could be counted first. It carries
 * no ETag: a search answer holds its own `took_ms`, so no two are alike and hashing each one
 * (what `res.send` would do) only costs.
 */
function sendJson(res: Response, json: string): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(json));
  res.end(json);
}

/**
 * `GET /api/search`, `POST /api/search/bulk`, `GET /api/export` and `GET /api/suggest`.
 *
 * @example app.use(searchRoutes({ index, config, schemas, synonyms, cache: new ResultCache(0), bulkLimit: rateLimited(60_000, 10_000, 'bulk queries') }))
 */
export function searchRoutes(deps: { index: SearchIndex; config: Config; schemas: ApiSchemas; synonyms: SynonymRules; cache: ResultCache; bulkLimit: RateLimit }): Router {
  const { index, config, schemas, synonyms, cache } = deps;
  const stateOf = (rules: Synonyms): AnswerState => ({ generation: index.generation, rules, dictionary: dictionaryVersion() });
  /**
   * A bulk entry's answer as JSON, or its own error's; a spent budget is the whole batch's, so
   * it is thrown. Entries share the result cache, keyed by the entry with the shared options.
   */
  const bulkResult = (entry: unknown, position: number, shared: Record<string, unknown>, rules: Synonyms, budget: RequestBudget): string => {
    try {
      budget.checkTime();
      const input = typeof entry === 'string' ? { ...shared, q: entry } : { ...shared, ...(entry as Record<string, unknown>) };
      return cache.answer(`bulk ${JSON.stringify(input)}`, stateOf(rules), () => {
        const params: BulkEntry = validate(schemas.bulkEntry, input, `queries[${position}].`);
        return search(index, params.q, { ...searchOptionsOf(params, config), synonyms: rules, checkBudget: budget.checkTime });
      }).json;
    } catch (error) {
      if (!(error instanceof JiansuoError) || isBudgetExceeded(error)) throw error;
      return JSON.stringify(bulkError(error));
    }
  };
  const router = Router();
  // The clock starts when the request arrives: time spent waiting for its body or for other
  // requests counts, so that the budget bounds what the client waits.
  const startBudget: RequestHandler = (_req, res, next) => {
    res.locals.budget = new RequestBudget(config.limits);
    next();
  };

  // The request line is the key: a URL that was answered was valid, so a hit skips validation too.
  router.get('/api/search', startBudget, (req, res) => {
    const budget = budgetOf(res);
    const rules = synonyms.current();
    const { json, hit } = cache.answer(req.originalUrl, stateOf(rules), () => {
      const params = validate(schemas.searchQuery, queryParams(req.query as Record<string, unknown>, ['q']));
      return search(index, params.q, { ...searchOptionsOf(params, config), synonyms: rules, checkBudget: budget.checkTime });
    });
    budget.spend(Buffer.byteLength(json));
    res.setHeader('X-Cache', hit ? 'hit' : 'miss');
    sendJson(res, json);
  });

  router.post(
    '/api/search/bulk',
    startBudget,
    deps.bulkLimit.middleware,
    json({ limit: config.limits.maxBodyBytes, type: ['application/json', 'application/*+json'] }),
    async (req, res) => {
      if (!req.is('application/json') && !req.is('application/*+json')) {
        throw new JiansuoError('unsupported_media_type', `send the queries as application/json, not ${req.get('content-type') ?? 'no Content-Type'}`);
      }
      const body = validate(schemas.bulkRequest, req.body);
      await deps.bulkLimit.charge(req, res, body.queries.length - 1);
      // The shared options are validated with the request; each entry's own fields are checked with the entry.
      const { queries, ...rawShared } = req.body as { queries: unknown[] } & Record<string, unknown>;
      const budget = budgetOf(res);
      // One set of rules for the whole batch, even when they are replaced meanwhile.
      const rules = synonyms.current();
      // Each result is serialised as soon as it is computed, so that its size counts against the
      // budget and the batch never holds more than the budget of results.
      const results: string[] = [];
      // Once the budget is spent, every entry left gets its error without being searched.
      let spent: string | null = null;
      let sliceStarted = performance.now();
      for (let i = 0; i < body.queries.length; i++) {
        if (spent === null) {
          try {
            const result = bulkResult(queries[i], i, rawShared, rules, budget);
            budget.spend(Buffer.byteLength(result));
            results.push(result);
          } catch (error) {
            if (!isBudgetExceeded(error)) throw error;
            spent = JSON.stringify(bulkError(error));
          }
        }
        if (spent !== null) results.push(spent);
        // A 1,000-query batch takes seconds: let other requests in between slices
        // so one analyst's script does not hold up the search box.
        if (performance.now() - sliceStarted > BULK_SLICE_MS) {
          await setImmediate();
          sliceStarted = performance.now();
        }
      }
      sendJson(res, `{"results":[${results.join(',')}],"partial":${spent !== null}}`);
    },
  );

  // An export counts as one bulk query. Matching and ranking run under the time budget, before
  // the first byte; the rows then stream for as long as the client reads them.
  // Each export holds its ranked match list and a core's slices while it streams, for as long
  // as its client reads: a process runs only so many at once.
  let exporting = 0;
  router.get('/api/export', startBudget, deps.bulkLimit.middleware, async (req, res) => {
    const params = validate(schemas.exportQuery, queryParams(req.query as Record<string, unknown>, ['q']));
    const most = config.limits.maxConcurrentExports;
    if (exporting >= most) {
      res.setHeader('Retry-After', '1');
      throw new JiansuoError('rate_limited', `${exporting} exports are streaming from this process, the most it runs at once (${most}); retry when one has finished`);
    }
    exporting++;
    try {
      const options = { ...matchOptionsOf(params, config), synonyms: synonyms.current(), checkBudget: budgetOf(res).checkTime };
      const exported = exportMatches(index, params.q, options, params.snippet);
      res.attachment(exportFileName(params.q, params.format));
      res.type(EXPORT_MEDIA_TYPES[params.format]);
      res.setHeader('X-Total-Count', String(exported.total));
      await streamExport(exported, params.format, res);
    } finally {
      exporting--;
    }
  });

  router.get('/api/suggest', (req, res) => {
    const params = validate(schemas.suggestQuery, queryParams(req.query as Record<string, unknown>, ['q']));
    res.json({ query: params.q, suggestions: suggest(index, params.q, params.limit) });
  });

  return router;
}
