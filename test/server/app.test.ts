import request from 'supertest';
import { defaultLimits, loadConfig, utcOffsetMinutes } from '../../src/config';
import { buildIndex } from '../../src/index/build';
import { FORMAT_VERSION } from '../../src/index/manifest';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';

const HAITONG_IDS = [
  '2021-12-20-202112202217300551',
  '2022-03-29-202203292326272624',
  '2022-03-31-202203311842051960',
  '2022-04-06-202204061603122913',
  '2022-04-15-202204152018033627',
  '2024-09-06-202409063160830042',
];

async function app() {
  return createApp({ index: buildIndex(await sampleArticles()), config: testConfig() });
}

describe('GET /api/search', () => {
  it('returns the 6 海通证券 articles with marks and facets over all matches when given q', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', limit: 2 }).expect(200);
    expect(res.body.query).toBe('海通证券');
    expect(res.body.total).toBe(6);
    expect(res.body.relaxed).toBe(false);
    expect(res.body.hits).toHaveLength(2);
    expect(res.body.hits[0].id).toBe('2022-04-15-202204152018033627');
    expect(res.body.hits[0].title_html).toBe('<mark>海通证券</mark>一季度线上开户数同比增长逾四成');
    expect(Object.keys(res.body.hits[0]).sort()).toEqual(
      ['categories', 'date', 'id', 'score', 'snippet_html', 'tags', 'title', 'title_html', 'url'].sort(),
    );
    expect(res.body.facets.months).toEqual({ '2021-12': 1, '2022-03': 2, '2022-04': 2, '2024-09': 1 });
    expect(res.body.facets.categories).toEqual({ securities: 6, hkstocks: 1 });
    expect(typeof res.body.took_ms).toBe('number');
  });

  it('returns the 海通证券 articles flagged as pinyin matches when q is its full pinyin', async () => {
    const res = await request(await app()).get('/api/search').query({ q: 'haitongzhengquan', limit: 10 }).expect(200);
    expect(res.body.pinyin).toBe(true);
    expect(res.body.hits.map((hit: { id: string }) => hit.id).sort()).toEqual(HAITONG_IDS);
    expect((await request(await app()).get('/api/search').query({ q: '海通证券' }).expect(200)).body.pinyin).toBe(false);
  });

  it('returns every match across pages when offset walks through them', async () => {
    const server = await app();
    const ids: string[] = [];
    for (const offset of [0, 4]) {
      const res = await request(server).get('/api/search').query({ q: '海通证券', limit: 4, offset }).expect(200);
      ids.push(...res.body.hits.map((hit: { id: string }) => hit.id));
    }
    expect(ids.sort()).toEqual(HAITONG_IDS);
  });

  it('returns only the filtered articles when given category, tag, from and to', async () => {
    const server = await app();
    const byCategory = await request(server).get('/api/search').query({ q: '海通证券', category: 'hkstocks' }).expect(200);
    expect(byCategory.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['2024-09-06-202409063160830042']);
    const byMonth = await request(server).get('/api/search').query({ q: '海通证券', from: '2022-03-01', to: '2022-03-31', sort: 'date' }).expect(200);
    expect(byMonth.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['2022-03-31-202203311842051960', '2022-03-29-202203292326272624']);
    const byTag = await request(server).get('/api/search').query({ q: 'AB轮岗', tag: '银行' }).expect(200);
    expect(byTag.body.total).toBe(1);
  });

  it('treats empty filter values as absent when a form sends them', async () => {
    const res = await request(await app()).get('/api/search').query({ q: 'AB轮岗', category: '', tag: '', from: '', to: '' }).expect(200);
    expect(res.body.total).toBe(5);
  });

  it('adds explain when explain=1', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', explain: 1 }).expect(200);
    expect(res.body.explain.terms[0]).toMatchObject({ term: '海通证券', matches: 6, excluded: false });
  });

  it('answers 400 naming every bad parameter when several are bad', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '', limit: 0, sort: 'new', snippets: 9, explain: 'yes', offset: -1 }).expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'invalid_parameter',
        message:
          'invalid parameter q: must be a query of 1 to 256 characters (got ""); limit: must be an integer from 1 to 100 (got "0"); ' +
          'offset: must be an integer from 0 to 10000 (got "-1"); sort: must be "relevance" or "date" (got "new"); ' +
          'snippets: must be an integer from 0 to 5 (got "9"); explain: must be 0, 1, true or false (got "yes")',
      },
    });
  });

  it('answers 400 when q is missing', async () => {
    const res = await request(await app()).get('/api/search').expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_parameter', message: 'invalid parameter q: is required' });
  });

  it('answers 400 when q is longer than 256 characters', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海'.repeat(257) }).expect(400);
    expect(res.body.error.message).toBe('invalid parameter q: must be a query of 1 to 256 characters (got 257 characters)');
  });

  it('answers 400 when limit is above 100 or not a number', async () => {
    const server = await app();
    const high = await request(server).get('/api/search').query({ q: 'CPI', limit: 101 }).expect(400);
    expect(high.body.error.message).toBe('invalid parameter limit: must be an integer from 1 to 100 (got "101")');
    const text = await request(server).get('/api/search').query({ q: 'CPI', limit: 'ten' }).expect(400);
    expect(text.body.error.message).toBe('invalid parameter limit: must be an integer from 1 to 100 (got "ten")');
  });

  it('answers 400 when a parameter is given twice', async () => {
    const res = await request(await app()).get('/api/search?q=CPI&limit=1&limit=2').expect(400);
    expect(res.body.error.message).toBe('invalid parameter limit: must be given once (got 2 values)');
  });

  it('answers 400 when from is not a calendar date or after to', async () => {
    const server = await app();
    const shape = await request(server).get('/api/search').query({ q: 'CPI', from: '2022/03/01' }).expect(400);
    expect(shape.body.error.message).toBe('invalid parameter from: must be a date of the form YYYY-MM-DD (got "2022/03/01")');
    const order = await request(server).get('/api/search').query({ q: 'CPI', from: '2023-01-01', to: '2022-01-01' }).expect(400);
    expect(order.body.error.message).toBe('invalid parameter from: "2023-01-01" is after to: "2022-01-01"');
  });

  it('counts matches per day in facets.days when from and to are at most 31 days apart', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', from: '2022-03-16', to: '2022-04-15' }).expect(200);
    expect(res.body.facets.days).toEqual({ '2022-03-29': 1, '2022-03-31': 1, '2022-04-06': 1, '2022-04-15': 1 });
    expect(res.body.facets.months).toEqual({ '2022-03': 2, '2022-04': 2 });
  });

  it('leaves out facets.days when the range is longer than 31 days or open', async () => {
    const server = await app();
    const longer = await request(server).get('/api/search').query({ q: '海通证券', from: '2022-03-16', to: '2022-04-16' }).expect(200);
    const open = await request(server).get('/api/search').query({ q: '海通证券', from: '2022-03-16' }).expect(200);
    const none = await request(server).get('/api/search').query({ q: '海通证券' }).expect(200);
    expect([longer.body.total, open.body.total, none.body.total]).toEqual([4, 5, 6]);
    expect([longer.body.facets.days, open.body.facets.days, none.body.facets.days]).toEqual([undefined, undefined, undefined]);
  });

  it('sends the answer as UTF-8 JSON with its length and no ETag, which took_ms would make unique', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', limit: 1 }).expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.text)));
    expect(res.headers.etag).toBeUndefined();
    const head = await request(await app()).head('/api/search').query({ q: '海通证券', limit: 1 }).expect(200);
    // The lengths differ only by the digits of took_ms.
    expect(Math.abs(Number(head.headers['content-length']) - Buffer.byteLength(res.text))).toBeLessThan(10);
    expect([head.headers['content-type'], head.headers.etag, head.text]).toEqual(['application/json; charset=utf-8', undefined, undefined]);
  });

  it('answers 400 invalid_query when the query cannot be parsed', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '"海通' }).expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_query', message: 'invalid query: unbalanced quote at position 0' });
  });
});

