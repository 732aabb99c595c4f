import type { Request, Response } from 'express';
import { MemoryStore, rateLimit, type AugmentedRequest, type RateLimitRequestHandler } from 'express-rate-limit';
import { JiansuoError } from '../errors';

/** A per-client rate limit in units, where one request may cost several (a bulk request one per query). */
export interface RateLimit {
  /** Counts one unit and refuses a client already past the limit, before the body is read. */
  middleware: RateLimitRequestHandler;
  /**
   * Counts `units` more for the request's client and updates its `RateLimit` header; refuses
   * the request with `rate_limited`, giving the units back, when they take the client past the limit.
   */
  charge(req: Request, res: Response, units: number): Promise<void>;
}

/**
 * At most `limit` units per client per `windowMs`, on express-rate-limit: its middleware counts
 * a request's first unit, {@link RateLimit.charge} the rest once the request says its cost.
 *
 * @example
 * const bulk = rateLimited(60_000, 10_000, 'bulk queries');
 * router.post('/api/search/bulk', bulk.middleware, json(), async (req, res) => {
 *   await bulk.charge(req, res, req.body.queries.length - 1);
 * });
 */
export function rateLimited(windowMs: number, limit: number, what: string): RateLimit {
  const store = new MemoryStore();
  const refusal = () => new JiansuoError('rate_limited', `at most ${limit} ${what} per ${windowMs / 1000} s from one client; retry later`);
  const middleware = rateLimit({
    windowMs,
    limit,
    store,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(refusal()),
  });
  return {
    middleware,
    async charge(req, res, units) {
      if (units === 0) return;
      const { key } = (req as AugmentedRequest).rateLimit;
      let used = 0;
      let resetTime: Date | undefined;
      for (let i = 0; i < units; i++) ({ totalHits: used, resetTime } = await store.increment(key));
      const over = used > limit;
      if (over) {
        for (let i = 0; i < units; i++) await store.decrement(key);
        used -= units;
      }
      const resetSeconds = resetTime === undefined ? 0 : Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
      res.setHeader('RateLimit', `limit=${limit}, remaining=${Math.max(0, limit - used)}, reset=${resetSeconds}`);
      if (over) throw refusal();
    },
  };
}
