import request from 'supertest';
import type { Limits } from '../../src/config';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';
import { limitsWith } from './helpers';

/** The hostile bulk request: 1,000 copies of a 32-term query of a character in every article, at the largest page. */
const HOSTILE_BULK = { queries: Array.from({ length: 1000 }, () => Array.from({ length: 32 }, () => '的').join(' ')), limit: 100, snippets: 5 };

const TIME_SPENT = { code: 'budget_exceeded', message: 'budget exceeded: the request ran past its time budget of 0 ms (JIANSUO_TIME_BUDGET_MS)' };

let index: SearchIndex;
beforeAll(async () => {
  index = buildIndex(await sampleArticles());
});

/** The service with `limits`, its result cache off: it would answer the 999 copies of a bulk's first query at once. */
function appWith(limits: Partial<Limits>) {
  return createApp({ index, config: testConfig({ resultCacheBytes: 0, limits: limitsWith({ bulkQueriesPerWindow: 1_000_000, ...limits }) }) });
}

interface BulkBody {
  results: Array<{ error?: { code: string; message: string }; took_ms?: number }>;
  partial: boolean;
}

describe('the time budget', () => {
  it('one request can hold the CPU for a minute: returns 200, every entry budget_exceeded and partial: true when a hostile bulk has no time left', async () => {
    const res = await request(appWith({ timeBudgetMs: 0 })).post('/api/search/bulk').send(HOSTILE_BULK);
    const body = res.body as BulkBody;
    expect([res.status, body.partial, body.results.length]).toEqual([200, true, 1000]);
    expect(new Set(body.results.map((result) => JSON.stringify(result)))).toEqual(new Set([JSON.stringify({ error: TIME_SPENT })]));
  });

  it('returns the entries searched in time, then budget_exceeded for every one left, when a hostile bulk runs past 1 s', async () => {
    // Uncut, this batch takes seconds on the sample corpus; its first entry takes milliseconds.
    const res = await request(appWith({ timeBudgetMs: 1000 })).post('/api/search/bulk').send(HOSTILE_BULK);
    const body = res.body as BulkBody;
    const firstCut = body.results.findIndex((result) => result.error !== undefined);
    const error = { code: 'budget_exceeded', message: 'budget exceeded: the request ran past its time budget of 1000 ms (JIANSUO_TIME_BUDGET_MS)' };
    expect([res.status, body.partial, body.results.length]).toEqual([200, true, 1000]);
    expect(firstCut).toBeGreaterThan(0);
    expect(body.results.slice(0, firstCut).every((result) => typeof result.took_ms === 'number')).toBe(true);
    expect(body.results.slice(firstCut).every((result) => JSON.stringify(result) === JSON.stringify({ error }))).toBe(true);
  });

  it('returns partial: false when every entry of a bulk request is answered', async () => {
    const res = await request(appWith({})).post('/api/search/bulk').send({ queries: ['海通证券', '"unbalanced'] });
    const body = res.body as BulkBody;
    expect([res.status, body.partial, body.results.length, body.results[1].error?.code]).toEqual([200, false, 2, 'invalid_query']);
  });

  it('returns 503 budget_exceeded when a single search has no time left', async () => {
    const res = await request(appWith({ timeBudgetMs: 0 })).get('/api/search').query({ q: '的 的 的', limit: 100, snippets: 5 });
    expect([res.status, res.body]).toEqual([503, { error: TIME_SPENT }]);
  });
});

describe('the response-size budget', () => {
  it('returns the entries that fit, then budget_exceeded for every one left, when bulk results pass the size budget', async () => {
    const entry = { q: '海通证券', limit: 1, snippets: 1 };
    const single = await request(appWith({})).post('/api/search/bulk').send({ queries: [entry] });
    const entryBytes = Buffer.byteLength(JSON.stringify(single.body.results[0]));
    // Room for two entries and a half: took_ms may differ by a few bytes between entries.
    const budget = Math.floor(entryBytes * 2.5);
    const res = await request(appWith({ responseBudgetBytes: budget })).post('/api/search/bulk').send({ queries: Array.from({ length: 5 }, () => entry) });
    const body = res.body as BulkBody;
    const error = { code: 'budget_exceeded', message: `budget exceeded: the response would pass its size budget of ${budget} bytes (JIANSUO_RESPONSE_BUDGET_BYTES)` };
    expect([res.status, body.partial]).toEqual([200, true]);
    expect(body.results.map((result) => result.error ?? 'answered')).toEqual(['answered', 'answered', error, error, error]);
  });

  it('returns 503 budget_exceeded when a single search answers more than the size budget', async () => {
    const res = await request(appWith({ responseBudgetBytes: 1024 })).get('/api/search').query({ q: '中国', limit: 10, snippets: 5 });
    expect([res.status, res.body]).toEqual([
      503,
      { error: { code: 'budget_exceeded', message: 'budget exceeded: the response would pass its size budget of 1024 bytes (JIANSUO_RESPONSE_BUDGET_BYTES)' } },
    ]);
  });

  it('returns 200 when a single search answers within the size budget', async () => {
    const res = await request(appWith({ responseBudgetBytes: 1024 })).get('/api/search').query({ q: '海通证券', limit: 1, snippets: 0 });
    expect([res.status, Buffer.byteLength(res.text) <= 1024]).toEqual([200, true]);
  });
});