describe('POST /api/search/bulk', () => {
  it('returns results in input order with an error entry for each bad query', async () => {
    const res = await request(await app())
      .post('/api/search/bulk')
      .send({ queries: ['海通证券', { q: 'AB轮岗', limit: 1 }, { q: '' }, '国泰君安', { q: 'CPI', limit: 500 }, 7], limit: 3 })
      .expect(200);
    const results = res.body.results;
    expect(results).toHaveLength(6);
    expect([results[0].query, results[0].total, results[0].hits.length]).toEqual(['海通证券', 6, 3]);
    expect([results[1].query, results[1].total, results[1].hits.length]).toEqual(['AB轮岗', 5, 1]);
    expect(results[2]).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter queries[2].q: must be a query of 1 to 256 characters (got "")' } });
    expect([results[3].query, results[3].total]).toEqual(['国泰君安', 3]);
    expect(results[4]).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter queries[4].limit: must be an integer from 1 to 100 (got 500)' } });
    expect(results[5].error.code).toBe('invalid_parameter');
  });

  it('returns the same object as GET /api/search for one query', async () => {
    const server = await app();
    const single = await request(server).get('/api/search').query({ q: '北向资金' }).expect(200);
    const bulk = await request(server).post('/api/search/bulk').send({ queries: ['北向资金'] }).expect(200);
    expect({ ...bulk.body.results[0], took_ms: 0 }).toEqual({ ...single.body, took_ms: 0 });
  });

  it('answers 400 when queries is missing, empty or above 1000', async () => {
    const server = await app();
    const missing = await request(server).post('/api/search/bulk').send({}).expect(400);
    expect(missing.body.error.message).toBe('invalid parameter queries: is required');
    const empty = await request(server).post('/api/search/bulk').send({ queries: [] }).expect(400);
    expect(empty.body.error.message).toBe('invalid parameter queries: must hold 1 to 1000 queries (got [])');
    const many = await request(server).post('/api/search/bulk').send({ queries: Array(1001).fill('CPI') }).expect(400);
    expect(many.body.error.message).toMatch(/^invalid parameter queries: must hold 1 to 1000 queries/);
  });

  it('answers 400 when the body is not JSON', async () => {
    const res = await request(await app()).post('/api/search/bulk').set('Content-Type', 'application/json').send('{"queries": [').expect(400);
    expect(res.body.error.code).toBe('invalid_body');
  });

  it('answers 415 when the body is not JSON at all', async () => {
    const res = await request(await app()).post('/api/search/bulk').set('Content-Type', 'text/plain').send('海通证券').expect(415);
    expect(res.body.error).toEqual({ code: 'unsupported_media_type', message: 'unsupported media type: send the queries as application/json, not text/plain' });
  });

  it('answers 413 when the body is larger than 1 MB', async () => {
    const res = await request(await app())
      .post('/api/search/bulk')
      .send({ queries: ['x'], padding: 'x'.repeat(defaultLimits.maxBodyBytes) })
      .expect(413);
    expect(res.body.error).toEqual({ code: 'payload_too_large', message: 'request body too large: the limit is 1048576 bytes' });
  });

  it('answers 429 when a client sends more bulk queries than the rate limit', async () => {
    const config = testConfig();
    const server = createApp({ index: buildIndex(await sampleArticles()), config: { ...config, limits: { ...config.limits, bulkQueriesPerWindow: 2 } } });
    await request(server).post('/api/search/bulk').send({ queries: ['CPI'] }).expect(200);
    await request(server).post('/api/search/bulk').send({ queries: ['CPI'] }).expect(200);
    const res = await request(server).post('/api/search/bulk').send({ queries: ['CPI'] }).expect(429);
    expect(res.body.error).toEqual({ code: 'rate_limited', message: 'too many requests: at most 2 bulk queries per 60 s from one client; retry later' });
  });
});

