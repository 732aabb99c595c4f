import { randomBytes } from 'node:crypto';
import { get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'csv-parse/sync';
import type { Express } from 'express';
import request from 'supertest';
import { defaultLimits } from '../../src/config';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import { SearchIndex } from '../../src/index/search-index';
import { EXPORT_PAGE_ROWS } from '../../src/search/export';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';

type CsvRow = Record<string, string>;

/** A title an Excel user would see split over cells if it were not quoted. */
const AWKWARD_TITLE = '券商,"抗疫"\n一线';

/** A title a spreadsheet would run as a formula if it were written as it is. */
const FORMULA_TITLE = '=HYPERLINK("http://evil.example","公式注入")';

let app: Express;

beforeAll(async () => {
  const awkward: Article = { id: 'awkward-1', title: AWKWARD_TITLE, date: '2022-05-01T09:00:00+08:00', url: null, categories: ['securities', 'policy'], tags: [], text: '沪上券商抗疫。' };
  app = createApp({ index: buildIndex([...(await sampleArticles()), awkward]), config: testConfig() });
});

/** The raw bytes of an export, and its CSV rows parsed by csv-parse (BOM dropped, header as keys). */
async function exportCsv(query: Record<string, string>, from: Express = app): Promise<{ bytes: Buffer; rows: CsvRow[]; headers: Record<string, string> }> {
  const res = await request(from)
    .get('/api/export')
    .query(query)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    })
    .expect(200);
  const bytes = res.body as Buffer;
  return { bytes, rows: parse(bytes, { bom: true, columns: true }) as CsvRow[], headers: res.headers as Record<string, string> };
}

/** Every hit of a search, read page by page as a client of `/api/search` would. */
async function pagedHits(query: Record<string, string>, limit: number): Promise<{ total: number; hits: Array<{ id: string; score: number }> }> {
  const hits: Array<{ id: string; score: number }> = [];
  let total = 0;
  for (let offset = 0; offset === 0 || offset < total; offset += limit) {
    const res = await request(app).get('/api/search').query({ ...query, limit, offset }).expect(200);
    total = res.body.total;
    hits.push(...res.body.hits);
  }
  return { total, hits };
}

