import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { start } from '../../src/server/main';
import { captureIo } from '../cli/io';
import { sampleArticles, testConfig } from '../server/helpers';
import { limitsWith, removeDir, tempDir, writeSampleIndex } from './helpers';

const TOKEN = 'limits-test-token';

/** Status and error of a response, for one exact comparison. */
function outcome(res: request.Response): [number, unknown] {
  return [res.status, res.status === 200 ? null : res.body.error];
}

describe('request limits', () => {
  let app: Express;
  beforeAll(async () => {
    app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: TOKEN, limits: limitsWith({ writesPerWindow: 100_000, bulkQueriesPerWindow: 1_000_000 }) }) });
  });

  it('returns 200 at 256 characters and 400 at 257 when q grows', async () => {
    const at = await request(app).get('/api/search').query({ q: '海'.repeat(256) });
    const over = await request(app).get('/api/search').query({ q: '海'.repeat(257) });
    expect([outcome(at), outcome(over)]).toEqual([
      [200, null],
      [400, { code: 'invalid_parameter', message: 'invalid parameter q: must be a query of 1 to 256 characters (got 257 characters)' }],
    ]);
  });

  it('returns that entry a 400 error and the batch 200 when a bulk entry has 257 characters', async () => {
    const res = await request(app).post('/api/search/bulk').send({ queries: ['a'.repeat(257)] });
    expect([res.status, res.body.results[0].error]).toEqual([200, { code: 'invalid_parameter', message: 'invalid parameter queries[0].q: must be a query of 1 to 256 characters (got 257 characters)' }]);
  });

  it('returns 400 at 33 terms when a query has more than 32', async () => {
    const res = await request(app).get('/api/search').query({ q: Array.from({ length: 33 }, (_, i) => `t${i}`).join(' ') });
    expect(outcome(res)).toEqual([400, { code: 'invalid_query', message: 'invalid query: 33 terms, the limit is 32' }]);
  });

  it.each([
    ['limit', '100', '101', 'invalid parameter limit: must be an integer from 1 to 100 (got "101")'],
    ['limit', '1', '0', 'invalid parameter limit: must be an integer from 1 to 100 (got "0")'],
    ['offset', '10000', '10001', 'invalid parameter offset: must be an integer from 0 to 10000 (got "10001")'],
    ['snippets', '5', '6', 'invalid parameter snippets: must be an integer from 0 to 5 (got "6")'],
  ])('returns 200 at %s=%s and 400 one step past it', async (name, ok, bad, message) => {
    const at = await request(app).get('/api/search').query({ q: '中国', [name]: ok });
    const over = await request(app).get('/api/search').query({ q: '中国', [name]: bad });
    expect([outcome(at), outcome(over)]).toEqual([
      [200, null],
      [400, { code: 'invalid_parameter', message }],
    ]);
  });

  it('returns 200 at 50 and 400 at 51 when /api/suggest asks for more completions', async () => {
    const at = await request(app).get('/api/suggest').query({ q: '海', limit: 50 });
    const over = await request(app).get('/api/suggest').query({ q: '海', limit: 51 });
    const long = await request(app).get('/api/suggest').query({ q: '海'.repeat(65) });
    expect([outcome(at), outcome(over), outcome(long)]).toEqual([
      [200, null],
      [400, { code: 'invalid_parameter', message: 'invalid parameter limit: must be an integer from 1 to 50 (got "51")' }],
      [400, { code: 'invalid_parameter', message: 'invalid parameter q: must be a prefix of 1 to 64 characters (got 65 characters)' }],
    ]);
  });

  it('returns 1,000 results at 1,000 queries and 400 at 1,001 when a bulk request grows', async () => {
    const at = await request(app).post('/api/search/bulk').send({ queries: Array.from({ length: 1000 }, (_, i) => `${i}`), limit: 1, snippets: 0 });
    const over = await request(app).post('/api/search/bulk').send({ queries: Array.from({ length: 1001 }, () => 'a') });
    expect([at.status, at.body.results.length]).toEqual([200, 1000]);
    expect(outcome(over)).toEqual([400, { code: 'invalid_parameter', message: 'invalid parameter queries: must hold 1 to 1000 queries (got ["a","a","a","a","a","a","a","a","a","a"…)' }]);
  });

  it('returns 413 payload_too_large when a bulk or PUT body is over 1 MB', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const bulk = await request(app).post('/api/search/bulk').set('Content-Type', 'application/json').send(JSON.stringify({ queries: ['a'], pad: big }));
    const putJson = await request(app).put('/api/docs/big').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'application/json').send(JSON.stringify({ title: 't', text: big }));
    const putMarkdown = await request(app).put('/api/docs/big').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/markdown').send(`---\ntitle: t\n---\n${big}`);
    const error = { code: 'payload_too_large', message: 'request body too large: the limit is 1048576 bytes' };
    expect([outcome(bulk), outcome(putJson), outcome(putMarkdown)]).toEqual([
      [413, error],
      [413, error],
      [413, error],
    ]);
  });

  it('returns 200 just under 1 MB when a PUT body is within the limit', async () => {
    const res = await request(app).put('/api/docs/almost').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'application/json').send(JSON.stringify({ title: 't', text: '海'.repeat(300_000) }));
    expect(res.status).toBe(201);
  });
});