describe('GET /api/docs/:id', () => {
  it('returns the whole article when the id exists', async () => {
    const res = await request(await app()).get('/api/docs/2021-12-10-202112100915022210').expect(200);
    expect(Object.keys(res.body)).toEqual(['id', 'title', 'date', 'url', 'categories', 'tags', 'text']);
    expect(res.body.id).toBe('2021-12-10-202112100915022210');
    expect(res.body.categories).toEqual(['macro']);
    expect(res.body.text).toContain('人民币兑美元汇率');
  });

  it('answers 404 JSON when the id does not exist', async () => {
    const res = await request(await app()).get('/api/docs/nothing-here').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'not found: no document with id "nothing-here"' } });
  });
});

describe('GET /api/suggest', () => {
  it('returns words and titles that start with the prefix', async () => {
    const res = await request(await app()).get('/api/suggest').query({ q: '海通', limit: 2 }).expect(200);
    expect(res.body).toEqual({
      query: '海通',
      suggestions: [
        { text: '海通证券', kind: 'word', count: 6 },
        { text: '海通国际：港股估值处于历史低位 下半年有望迎来修复', kind: 'title', count: 1 },
      ],
    });
  });

  it('returns the Chinese words a pinyin prefix begins when q is Latin', async () => {
    const res = await request(await app()).get('/api/suggest').query({ q: 'htzq', limit: 1 }).expect(200);
    expect(res.body).toEqual({ query: 'htzq', suggestions: [{ text: '海通证券', kind: 'pinyin', count: 6 }] });
  });

  it('answers 400 when q is missing', async () => {
    const res = await request(await app()).get('/api/suggest').expect(400);
    expect(res.body.error.message).toBe('invalid parameter q: is required');
  });
});