describe('GET /api/export', () => {
  it('streams every match as CSV rows in the order and with the scores of the pages of /api/search', async () => {
    const { rows, headers } = await exportCsv({ q: '的' });
    const paged = await pagedHits({ q: '的' }, 7);
    expect(paged.total).toBe(30);
    expect(rows).toHaveLength(paged.total);
    expect(headers['x-total-count']).toBe('30');
    expect(rows.map((row) => [row.id, Number(row.score)])).toEqual(paged.hits.map((hit) => [hit.id, hit.score]));
  });

  it('orders the rows as the pages of /api/search do when sort is date', async () => {
    const { rows } = await exportCsv({ q: '的', sort: 'date' });
    const paged = await pagedHits({ q: '的', sort: 'date' }, 4);
    expect(rows.map((row) => row.id)).toEqual(paged.hits.map((hit) => hit.id));
    expect(rows.slice(0, 3).map((row) => row.date)).toEqual(['2024-09-06T08:30:00+08:00', '2024-07-12T16:48:30+08:00', '2024-04-29T21:02:15+08:00']);
  });

  it('writes the columns of a hit with categories and tags joined by ";" when the format is csv', async () => {
    const { bytes, rows } = await exportCsv({ q: '海通证券', category: 'hkstocks' });
    expect(bytes.toString('utf8').split('\r\n')[0]).toBe('\ufeffid,title,date,url,categories,tags,score');
    expect(rows).toEqual([
      {
        id: '2024-09-06-202409063160830042',
        title: '國泰君安與海通證券籌劃合併重組 兩家公司A股及H股停牌',
        date: '2024-09-06T08:30:00+08:00',
        url: 'https://finance.example.com/news/1354,202409063160830042.html',
        categories: 'securities;hkstocks',
        tags: '证券;港股',
        score: '7.0074',
      },
    ]);
  });

  it('starts with a UTF-8 byte order mark and names the file after the query in Content-Disposition', async () => {
    const { bytes, headers } = await exportCsv({ q: '海通证券 -港股' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(headers['content-disposition']).toBe(
      `attachment; filename="jiansuo-????_??.csv"; filename*=UTF-8''${encodeURIComponent('jiansuo-海通证券_港股.csv')}`,
    );
  });

  it('quotes a title holding a comma, quotes and a newline as RFC 4180 says, and reads back the same', async () => {
    const { bytes, rows } = await exportCsv({ q: '券商抗疫', sort: 'date' });
    expect(bytes.toString('utf8')).toContain('\r\nawkward-1,"券商,""抗疫""\n一线",2022-05-01T09:00:00+08:00,,securities;policy,,0\r\n');
    expect(rows[0]).toEqual({ id: 'awkward-1', title: AWKWARD_TITLE, date: '2022-05-01T09:00:00+08:00', url: '', categories: 'securities;policy', tags: '', score: '0' });
  });

  it("writes a leading ' before a text cell that a spreadsheet would run as a formula (bug: an article's title ran as a formula in Excel)", async () => {
    const formula: Article = { id: 'formula-1', title: FORMULA_TITLE, date: '2022-05-02T09:00:00+08:00', url: null, categories: ['=cmd'], tags: ['@SUM(1)', '-1+2'], text: '公式注入测试。' };
    const { rows } = await exportCsv({ q: '公式注入' }, createApp({ index: buildIndex([formula]), config: testConfig() }));
    expect(rows).toEqual([{ id: 'formula-1', title: `'${FORMULA_TITLE}`, date: '2022-05-02T09:00:00+08:00', url: '', categories: "'=cmd", tags: "'@SUM(1);-1+2", score: rows[0].score }]);
    expect(Number(rows[0].score)).toBeGreaterThan(0);
  });

  it('streams one JSON object per line with the fields of a hit when the format is jsonl', async () => {
    const res = await request(app).get('/api/export').query({ q: '海通证券', format: 'jsonl', from: '2022-03-30', to: '2022-04-10' }).expect(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        id: '2022-04-06-202204061603122913',
        title: expect.any(String),
        date: '2022-04-06T16:03:12+08:00',
        url: 'https://finance.example.com/news/1354,202204061603122913.html',
        categories: ['securities'],
        tags: ['证券'],
        score: expect.any(Number),
      },
      {
        id: '2022-03-31-202203311842051960',
        title: expect.any(String),
        date: '2022-03-31T18:42:05+08:00',
        url: 'https://finance.example.com/news/1354,202203311842051960.html',
        categories: ['securities'],
        tags: ['证券'],
        score: expect.any(Number),
      },
    ]);
    const search = await request(app).get('/api/search').query({ q: '海通证券', from: '2022-03-30', to: '2022-04-10' }).expect(200);
    expect(lines.map((line) => JSON.parse(line))).toEqual(search.body.hits.map(({ title_html: _t, snippet_html: _s, ...hit }: Record<string, unknown>) => hit));
  });

  it('adds the snippet of /api/search as plain text when snippet is 1', async () => {
    const { rows } = await exportCsv({ q: '证券法', snippet: '1' });
    const search = await request(app).get('/api/search').query({ q: '证券法', limit: 100 }).expect(200);
    expect(Object.keys(rows[0])).toEqual(['id', 'title', 'date', 'url', 'categories', 'tags', 'score', 'snippet']);
    const plain = (html: string): string => html.replace(/<\/?mark>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(rows.map((row) => row.snippet)).toEqual(search.body.hits.map((hit: { snippet_html: string }) => plain(hit.snippet_html)));
    expect(rows.some((row) => row.snippet.includes('<证券法>'))).toBe(true);
  });

  it('answers 400 naming the value when the format is neither csv nor jsonl', async () => {
    const res = await request(app).get('/api/export').query({ q: '海通证券', format: 'xlsx' }).expect(400);
    expect(res.body).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter format: must be "csv" or "jsonl" (got "xlsx")' } });
  });

  it('is described in /api/openapi.json with the filters of /api/search and its own format and snippet', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    const parameters = res.body.paths['/api/export'].get.parameters as Array<{ name: string; schema: unknown }>;
    expect(parameters.map((p) => p.name)).toEqual(['q', 'category', 'tag', 'from', 'to', 'sort', 'format', 'snippet']);
    expect(parameters.find((p) => p.name === 'format')?.schema).toEqual({ type: 'string', enum: ['csv', 'jsonl'], default: 'csv', description: 'CSV (UTF-8 with BOM, a header row) or JSON Lines.' });
  });

  it('answers the JSON errors of /api/search before the first byte when the query or a filter is bad', async () => {
    const unbalanced = await request(app).get('/api/export').query({ q: '"海通' }).expect(400);
    expect(unbalanced.body.error.code).toBe('invalid_query');
    const noQuery = await request(app).get('/api/export').expect(400);
    expect(noQuery.body).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter q: is required' } });
    const badDay = await request(app).get('/api/export').query({ q: '海通证券', from: '2022-02-30' }).expect(400);
    expect(badDay.body).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter from: "2022-02-30" is not a date of the form YYYY-MM-DD' } });
  });
});

