import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Express } from 'express';
import request from 'supertest';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { testConfig } from './helpers';

const CORPUS = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');

type CsvRow = Record<string, string>;

let app: Express;

beforeAll(async () => {
  const report = await loadCorpus(CORPUS);
  app = createApp({ index: buildIndex(report.articles), config: testConfig() });
}, 600_000);

async function exportCsv(query: Record<string, string>): Promise<{ rows: CsvRow[]; total: number }> {
  const res = await request(app).get('/api/export').query(query).expect(200);
  return { rows: parse(res.text, { bom: true, columns: true }) as CsvRow[], total: Number(res.headers['x-total-count']) };
}

/** The hits of `/api/search` from page one up to `upTo` hits, `limit` at a time, and its total. */
async function pagedHits(query: Record<string, string>, limit: number, upTo = Infinity): Promise<{ total: number; hits: Array<[string, number]> }> {
  const hits: Array<[string, number]> = [];
  let total = 0;
  for (let offset = 0; offset === 0 || (offset < total && offset < upTo); offset += limit) {
    const res = await request(app).get('/api/search').query({ ...query, limit, offset, snippets: 0 }).expect(200);
    total = res.body.total;
    hits.push(...res.body.hits.map((hit: { id: string; score: number }): [string, number] => [hit.id, hit.score]));
  }
  return { total, hits };
}

describe('GET /api/export (shared corpus)', () => {
  it.each([
    ['经济', 100],
    ['乡村 振兴', 37],
    ['title:会议 -北京', 64],
  ])('streams every match of %s in the order and with the scores of /api/search read %i at a time', async (q, limit) => {
    const { rows, total } = await exportCsv({ q });
    const paged = await pagedHits({ q }, limit);
    expect(total).toBe(paged.total);
    expect(rows).toHaveLength(paged.total);
    expect(rows.map((row): [string, number] => [row.id, Number(row.score)])).toEqual(paged.hits);
  }, 120_000);

  it('orders every match newest first, as /api/search does, when sort is date', async () => {
    const { rows } = await exportCsv({ q: '疫情', sort: 'date' });
    const paged = await pagedHits({ q: '疫情', sort: 'date' }, 100);
    expect(rows.map((row) => row.id)).toEqual(paged.hits.map(([id]) => id));
    const dates = rows.map((row) => Date.parse(row.date));
    expect(dates.every((date, i) => i === 0 || date <= dates[i - 1])).toBe(true);
  }, 120_000);

  it('streams all 22,310 matches of a query matching nearly every article, past the deepest page of /api/search', async () => {
    const { rows, total } = await exportCsv({ q: '的' });
    expect(total).toBe(22_310);
    expect(new Set(rows.map((row) => row.id)).size).toBe(22_310);
    const paged = await pagedHits({ q: '的' }, 100, 1000);
    expect(rows.slice(0, 1000).map((row): [string, number] => [row.id, Number(row.score)])).toEqual(paged.hits);
  }, 120_000);

  it('exports only the matches in the days asked for', async () => {
    const query = { q: '乡村', from: '2023-01-01', to: '2023-06-30' };
    const { rows } = await exportCsv(query);
    const paged = await pagedHits(query, 100);
    expect(rows.map((row) => row.id)).toEqual(paged.hits.map(([id]) => id));
    expect(rows.every((row) => row.date >= '2023-01-01' && row.date < '2023-07-01')).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  }, 120_000);
});