describe('GET /api/health and /api/stats', () => {
  it('returns ok and the document count', async () => {
    const res = await request(await app()).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', documents: 32 });
  });

  it('returns counts and versions for an index built in memory', async () => {
    const res = await request(await app()).get('/api/stats').expect(200);
    expect(res.body).toMatchObject({ documents: 32, built_at: null, format_version: FORMAT_VERSION, corpus_path: 'corpus', writes_applied: 0 });
    expect(res.body.dictionary_version).toMatch(/^jieba-/);
  });

  it('returns the live articles per month of the archive, counted again after a write', async () => {
    const server = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ adminToken: 'test-admin-token-0123456789' }) });
    const before = await request(server).get('/api/stats').expect(200);
    expect(before.body.months).toEqual({
      '2021-03': 1, '2021-07': 1, '2021-12': 3, '2022-03': 3, '2022-04': 4, '2022-06': 2, '2022-08': 1, '2022-10': 1,
      '2022-12': 1, '2023-03': 1, '2023-05': 2, '2023-06': 1, '2023-07': 1, '2023-09': 1, '2023-10': 1, '2023-11': 2,
      '2024-01': 1, '2024-02': 1, '2024-03': 1, '2024-04': 1, '2024-07': 1, '2024-09': 1,
    });
    await request(server)
      .put('/api/docs/new-month')
      .set('Authorization', 'Bearer test-admin-token-0123456789')
      .send({ title: '新月份的稿件', date: '2025-01-02 09:00:00 +0800', text: '一篇新稿件。' })
      .expect(201);
    await request(server).delete('/api/docs/2021-03-01-202103010930007731').set('Authorization', 'Bearer test-admin-token-0123456789').expect(200);
    const after = await request(server).get('/api/stats').expect(200);
    expect([after.body.months['2021-03'], after.body.months['2025-01']]).toEqual([undefined, 1]);
  });
});

