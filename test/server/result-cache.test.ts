import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import request from 'supertest';
import { parseUserDictionary, useUserDictionary, USER_DICT_PATH, versionOf } from '../../src/analysis';
import { loadConfig } from '../../src/config';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';

const TOKEN = 'cache-token';
const AUTH = `Bearer ${TOKEN}`;

async function cachedApp(resultCacheBytes = 64 * 1024 * 1024) {
  const index = buildIndex(await sampleArticles());
  return { index, app: createApp({ index, config: testConfig({ adminToken: TOKEN, resultCacheBytes }) }) };
}

/** An answer without its `took_ms`, the one field that differs from one request to the next. */
function withoutTime(body: { took_ms?: number }): object {
  const { took_ms: _took, ...rest } = body;
  return rest;
}

const ARTICLE = { title: '海通证券推出AB轮岗新规', date: '2024-10-08 09:00:00 +0800', categories: ['securities'], tags: ['证券'], text: '海通证券实行AB轮岗，保障7*24小时服务。' };

describe('the result cache of GET /api/search', () => {
  it('answers a request that comes again from the cache, with the same answer and its own took_ms', async () => {
    const { app } = await cachedApp();
    const first = await request(app).get('/api/search').query({ q: '海通证券', limit: 3 }).expect(200);
    const again = await request(app).get('/api/search').query({ q: '海通证券', limit: 3 }).expect(200);
    expect([first.headers['x-cache'], again.headers['x-cache']]).toEqual(['miss', 'hit']);
    expect(withoutTime(again.body)).toEqual(withoutTime(first.body));
    expect(again.body.total).toBe(6);
    expect(typeof again.body.took_ms).toBe('number');
  });

  it('answers anew after a write, with the written article', async () => {
    const { app } = await cachedApp();
    await request(app).get('/api/search').query({ q: 'AB轮岗' }).expect(200);
    await request(app).put('/api/docs/cache-1').set('Authorization', AUTH).send(ARTICLE).expect(201);
    const after = await request(app).get('/api/search').query({ q: 'AB轮岗' }).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body.hits.map((hit: { id: string }) => hit.id)).toContain('cache-1');
    await request(app).delete('/api/docs/cache-1').set('Authorization', AUTH).expect(200);
    const deleted = await request(app).get('/api/search').query({ q: 'AB轮岗' }).expect(200);
    expect(deleted.body.hits.map((hit: { id: string }) => hit.id)).not.toContain('cache-1');
  });

  it('answers anew after the synonyms are replaced', async () => {
    const { app } = await cachedApp();
    const before = await request(app).get('/api/search').query({ q: '央行' }).expect(200);
    await request(app).put('/api/synonyms').set('Authorization', AUTH).set('Content-Type', 'text/plain').send('央行 => 中国人民银行\n').expect(200);
    const after = await request(app).get('/api/search').query({ q: '央行' }).expect(200);
    expect(after.headers['x-cache']).toBe('miss');
    expect(after.body.total).toBeGreaterThan(before.body.total);
  });

  it('answers anew after the dictionary is replaced: explain shows the new cut', async () => {
    const project = readFileSync(USER_DICT_PATH, 'utf8');
    const { app } = await cachedApp();
    try {
      const url = '/api/search?q=%E5%AE%81%E5%BE%B7%E6%97%B6%E4%BB%A3&explain=1';
      expect((await request(app).get(url).expect(200)).body.explain.terms[0].words).toEqual(['宁德', '时代']);
      await request(app).put('/api/dictionary').set('Authorization', AUTH).set('Content-Type', 'text/plain').send(`${project.trimEnd()}\n宁德时代 300 nt\n`).expect(200);
      const after = await request(app).get(url).expect(200);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.body.explain.terms[0].words).toEqual(['宁德', '时代', '宁德时代']);
    } finally {
      useUserDictionary(parseUserDictionary(project, USER_DICT_PATH, versionOf));
    }
  });

  it('does not keep an invalid request: it answers 400 every time', async () => {
    const { app } = await cachedApp();
    for (let i = 0; i < 2; i++) {
      const res = await request(app).get('/api/search').query({ q: '海通', limit: 0 }).expect(400);
      expect(res.body.error.code).toBe('invalid_parameter');
    }
  });

  it('answers every request from search() when it is turned off', async () => {
    const { app } = await cachedApp(0);
    for (let i = 0; i < 2; i++) expect((await request(app).get('/api/search').query({ q: '海通证券' }).expect(200)).headers['x-cache']).toBe('miss');
  });

  it('gives what an app without the cache gives, whatever searches and writes come in between', async () => {
    const queries = ['海通证券', 'AB轮岗', '证券', '7*24', '人民币 汇率', '央行 OR 海通', '证券 -海通', '600837'];
    const { index, app } = await cachedApp();
    const uncached = createApp({ index, config: testConfig({ resultCacheBytes: 0 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.record({ search: fc.constantFrom(...queries), limit: fc.constantFrom(3, 10) }), fc.record({ write: fc.constantFrom('w-1', 'w-2'), remove: fc.boolean() })), { maxLength: 12 }),
        async (steps) => {
          for (const step of steps) {
            if ('search' in step) {
              const res = await request(app).get('/api/search').query({ q: step.search, limit: step.limit }).expect(200);
              const fresh = await request(uncached).get('/api/search').query({ q: step.search, limit: step.limit }).expect(200);
              expect(withoutTime(res.body)).toEqual(withoutTime(fresh.body));
            } else if (step.remove) {
              await request(app).delete(`/api/docs/${step.write}`).set('Authorization', AUTH);
            } else {
              await request(app).put(`/api/docs/${step.write}`).set('Authorization', AUTH).send({ ...ARTICLE, title: `${ARTICLE.title}${step.write}` }).expect((res) => expect([200, 201]).toContain(res.status));
            }
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe('the result cache of POST /api/search/bulk', () => {
  it('answers an entry that comes again from the cache, and each entry alike', async () => {
    const { app } = await cachedApp();
    const body = { queries: ['海通证券', { q: 'AB轮岗', limit: 1 }, '海通证券', { q: '' }], limit: 2 };
    const first = await request(app).post('/api/search/bulk').send(body).expect(200);
    const again = await request(app).post('/api/search/bulk').send(body).expect(200);
    const results = (res: request.Response) => res.body.results.map((result: { took_ms?: number }) => withoutTime(result));
    expect(results(again)).toEqual(results(first));
    expect(results(first)[0]).toEqual(results(first)[2]);
    expect(first.body.results[3].error.code).toBe('invalid_parameter');
    expect(first.body.results[0].hits).toHaveLength(2);
  });
});

describe('JIANSUO_RESULT_CACHE_MB', () => {
  it('sets the cache budget in MiB, 64 by default and 0 for none', () => {
    expect(loadConfig({}, {}).resultCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({}, { JIANSUO_RESULT_CACHE_MB: '8' }).resultCacheBytes).toBe(8 * 1024 * 1024);
    expect(loadConfig({}, { JIANSUO_RESULT_CACHE_MB: '0' }).resultCacheBytes).toBe(0);
  });

  it('names a value that is not a number of MiB', () => {
    expect(() => loadConfig({}, { JIANSUO_RESULT_CACHE_MB: 'lots' })).toThrow('JIANSUO_RESULT_CACHE_MB: "lots" is not a number of MiB (0 or more)');
  });
});
