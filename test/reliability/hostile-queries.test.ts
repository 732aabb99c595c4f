import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';
import { badAnswer, limitsWith } from './helpers';

/** Longest time any one request may take: a hostile query never hangs the service. */
const MAX_MS = 1000;
/** Longest URL these properties send: Node refuses longer request heads (16 KB) with a bare 431. */
const MAX_URL_BYTES = 12_000;

/** Pieces of a query value that are not plain percent-encoded UTF-8 text. */
const RAW_PIECES = [
  '%ED%A0%80', // a lone high surrogate, encoded as if it were UTF-8
  '%ED%BF%BF', // a lone low surrogate
  '%E0%A4%A', // a truncated sequence
  '%ZZ',
  '%',
  '%%',
  '%00',
  '%C0%AF', // an overlong '/'
  '%F0%9F', // half an emoji
  '%FF%FE',
  '+',
  '&',
  '=',
  '&q=',
  '&q=%E4%B8%AD', // a repeated q
  '%22', // "
  '%E2%80%8F', // RTL mark
  '%E2%80%AE', // RTL override
  '%CC%81', // combining acute accent
  '%EF%BB%BF', // BOM
  '%F0%A0%80%80', // 𠀀, astral
];

/** Query syntax used alone or glued to other pieces. */
const OPERATORS = ['OR', '-', '"', 'title:', '-title:', 'title:"', '-"', '""', 'OR OR', 'a OR', 'OR b', '- -', 'title:title:', '"""', ' '];

/** Characters that stress normalisation, segmentation and highlighting. */
const SPECIAL_CHARS = ['\u0000', '\u0301', '\u200f', '\u202e', '\u200b', '\ufeff', '\ud840\udc00', '😀', '👩‍👩‍👧', 'ﷺ', 'ﬃ', 'İ', 'ß', '海', '證', 'Ａ', '\t', '\n', '<', '>', '&', "'", '\\'];

/** Percent-encodes a string as UTF-8; lone surrogates become `%ED%A0%80`-style bytes, as a broken client would send them. */
function encodeLoose(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff;
    if (pair) {
      out += encodeURIComponent(text.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[i]);
    }
  }
  return out;
}

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL_CHARS), maxLength: 40 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...OPERATORS), fc.constantFrom('海通证券', '中国', 'AB轮岗', 'a', '5G')), maxLength: 20 }),
  fc.integer({ min: 1, max: 60 }).map((depth) => `${'"'.repeat(depth)}海通${'"'.repeat(depth)}`),
  fc.integer({ min: 1, max: 30 }).map((depth) => '"a '.repeat(depth) + '"'.repeat(depth)),
  fc.constantFrom('', ' ', 'x'.repeat(256), 'x'.repeat(257), '中'.repeat(3000), 'a '.repeat(200), '-a '.repeat(40) + 'b'),
);

/** A percent-encoded query value: hostile text and raw byte pieces, in any order. */
const queryValue = fc
  .array(fc.oneof(hostileText.map(encodeLoose), fc.constantFrom(...RAW_PIECES)), { maxLength: 6 })
  .map((parts) => parts.join(''))
  .filter((value) => value.length <= MAX_URL_BYTES);

const PARAMETERS = ['q', 'limit', 'offset', 'category', 'tag', 'from', 'to', 'sort', 'snippets', 'explain', 'q[]', 'q[a]', '__proto__', 'constructor', ''];

/** A query string of repeated, missing and hostile parameters. */
const queryString = fc
  .array(fc.tuple(fc.constantFrom(...PARAMETERS), queryValue), { minLength: 1, maxLength: 5 })
  .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join('&'))
  .filter((query) => query.length <= MAX_URL_BYTES);

async function timed(send: () => request.Test): Promise<{ res: request.Response; ms: number }> {
  const started = performance.now();
  const res = await send();
  return { res, ms: performance.now() - started };
}

/** The app answers a normal query correctly: it survived the case before. */
async function stillAnswers(app: Express): Promise<void> {
  const res = await request(app).get('/api/search').query({ q: '海通证券', limit: 1 });
  expect([res.status, res.body.total]).toEqual([200, 6]);
}

/** Sends one hostile request and fails the property with the URL when the answer is not acceptable. */
async function checkCase(app: Express, label: string, send: () => request.Test): Promise<void> {
  const { res, ms } = await timed(send);
  const problem = badAnswer(res) ?? (ms > MAX_MS ? `took ${Math.round(ms)} ms` : null);
  if (problem !== null) throw new Error(`${label}: ${problem}: ${JSON.stringify(res.body).slice(0, 300)}`);
  await stillAnswers(app);
}