describe('GET /api/settings', () => {
  it('returns the limits, the defaults and the corpus time zone of the defaults', async () => {
    const res = await request(await app()).get('/api/settings').expect(200);
    expect(res.body).toEqual({
      time_zone: '+08:00',
      limits: { query_length: 256, limit: 100, offset: 10_000, snippets: 5, bulk_queries: 1000, suggest_prefix_length: 64, suggestions: 50 },
      defaults: { limit: 10, snippets: 2, suggestions: 8 },
    });
  });

  it('returns the limits and the time zone in force when the configuration sets them', async () => {
    const config = testConfig({ timeZone: '-05:00', limits: { ...defaultLimits, maxQueryLength: 40, maxSuggestPrefixLength: 3 } });
    const res = await request(createApp({ index: buildIndex(await sampleArticles()), config })).get('/api/settings').expect(200);
    expect([res.body.time_zone, res.body.limits.query_length, res.body.limits.suggest_prefix_length]).toEqual(['-05:00', 40, 3]);
  });

  it('refuses a suggest prefix longer than the limit it returns, naming that limit', async () => {
    const config = testConfig({ limits: { ...defaultLimits, maxSuggestPrefixLength: 3 } });
    const res = await request(createApp({ index: buildIndex(await sampleArticles()), config })).get('/api/suggest').query({ q: '海通证券' }).expect(400);
    expect(res.body.error.message).toBe('invalid parameter q: must be a prefix of 1 to 3 characters (got "海通证券")');
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every endpoint with the parameters the zod schemas validate', async () => {
    const res = await request(await app()).get('/api/openapi.json').expect(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths).sort()).toEqual(
      ['/api/dictionary', '/api/docs/{id}', '/api/export', '/api/health', '/api/search', '/api/search/bulk', '/api/settings', '/api/stats', '/api/suggest', '/api/synonyms', '/metrics'],
    );
    const limit = res.body.paths['/api/search'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100, default: 10 });
    expect(Object.keys(res.body.paths['/api/docs/{id}'])).toEqual(['get', 'put', 'delete']);
    expect(Object.keys(res.body.paths['/api/synonyms'])).toEqual(['get', 'put']);
    expect(Object.keys(res.body.paths['/api/dictionary'])).toEqual(['get', 'put']);
  });
});

