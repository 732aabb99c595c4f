import fc from 'fast-check';
import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { JiansuoError } from '../../src/errors';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { parseQuery } from '../../src/search/query-parser';
import { compareByDate } from '../../src/search/rank-page';
import { bm25, defaultRankOptions, scoringWords } from '../../src/search/rank';
import { search } from '../../src/search/search';

const article = (id: string, date: string | null, title: string, text: string, extra: Partial<Article> = {}): Article => ({
  id,
  title,
  date,
  categories: ['securities'],
  tags: ['证券'],
  url: null,
  text,
  ...extra,
});

function searchError(index: SearchIndex, query: string, options: Parameters<typeof search>[2]): { code: string; status: number; message: string } {
  try {
    search(index, query, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JiansuoError);
    const { code, status, message } = error as JiansuoError;
    return { code, status, message };
  }
  throw new Error(`search(${JSON.stringify(query)}) did not throw`);
}

describe('search', () => {
  let index: SearchIndex;

  beforeAll(async () => {
    const report = await loadCorpus(path.join(__dirname, '../../corpus'));
    index = buildIndex(report.articles);
  });

  const ids = (query: string, options: Parameters<typeof search>[2] = {}): string[] =>
    search(index, query, { limit: 1000, ...options }).hits.map((hit) => hit.id);

  it('returns articles with 海通证券 in the title above body-only matches when the query is 海通证券', () => {
    const hits = search(index, '海通证券', { limit: 10 }).hits;
    const inTitle = hits.map((hit) => /海通[证證]券/.test(hit.title));
    expect(inTitle).toEqual([true, true, true, false, false, false]);
    expect(hits.slice(0, 3).map((hit) => hit.id).sort()).toEqual([
      '2022-03-29-202203292326272624',
      '2022-04-15-202204152018033627',
      '2024-09-06-202409063160830042',
    ]);
  });

  it('returns scores in descending order when sorted by relevance', () => {
    const scores = search(index, '券商', { limit: 100 }).hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('returns newest first when sort is date', () => {
    expect(ids('海通证券', { sort: 'date' })).toEqual([
      '2024-09-06-202409063160830042',
      '2022-04-15-202204152018033627',
      '2022-04-06-202204061603122913',
      '2022-03-31-202203311842051960',
      '2022-03-29-202203292326272624',
      '2021-12-20-202112202217300551',
    ]);
  });

  it('returns the same order when the same query runs twice', () => {
    for (const query of ['中国', '证券', '海通 OR 国泰君安', 'CPI 中国']) {
      expect(ids(query)).toEqual(ids(query));
    }
  });

  it('returns the page of the full ranking when offset and limit are set', () => {
    const all = ids('证券');
    expect(search(index, '证券', { offset: 2, limit: 3 }).hits.map((hit) => hit.id)).toEqual(all.slice(2, 5));
    expect(search(index, '证券', { offset: 2, limit: 3 }).total).toBe(all.length);
  });

  it('returns the exact total when the page is smaller than the matches', () => {
    const response = search(index, '中', { limit: 1 });
    expect(response.hits).toHaveLength(1);
    expect(response.total).toBe([...index.liveDocs()].filter((doc) => index.normTitle(doc).includes('中') || index.normBody(doc).includes('中')).length);
    expect(response.total).toBeGreaterThan(10);
  });

  it('returns title_html and snippet_html with one mark per match when the query is 海通证券', () => {
    const hit = search(index, '海通证券', { limit: 10 }).hits.find((h) => h.id === '2024-09-06-202409063160830042')!;
    expect(hit.title_html).toBe('國泰君安與<mark>海通證券</mark>籌劃合併重組 兩家公司A股及H股停牌');
    expect(hit.snippet_html.startsWith('國泰君安與<mark>海通證券</mark>於9月5日晚間分別發佈公告')).toBe(true);
  });

  it('returns escaped titles when the title holds <证券法> and &', () => {
    const [hit] = search(index, '证券法').hits.filter((h) => h.id === '2021-03-01-202103010930007731');
    expect(hit.title_html).toBe('关于修改&lt;<mark>证券法</mark>&gt;的说明 &amp; 解读');
  });

  it('returns facets over all matches when the page holds one hit', () => {
    const response = search(index, '海通证券', { limit: 1 });
    expect(response.hits).toHaveLength(1);
    expect(response.facets).toEqual({
      categories: { securities: 6, hkstocks: 1 },
      tags: { 证券: 6, 港股: 1 },
      months: { '2021-12': 1, '2022-03': 2, '2022-04': 2, '2024-09': 1 },
    });
  });

  it('returns only articles of the category when category is set', () => {
    expect(ids('海通', { category: 'hkstocks' }).sort()).toEqual(['2022-06-08-202206082412519370', '2024-09-06-202409063160830042']);
    expect(search(index, '海通', { category: 'hkstocks' }).total).toBe(2);
    expect(ids('中国', { category: 'xinwenlianbo' }).every((id) => index.get(id).categories.includes('xinwenlianbo'))).toBe(true);
  });

  it('ranks a query of alternatives under a filter exactly as the unfiltered ranking of the filtered documents', () => {
    // One group of alternatives takes each alternative's documents as they are only when
    // nothing is filtered out; under a filter they are cut to the matches first.
    for (const [query, options] of [['海通 OR 港股', { category: 'hkstocks' }], ['证券 OR 中国', { tag: '证券' }], ['海通 OR 证券', { from: '2022-01-01' }]] as const) {
      const filtered = search(index, query, { ...options, limit: 100 });
      const kept = new Set(filtered.hits.map((hit) => hit.id));
      const all = search(index, query, { limit: 100 }).hits.filter((hit) => kept.has(hit.id));
      const scores = (hits: typeof all): Array<[string, number]> => hits.map((hit): [string, number] => [hit.id, hit.score]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      expect(scores(filtered.hits)).toEqual(scores(all));
      expect(filtered.total).toBe(kept.size);
    }
  });

  it('returns only articles with the tag when tag is set', () => {
    expect(ids('中国', { tag: '科技' }).every((id) => index.get(id).tags.includes('科技'))).toBe(true);
    expect(search(index, '海通证券', { tag: '港股' }).hits.map((hit) => hit.id)).toEqual(['2024-09-06-202409063160830042']);
  });

  it('returns the articles of the inclusive date range when from and to are set', () => {
    expect(ids('海通证券', { from: '2022-03-29', to: '2022-04-06', sort: 'date' })).toEqual([
      '2022-04-06-202204061603122913',
      '2022-03-31-202203311842051960',
      '2022-03-29-202203292326272624',
    ]);
  });

  it('returns relaxed results holding every word when a run-on query has no strict match', () => {
    const response = search(index, '海通证券沪上券商', { limit: 10 });
    expect(response.relaxed).toBe(true);
    expect(response.total).toBe(2);
    expect(response.hits.map((hit) => hit.id).sort()).toEqual(['2022-03-29-202203292326272624', '2022-04-15-202204152018033627']);
    for (const hit of response.hits) {
      const text = index.normTitle(index.docNumber(hit.id)!) + index.normBody(index.docNumber(hit.id)!);
      expect(text).toContain('海通证券');
      expect(text).toContain('券商');
    }
  });

  it('returns a strict answer with relaxed false when the run-on query occurs as written', () => {
    const response = search(index, '沪上券商抗疫');
    expect(response.relaxed).toBe(false);
    expect(response.total).toBe(2);
  });

  it('returns no hits and relaxed false when a single-word term matches nothing', () => {
    const response = search(index, '瑞幸');
    expect(response).toMatchObject({ total: 0, relaxed: false, hits: [], facets: { categories: {}, tags: {}, months: {} } });
  });

  it('returns the explain fields when explain is set', () => {
    const response = search(index, '海通证券沪上券商', { explain: true, limit: 1 });
    expect(response.explain).toEqual({
      relaxed: true,
      terms: [
        {
          term: '海通证券沪上券商',
          field: 'any',
          excluded: false,
          normalized: '海通证券沪上券商',
          words: ['海通', '证券', '海通证券', '沪', '上', '券商'],
          candidates: 0,
          matches: 0,
          relaxedInto: ['海通证券', '沪', '上', '券商'],
        },
        { term: '海通证券', field: 'any', excluded: false, normalized: '海通证券', words: ['海通', '证券', '海通证券'], candidates: 6, matches: 6 },
        { term: '沪', field: 'any', excluded: false, normalized: '沪', words: ['沪'], candidates: 6, matches: 6 },
        { term: '上', field: 'any', excluded: false, normalized: '上', words: ['上'], candidates: 22, matches: 22 },
        { term: '券商', field: 'any', excluded: false, normalized: '券商', words: ['券商'], candidates: 9, matches: 9 },
      ],
    });
  });

  it('returns explain entries for excluded terms when the query excludes one', () => {
    const terms = search(index, '海通 -证券', { explain: true }).explain!.terms;
    expect(terms.map(({ term, excluded, matches }) => ({ term, excluded, matches }))).toEqual([
      { term: '海通', excluded: false, matches: 7 },
      { term: '证券', excluded: true, matches: [...index.liveDocs()].filter((doc) => index.normTitle(doc).includes('证券') || index.normBody(doc).includes('证券')).length },
    ]);
  });

  it('returns no explain field when explain is off', () => {
    expect(search(index, '海通').explain).toBeUndefined();
  });

  it('returns every response field of the API for each hit', () => {
    const response = search(index, '国务院常务会议');
    expect(Object.keys(response).sort()).toEqual(['facets', 'hits', 'pinyin', 'query', 'relaxed', 'took_ms', 'total']);
    expect(response.hits[0]).toMatchObject({
      id: 'VIDEh3Vn8YtPw6QaZ2rJm5Ue230721',
      date: '2023-07-21T19:00:00+08:00',
      categories: ['xinwenlianbo'],
      tags: ['新闻联播'],
    });
    expect(Object.keys(response.hits[0]).sort()).toEqual(['categories', 'date', 'id', 'score', 'snippet_html', 'tags', 'title', 'title_html', 'url']);
  });
});

describe('search (hand-made articles)', () => {
  const articles = [
    article('late-29', '2022-03-29T23:30:00+08:00', '券商动态', '海通证券发布公告。'),
    article('early-30', '2022-03-30T00:10:00+08:00', '券商动态', '海通证券发布公告。'),
    article('end-28', '2022-03-28T23:59:59+08:00', '券商动态', '海通证券发布公告。'),
    article('undated', null, '券商动态', '海通证券发布公告。'),
  ];
  const index = buildIndex(articles);
  const ids = (query: string, options: Parameters<typeof search>[2] = {}): string[] =>
    search(index, query, { limit: 100, ...options }).hits.map((hit) => hit.id);

  it('returns an article at 23:30 +08:00 when to is that day', () => {
    expect(ids('海通证券', { to: '2022-03-29' })).toEqual(['late-29', 'end-28']);
  });

  it('returns an article at 00:10 +08:00 when from is that day', () => {
    expect(ids('海通证券', { from: '2022-03-30' })).toEqual(['early-30']);
  });

  it('returns the one day when from and to are the same day', () => {
    expect(ids('海通证券', { from: '2022-03-29', to: '2022-03-29' })).toEqual(['late-29']);
  });

  it('returns the day in another zone when timeZone is set', () => {
    expect(ids('海通证券', { from: '2022-03-29', to: '2022-03-29', timeZone: '+00:00' })).toEqual(['early-30', 'late-29']);
  });

  it('returns ties newest first, undated last, when the scores are equal', () => {
    const response = search(index, '海通证券', { limit: 10 });
    expect(new Set(response.hits.map((hit) => hit.score)).size).toBe(1);
    expect(response.hits.map((hit) => hit.id)).toEqual(['early-30', 'late-29', 'end-28', 'undated']);
  });

  it('throws invalid_parameter naming the parameter when a date is malformed', () => {
    expect(searchError(index, '海通', { from: '2022/03/29' })).toEqual({
      code: 'invalid_parameter',
      status: 400,
      message: 'invalid parameter from: "2022/03/29" is not a date of the form YYYY-MM-DD',
    });
    expect(searchError(index, '海通', { to: '2022-02-30' }).message).toBe('invalid parameter to: "2022-02-30" is not a date of the form YYYY-MM-DD');
  });

  it('throws invalid_parameter when from is after to', () => {
    expect(searchError(index, '海通', { from: '2022-03-30', to: '2022-03-29' }).message).toBe(
      'invalid parameter from: "2022-03-30" is after to: "2022-03-29"',
    );
  });

  it('throws invalid_query when the query is not valid', () => {
    expect(searchError(index, '"海通', {})).toEqual({ code: 'invalid_query', status: 400, message: 'invalid query: unbalanced quote at position 0' });
  });
});

describe('search paging (pages overlap)', () => {
  const filler = '其他内容。'.repeat(6);
  const index = buildIndex([
    article('apart-1', null, '券商动态', `海通海通${filler}公告公告`),
    article('apart-2', null, '券商动态', `海通${filler}公告公告`),
    article('together-1', null, '券商动态', `海通公告${filler}${filler}`),
    article('together-2', null, '券商动态', `海通公告${filler}${filler}${filler}`),
  ]);
  const rank = { ...defaultRankOptions, rescoreWindow: 2 };
  const page = (offset: number, limit: number): string[] => search(index, '海通 公告', { offset, limit, rank }).hits.map((hit) => hit.id);

  it('returns pages that are slices of one ranking when pages reach past the proximity window', () => {
    const ranking = ['apart-1', 'apart-2', 'together-1', 'together-2'];
    expect(page(0, 10)).toEqual(ranking);
    expect([0, 1, 2, 3].flatMap((offset) => page(offset, 1))).toEqual(ranking);
    expect([...page(0, 3), ...page(3, 3)]).toEqual(ranking);
  });
});

describe('search paging (one group)', () => {
  it('returns pages that are slices of one ranking, scores included, when bodies are counted only for the page', () => {
    // `xq` is no word of the index (jieba keeps `axqb` whole): its body counts are taken only for documents that can reach the page.
    const body = fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 30 })).map(([times, filler]) => `${'见axqb。'.repeat(times)}${'其他内容。'.repeat(filler)}axqb`);
    const doc = fc.record({ title: fc.constantFrom('axqb动态', '公告', '沪上axqb'), body, day: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (docs, limit) => {
        const index = buildIndex(docs.map((d, i) => article(`d${i}`, `2022-03-0${d.day} 10:00:00 +0800`, d.title, d.body)));
        const hits = (offset: number, size: number): Array<[string, number]> => search(index, 'xq', { offset, limit: size, snippets: 0 }).hits.map((hit) => [hit.id, hit.score]);
        // The oracle: every body counted.
        const all = docs.map((_, doc) => doc);
        const exact = bm25(index, Uint32Array.from(all), [{ term: parseQuery('xq').groups[0][0], words: [], docs: Uint32Array.from(all) }], defaultRankOptions);
        const paged: Array<[string, number]> = [];
        for (let offset = 0; offset < docs.length; offset += limit) paged.push(...hits(offset, limit));
        expect(paged.map(([id]) => id).sort()).toEqual(all.map((doc) => index.id(doc)).sort());
        expect(paged.map(([id, score]) => score - Math.round(exact[Number(id.slice(1))] * 1e4) / 1e4)).toEqual(paged.map(() => 0));
        expect(paged.every(([, score], i) => i === 0 || paged[i - 1][1] >= score)).toBe(true);
        expect(hits(0, docs.length)).toEqual(paged);
      }),
      { numRuns: 60 },
    );
  });

  it('returns the pages of the full ranking when only the documents holding a word in the title are ranked (a word in every body and a few titles)', () => {
    // Long titles score their word little, short bodies full of it much: close calls at the ceiling.
    const title = fc.oneof(
      { arbitrary: fc.constant('公告'), weight: 4 },
      { arbitrary: fc.constant('券商动态'), weight: 1 },
      { arbitrary: fc.integer({ min: 20, max: 80 }).map((filler) => `券商${'动态'.repeat(filler)}`), weight: 2 },
    );
    const doc = fc.record({ title, times: fc.nat({ max: 9 }), filler: fc.nat({ max: 20 }), day: fc.integer({ min: 1, max: 9 }) });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 4 }), fc.nat({ max: 3 }), (docs, limit, offset) => {
        const index = buildIndex(docs.map((d, i) => article(`d${i}`, `2022-03-0${d.day} 10:00:00 +0800`, d.title, `${'券商，'.repeat(d.times)}${'其他内容。'.repeat(d.filler)}券商`)));
        // The oracle: every match scored, ordered by score, then date and id.
        const term = parseQuery('券商').groups[0][0];
        const all = Uint32Array.from(index.liveDocs());
        const scores = bm25(index, all, [{ term, words: scoringWords(index, term), docs: all }], defaultRankOptions);
        const byDate = compareByDate(index);
        const expected = [...all.keys()].sort((i, j) => scores[j] - scores[i] || byDate(all[i], all[j])).slice(offset, offset + limit);
        const hits = search(index, '券商', { offset, limit, snippets: 0 }).hits;
        expect(hits.map((hit) => [hit.id, hit.score])).toEqual(expected.map((i) => [index.id(all[i]), Math.round(scores[i] * 1e4) / 1e4]));
      }),
      { numRuns: 150, seed: 20261202 },
    );
  });
});

describe('search with a quoted phrase', () => {
  it('returns no hits and relaxed false when a quoted phrase has no exact match (quotes are never relaxed)', () => {
    const index = buildIndex([
      { id: 'a', title: '海通证券发布公告', date: null, categories: [], tags: [], url: null, text: '沪上券商抗疫。' },
    ]);
    const quoted = search(index, '"海通证券沪上"');
    expect([quoted.total, quoted.relaxed]).toEqual([0, false]);
    const bare = search(index, '海通证券沪上');
    expect([bare.total, bare.relaxed]).toEqual([1, true]);
  });
});