describe('hostile queries over HTTP', () => {
  let app: Express;
  beforeAll(async () => {
    // The bulk rate limit would turn the bulk property into 429s after 60 runs: it has its own test.
    app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig({ limits: limitsWith({ bulkQueriesPerWindow: 1_000_000 }) }) });
  });

  it('returns 200 or a 4xx JSON error within 1 s when GET /api/search gets any query string', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        await checkCase(app, `/api/search?${query}`, () => request(app).get(`/api/search?${query}`));
      }),
      { numRuns: 400 },
    );
  });

  it('returns 200 or a 4xx JSON error within 1 s when GET /api/suggest gets any query string', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        await checkCase(app, `/api/suggest?${query}`, () => request(app).get(`/api/suggest?${query}`));
      }),
      { numRuns: 150 },
    );
  });

  it('returns 200 or a 4xx JSON error within 1 s when GET /api/docs/:id gets any id', async () => {
    const id = fc.oneof(queryValue, fc.constantFrom('..', '.', '%2e%2e', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f', '__proto__', 'constructor', '%ZZ', '%ED%A0%80'));
    await fc.assert(
      fc.asyncProperty(id.filter((value) => value.length > 0 && !value.includes('?') && !value.includes('#')), async (value) => {
        await checkCase(app, `/api/docs/${value}`, () => request(app).get(`/api/docs/${value}`));
      }),
      { numRuns: 150 },
    );
  });

  it('returns 200 or a 4xx JSON error within 1 s when POST /api/search/bulk gets any JSON', async () => {
    const entry = fc.oneof(hostileText, fc.record({ q: fc.oneof(hostileText, fc.jsonValue()), limit: fc.jsonValue(), sort: fc.jsonValue() }, { requiredKeys: [] }), fc.jsonValue());
    const body = fc.oneof(
      fc.record({ queries: fc.array(entry, { maxLength: 30 }), limit: fc.oneof(fc.integer(), fc.jsonValue()), offset: fc.jsonValue() }, { requiredKeys: ['queries'] }),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(body, async (json) => {
        const text = JSON.stringify(json) ?? 'null';
        await checkCase(app, `bulk ${text.slice(0, 200)}`, () => request(app).post('/api/search/bulk').set('Content-Type', 'application/json').send(text));
      }),
      { numRuns: 200 },
    );
  });

  it('returns 400 invalid_parameter when a parameter is repeated', async () => {
    const res = await request(app).get('/api/search?q=a&q=b');
    expect([res.status, res.body.error]).toEqual([400, { code: 'invalid_parameter', message: 'invalid parameter q: must be given once (got 2 values)' }]);
  });

  it('returns 400 invalid_query naming the operator when an operator stands alone', async () => {
    const answers = await Promise.all(['OR', '-', '"', 'title:'].map(async (q) => (await request(app).get('/api/search').query({ q })).body.error));
    expect(answers).toEqual([
      { code: 'invalid_query', message: 'invalid query: OR at position 0 needs a term to look for on each side' },
      { code: 'invalid_query', message: 'invalid query: operator at position 0 needs a term after it' },
      { code: 'invalid_query', message: 'invalid query: unbalanced quote at position 0' },
      { code: 'invalid_query', message: 'invalid query: operator at position 0 needs a term after it' },
    ]);
  });

  it('returns 400 invalid_query when the query holds NUL', async () => {
    const res = await request(app).get('/api/search?q=a%00b');
    expect([res.status, res.body.error]).toEqual([400, { code: 'invalid_query', message: 'invalid query: control character U+0000 at position 1' }]);
  });

  it('returns 200 with U+FFFD in the echoed query when the query is a lone surrogate sent as %ED%A0%80', async () => {
    const res = await request(app).get('/api/search?q=%ED%A0%80');
    expect([res.status, res.body.query, res.body.total]).toEqual([200, '\ufffd\ufffd\ufffd', 0]);
  });

  it('returns 200 searching the literal text when the percent-encoding is invalid', async () => {
    const answers = await Promise.all(['%ZZ', '%E0%A4%A'].map(async (q) => (await request(app).get(`/api/search?q=${q}`)).body.query));
    expect(answers).toEqual(['%ZZ', '\ufffd%A']);
  });

  it('returns 400 invalid_parameter naming the path when a :id cannot be percent-decoded (regression: was 500)', async () => {
    const answers = await Promise.all(['%ZZ', '%ED%A0%80'].map(async (id) => {
      const res = await request(app).get(`/api/docs/${id}`);
      return [res.status, res.body.error];
    }));
    expect(answers).toEqual([
      [400, { code: 'invalid_parameter', message: "invalid parameter path: cannot percent-decode '%ZZ' as UTF-8" }],
      [400, { code: 'invalid_parameter', message: "invalid parameter path: cannot percent-decode '%ED%A0%80' as UTF-8" }],
    ]);
  });

  it('returns 400 naming the parameter when a bulk body is nested 100,000 deep (regression: was 500, a stack overflow echoing it)', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const whole = await request(app).post('/api/search/bulk').set('Content-Type', 'application/json').send(deep);
    const shared = await request(app).post('/api/search/bulk').set('Content-Type', 'application/json').send(`{"queries":["a"],"limit":${deep}}`);
    expect([whole.status, whole.body.error]).toEqual([400, { code: 'invalid_parameter', message: 'invalid parameter body: must be a JSON object such as {"queries": ["海通证券"]} (got a deeply nested array)' }]);
    expect([shared.status, shared.body.error]).toEqual([400, { code: 'invalid_parameter', message: 'invalid parameter limit: must be an integer from 1 to 100 (got a deeply nested array)' }]);
  });
});