describe('GET /metrics', () => {
  it('reports request counts per route and the document count', async () => {
    const server = await app();
    await request(server).get('/api/search').query({ q: 'CPI' }).expect(200);
    await request(server).get('/api/docs/missing').expect(404);
    const res = await request(server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('jiansuo_http_requests_total{method="GET",route="/api/search",status="200"} 1');
    expect(res.text).toContain('jiansuo_http_requests_total{method="GET",route="/api/docs/:id",status="404"} 1');
    expect(res.text).toContain('jiansuo_index_documents 32');
    expect(res.text).toContain('jiansuo_http_request_duration_seconds_bucket');
  });
});

describe('createApp', () => {
  it('serves the search page at /', async () => {
    const res = await request(await app()).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>');
  });

  it('answers 404 JSON for an unknown API route', async () => {
    const res = await request(await app()).get('/api/nope').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'not found: no route GET /api/nope' } });
  });

  it('allows no cross-origin call by default (the default used to allow every origin)', async () => {
    const server = await app();
    const get = await request(server).get('/api/search').query({ q: '海通证券' }).set('Origin', 'https://news.example.com').expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    const widget = await request(server).get('/widget.js').set('Origin', 'https://news.example.com').expect(200);
    expect(widget.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await request(server).options('/api/search').set('Origin', 'https://news.example.com').set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows only the configured origins, for the API and /widget.js, when JIANSUO_CORS_ORIGINS lists some', async () => {
    const server = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ corsOrigins: ['https://news.example.com'] }) });
    for (const path of ['/api/suggest?q=海通', '/widget.js']) {
      const allowed = await request(server).get(encodeURI(path)).set('Origin', 'https://news.example.com').expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://news.example.com');
      expect(allowed.headers.vary).toMatch(/Origin/);
      const refused = await request(server).get(encodeURI(path)).set('Origin', 'https://evil.example.com').expect(200);
      expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    }
    const preflight = await request(server).options('/api/search').set('Origin', 'https://news.example.com').set('Access-Control-Request-Method', 'GET').expect(204);
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD');
    const write = await request(server).options('/api/docs/x').set('Origin', 'https://news.example.com').set('Access-Control-Request-Method', 'PUT');
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows every origin when JIANSUO_CORS_ORIGINS is *', async () => {
    const server = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ corsOrigins: '*' }) });
    const res = await request(server).get('/api/health').set('Origin', 'https://news.example.com').expect(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('serves /widget.js as a JavaScript module defining <jiansuo-search>', async () => {
    const res = await request(await app()).get('/widget.js').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.text).toContain('export class JiansuoSearch extends HTMLElement');
    expect(res.text).toContain("customElements.define('jiansuo-search', JiansuoSearch)");
    expect(res.text).toContain('import.meta.url');
  });

  it('compresses large responses when the client accepts gzip', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '中国', limit: 20 }).set('Accept-Encoding', 'gzip').expect(200);
    expect(res.headers['content-encoding']).toBe('gzip');
  });

  it('compresses large responses with brotli when the client prefers it, as browsers do', async () => {
    const server = await app();
    const plain = await request(server).get('/api/search').query({ q: '中国', limit: 20, explain: 1 }).expect(200);
    const res = await request(server).get('/api/search').query({ q: '中国', limit: 20, explain: 1 }).set('Accept-Encoding', 'gzip, deflate, br').expect(200);
    expect(res.headers['content-encoding']).toBe('br');
    const body = res.body as Record<string, unknown>;
    expect({ ...body, took_ms: 0 }).toEqual({ ...plain.body, took_ms: 0 });
  });

  it('leaves a response below 1 kB uncompressed', async () => {
    const res = await request(await app()).get('/api/health').set('Accept-Encoding', 'gzip, br').expect(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toEqual({ status: 'ok', documents: 32 });
  });

  it('answers 500 without internals when a handler fails unexpectedly', async () => {
    const index = buildIndex(await sampleArticles());
    index.get = () => {
      throw new Error('disk on fire at /secret/path');
    };
    const res = await request(createApp({ index, config: testConfig() })).get('/api/docs/x').expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
  });
});

describe('loadConfig time zone', () => {
  it('throws a message naming JIANSUO_TIME_ZONE when it is not an offset', () => {
    expect(() => loadConfig({}, { JIANSUO_TIME_ZONE: 'Asia/Shanghai' })).toThrow(
      'invalid parameter JIANSUO_TIME_ZONE: "Asia/Shanghai" is not a UTC offset of the form ±HH:MM (e.g. +08:00)',
    );
  });

  it('returns the offset in minutes for utcOffsetMinutes', () => {
    expect([utcOffsetMinutes('+08:00'), utcOffsetMinutes('-05:30')]).toEqual([480, -330]);
  });
});

describe('loadConfig CORS origins', () => {
  it('returns no origins when JIANSUO_CORS_ORIGINS is unset, the list when it names some, * when it holds *', () => {
    expect(loadConfig({}, {}).corsOrigins).toEqual([]);
    expect(loadConfig({}, { JIANSUO_CORS_ORIGINS: ' https://a.example.com , https://b.example.com,' }).corsOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
    expect(loadConfig({}, { JIANSUO_CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
  });
});

describe('loadConfig trust proxy', () => {
  it('throws a message naming JIANSUO_TRUST_PROXY when it is not a number of proxies', () => {
    expect(() => loadConfig({}, { JIANSUO_TRUST_PROXY: 'yes' })).toThrow('invalid parameter JIANSUO_TRUST_PROXY: "yes" is not a number of proxies (0 or more)');
    expect(loadConfig({}, { JIANSUO_TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });
});