describe('GET /api/export over a slow client', () => {
  /** Rows of this many random bytes (as hex, so that gzip cannot shrink them much): a few thousand are more than the socket buffers hold. */
  const URL_BYTES = 4000;
  const ARTICLES = 3000;
  let server: Server;
  let articleReads: jest.SpyInstance;

  beforeAll(async () => {
    const articles: Article[] = Array.from({ length: ARTICLES }, (_, i) => ({
      id: `copy-${i}`,
      title: `出口测试 ${i}`,
      date: '2023-01-01T09:00:00+08:00',
      url: `https://example.com/${randomBytes(URL_BYTES).toString('hex')}`,
      categories: [],
      tags: [],
      text: '出口测试正文。',
    }));
    const index = buildIndex(articles);
    articleReads = jest.spyOn(index, 'article');
    server = createApp({ index, config: testConfig() }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  async function startExport(encoding = 'identity'): Promise<IncomingMessage> {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/export?q=${encodeURIComponent('出口测试')}`;
    const res = await new Promise<IncomingMessage>((resolve) => get(url, { headers: { 'Accept-Encoding': encoding } }, resolve));
    expect(res.headers['content-encoding']).toBe(encoding === 'identity' ? undefined : encoding);
    expect(res.statusCode).toBe(200);
    return res;
  }

  /** Rows read from the index once they have stopped changing. */
  async function settledReads(): Promise<number> {
    let reads = -1;
    while (reads !== articleReads.mock.calls.length) {
      reads = articleReads.mock.calls.length;
      await sleep(200);
    }
    return reads;
  }

  it.each(['identity', 'gzip'])('reads no more rows while the client does not read (%s)', async (encoding) => {
    articleReads.mockClear();
    const res = await startExport(encoding);
    res.pause();
    expect(await settledReads()).toBeLessThan(ARTICLES);
    res.destroy();
  });

  it('answers 429 to an export past the most that stream at once, and takes one again when a client has gone', async () => {
    const streaming = await Promise.all(Array.from({ length: defaultLimits.maxConcurrentExports }, () => startExport()));
    for (const res of streaming) res.pause();
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}/api/export?q=${encodeURIComponent('出口测试')}`;
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({
      error: { code: 'rate_limited', message: 'too many requests: 4 exports are streaming from this process, the most it runs at once (4); retry when one has finished' },
    });
    streaming[0].destroy();
    let status = 429;
    for (let attempt = 0; attempt < 50 && status === 429; attempt++) {
      await sleep(100);
      const again = await fetch(url, { method: 'HEAD' });
      status = again.status;
    }
    expect(status).toBe(200);
    for (const res of streaming.slice(1)) res.destroy();
  });

  it('reads no more rows once the client disconnects in the middle', async () => {
    articleReads.mockClear();
    const res = await startExport();
    let received = 0;
    await new Promise<void>((resolve) => {
      res.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > 2_000_000 && !res.destroyed) {
          res.destroy();
          resolve();
        }
      });
    });
    expect(await settledReads()).toBeLessThan(ARTICLES);
  });

  it('closes the connection before the end of the response when a row cannot be read after the first byte', async () => {
    const original = SearchIndex.prototype.article;
    let reads = 0;
    // The second page fails: its first 50 rows are read, then the segment file gives out.
    articleReads.mockImplementation(function (this: SearchIndex, doc: number) {
      if (++reads > EXPORT_PAGE_ROWS + 50) throw new Error('segment file unreadable');
      return original.call(this, doc);
    });
    try {
      const res = await startExport();
      let received = 0;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      await new Promise((resolve) => res.once('close', resolve));
      expect(res.complete).toBe(false);
      expect(received).toBeGreaterThan(EXPORT_PAGE_ROWS * URL_BYTES * 2);
    } finally {
      articleReads.mockImplementation(original);
    }
  });
});