describe('rate limits', () => {
  it('returns 429 rate_limited on the 121st write within a minute from one client', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: TOKEN }) });
    const server: Server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 120; i++) statuses.push((await request(base).delete(`/api/docs/none-${i}`).set('Authorization', `Bearer ${TOKEN}`)).status);
      const limited = await request(base).delete('/api/docs/none').set('Authorization', `Bearer ${TOKEN}`);
      expect(new Set(statuses)).toEqual(new Set([404]));
      expect(outcome(limited)).toEqual([429, { code: 'rate_limited', message: 'too many requests: at most 120 writes per 60 s from one client; retry later' }]);
      expect(limited.headers.ratelimit).toMatch(/^limit=120, remaining=0, reset=\d+$/);
      // Searches are not rate limited.
      expect((await request(base).get('/api/search').query({ q: '中国' })).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('returns 429 rate_limited on the 10,001st bulk query within a minute from one client', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig() });
    const bulk = (count: number) => request(app).post('/api/search/bulk').send({ queries: Array.from({ length: count }, () => '中国'), limit: 1, snippets: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await bulk(1000)).status);
    const limited = await bulk(1);
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(outcome(limited)).toEqual([429, { code: 'rate_limited', message: 'too many requests: at most 10000 bulk queries per 60 s from one client; retry later' }]);
  });

  it('one request can hold the CPU for a minute: a bulk of 1,000 queries costs 1,000 against the rate limit', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ limits: limitsWith({ bulkQueriesPerWindow: 1000 }) }) });
    const full = await request(app).post('/api/search/bulk').send({ queries: Array.from({ length: 1000 }, () => '中国'), limit: 1, snippets: 0 });
    const next = await request(app).post('/api/search/bulk').send({ queries: ['中国'] });
    expect([full.status, full.headers.ratelimit?.replace(/reset=\d+$/, 'reset=…')]).toEqual([200, 'limit=1000, remaining=0, reset=…']);
    expect(outcome(next)).toEqual([429, { code: 'rate_limited', message: 'too many requests: at most 1000 bulk queries per 60 s from one client; retry later' }]);
  });

  it('returns 429 and counts one query when a bulk request would pass the limit, so a smaller one still fits', async () => {
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ limits: limitsWith({ bulkQueriesPerWindow: 10 }) }) });
    const bulk = async (count: number) => {
      const res = await request(app).post('/api/search/bulk').send({ queries: Array.from({ length: count }, () => '中国') });
      return [res.status, /remaining=(\d+)/.exec(res.headers.ratelimit ?? '')?.[1]];
    };
    expect([await bulk(6), await bulk(5), await bulk(3), await bulk(1)]).toEqual([
      [200, '4'],
      [429, '3'],
      [200, '0'],
      [429, '0'],
    ]);
  });

  it('returns the configured limits and budgets when their environment variables are set', () => {
    const { limits } = loadConfig({}, { JIANSUO_RATE_LIMIT_WRITES: '5', JIANSUO_RATE_LIMIT_BULK: '7', JIANSUO_TIME_BUDGET_MS: '250', JIANSUO_RESPONSE_BUDGET_BYTES: '65536' });
    expect([limits.writesPerWindow, limits.bulkQueriesPerWindow, limits.rateWindowMs, limits.timeBudgetMs, limits.responseBudgetBytes]).toEqual([5, 7, 60_000, 250, 65_536]);
  });

  it('throws invalid_parameter naming the variable when a budget is not a positive integer', () => {
    expect(() => loadConfig({}, { JIANSUO_TIME_BUDGET_MS: '0' })).toThrow('invalid parameter JIANSUO_TIME_BUDGET_MS: "0" is not a positive integer');
    expect(() => loadConfig({}, { JIANSUO_RESPONSE_BUDGET_BYTES: '1e3x' })).toThrow('invalid parameter JIANSUO_RESPONSE_BUDGET_BYTES: "1e3x" is not a positive integer');
  });
});

describe('the running service', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir('limits-start');
    await writeSampleIndex(path.join(dir, 'index'));
  });
  afterAll(() => removeDir(dir));

  it('returns 431 with no JSON body when the request line and headers pass 16 KB, and keeps serving', async () => {
    const config = { ...loadConfig({ index: path.join(dir, 'index'), corpus: path.join(dir, 'none'), port: 0 }, { NODE_ENV: 'test' }), host: '127.0.0.1' };
    const service = await start(config, { io: captureIo() });
    try {
      const base = `http://127.0.0.1:${service.port}`;
      const huge = await fetch(`${base}/api/search?q=${'a'.repeat(17 * 1024)}`);
      expect([huge.status, await huge.text()]).toEqual([431, '']);
      expect((await fetch(`${base}/api/search?q=${'a'.repeat(12 * 1024)}`)).status).toBe(400);
      // Node's defaults, which jiansuo keeps: a slow client is cut off after these.
      expect([service.server.headersTimeout, service.server.requestTimeout, service.server.keepAliveTimeout]).toEqual([60_000, 300_000, 5_000]);
    } finally {
      await service.stop();
    }
  }, 30_000);
});
