import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { bruteForceMatches, liveTexts, type OracleText } from '../../src/search/oracle';
import { parseQuery } from '../../src/search/query-parser';
import { search } from '../../src/search/search';

const CORPUS = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const QUERIES_FILE = path.resolve(CORPUS, '../queries/dev.txt');

/** Above this many matches only the total and the first page are compared (snippets cost time). */
const FULL_COMPARE_LIMIT = 3000;

describe('search (shared corpus)', () => {
  let index: SearchIndex;
  let texts: OracleText[];
  let live: number[];
  let queries: string[];

  beforeAll(async () => {
    const report = await loadCorpus(CORPUS);
    index = buildIndex(report.articles);
    ({ docs: live, texts } = liveTexts(index));
    queries = fs
      .readFileSync(QUERIES_FILE, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
  }, 600_000);

  it('returns exactly the brute-force matches for every query of dev.txt', () => {
    expect(queries.length).toBeGreaterThan(100);
    const mismatches: unknown[] = [];
    for (const query of queries) {
      const expected = bruteForceMatches(texts, parseQuery(query)).map((i) => index.id(live[i]));
      const limit = Math.max(1, Math.min(expected.length, FULL_COMPARE_LIMIT));
      const response = search(index, query, { limit, snippets: 1 });
      if (response.relaxed) {
        if (expected.length > 0) mismatches.push({ query, relaxed: true, expected: expected.length });
        continue;
      }
      const got = response.hits.map((hit) => hit.id);
      const expectedSet = new Set(expected);
      const pageOk =
        expected.length <= FULL_COMPARE_LIMIT ? [...got].sort().join() === [...expected].sort().join() : got.every((id) => expectedSet.has(id)) && got.length === limit;
      if (response.total !== expected.length || !pageOk) mismatches.push({ query, total: response.total, expected: expected.length });
    }
    expect(mismatches).toEqual([]);
  }, 600_000);

  it('returns 20 pages of 10 that are the first 200 hits of one ranking when the query is 中国 发展 (pages overlap)', () => {
    const ids = (offset: number, limit: number): string[] => search(index, '中国 发展', { offset, limit, snippets: 0 }).hits.map((hit) => hit.id);
    const paged = Array.from({ length: 20 }, (_, page) => ids(page * 10, 10)).flat();
    expect(new Set(paged).size).toBe(200);
    expect(paged).toEqual([...ids(0, 100), ...ids(100, 100)]);
  });

  it("returns the seed article for the user's own example queries 海通证券 and AB轮岗", () => {
    const seed = '2022-03-29-202203292326272624';
    const first = (query: string): { id: string; title_html: string; snippet_html: string } => search(index, query, { limit: 50 }).hits.find((hit) => hit.id === seed)!;
    expect(first('AB轮岗').snippet_html).toContain('<mark>AB轮岗</mark>');
    expect(first('海通证券').snippet_html).toContain('<mark>海通证券</mark>');
    expect(search(index, '"7*24小时"', { limit: 50 }).hits.map((hit) => hit.id)).toContain(seed);
  });

  it('returns relaxed hits holding every word when a run-on query has no strict match', () => {
    const runOn = queries.filter((query) => /^[\u4e00-\u9fff]{5,}$/.test(query) && bruteForceMatches(texts, parseQuery(query)).length === 0);
    expect(runOn.length).toBeGreaterThan(10);
    const failures: unknown[] = [];
    let withHits = 0;
    for (const query of runOn) {
      const words = search(index, query, { limit: 1, explain: true }).explain?.terms[0].relaxedInto ?? [];
      // The relaxed query is exact too: every word must occur, as a brute-force scan finds it.
      const expected = words.length === 0 ? [] : bruteForceMatches(texts, parseQuery(words.map((word) => `"${word}"`).join(' '))).map((i) => live[i]);
      const response = search(index, query, { limit: Math.max(1, Math.min(expected.length, FULL_COMPARE_LIMIT)), snippets: 1 });
      const got = response.hits.map((hit) => index.docNumber(hit.id)!).sort((a, b) => a - b);
      const expectedSet = new Set(expected);
      const pageOk = expected.length <= FULL_COMPARE_LIMIT ? got.join() === expected.join() : got.every((doc) => expectedSet.has(doc));
      if (!response.relaxed || response.total !== expected.length || !pageOk) {
        failures.push({ query, relaxed: response.relaxed, total: response.total, expected: expected.length, words });
      }
      if (response.hits.length > 0) withHits++;
    }
    expect(failures).toEqual([]);
    // A run-on of words from the corpus nearly always finds its words somewhere.
    expect(withHits).toBeGreaterThanOrEqual(runOn.length - 2);
  }, 600_000);
});
