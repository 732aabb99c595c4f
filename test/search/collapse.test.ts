import fc from 'fast-check';
import { normalize } from '../../src/analysis';
import type { Article } from '../../src/corpus/article';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import type { SearchIndex } from '../../src/index/search-index';
import { hammingDistance, simhash } from '../../src/index/simhash';
import { computeClusters } from '../../src/search/near-duplicates';
import { search } from '../../src/search/search';
import { sampleArticles } from '../server/helpers';

const FLASH =
  '国家统计局今天发布数据，今年一季度国内生产总值同比增长百分之五点三，比上年四季度环比增长百分之一点六。分产业看，第一产业增加值同比增长百分之三点三，第二产业增加值增长百分之六点零，第三产业增加值增长百分之五点零。一季度，全国规模以上工业增加值同比增长百分之六点一，社会消费品零售总额同比增长百分之四点七，全国固定资产投资同比增长百分之四点五。国家统计局新闻发言人表示，一季度国民经济延续回升向好态势，开局良好，为实现全年目标任务打下坚实基础。下阶段，要加大宏观调控力度，着力扩大国内需求，推动经济持续向好。';
const ROUNDUP = `国内联播快讯。教育部部署今年高校毕业生就业工作，要求各地拓宽就业渠道，开展专项招聘活动，做好困难群体帮扶。${FLASH.slice(0, 120)}水利部启动防汛四级应急响应，派出工作组赴重点地区指导防御工作，加强水库巡查和山洪灾害防御。交通运输部表示，清明假期全国跨区域人员流动量预计超过七亿人次。`;

const article = (id: string, date: string | null, title: string, text: string): Article => ({ id, title, date, categories: ['economy'], tags: ['统计'], url: null, text });

/**
 * Known near-duplicates: the flash, the same flash under another title, a repost with its own
 * footer. Not near-duplicates of it: a round-up repeating part of it, the same text a year
 * later (a yearly template), an article on another subject.
 */
const FIXTURES: Article[] = [
  article('flash', '2024-04-16T10:00:00+08:00', '一季度GDP同比增长5.3%', FLASH),
  article('flash-retitled', '2024-04-16T10:30:00+08:00', '国家统计局：一季度国民经济开局良好', FLASH),
  article('repost', '2024-04-17T08:00:00+08:00', '一季度经济数据发布', `${FLASH}\n（来源：新华社）`),
  article('roundup', '2024-04-16T19:00:00+08:00', '国内联播快讯', ROUNDUP),
  article('next-year', '2025-04-16T10:00:00+08:00', '一季度GDP同比增长5.3%', FLASH),
  article('other', '2024-04-16T12:00:00+08:00', '国家统计局发布房价数据', '国家统计局今天发布三月份七十个大中城市商品住宅销售价格变动情况，一线城市新建商品住宅销售价格环比下降百分之零点一，二线城市环比下降百分之零点三，三线城市环比下降百分之零点四。'),
];

const distance = (a: string, b: string): number => hammingDistance(simhash(normalize(a)), 0, simhash(normalize(b)), 0);

describe('simhash', () => {
  it('returns the same signature for the same flash under another title', () => {
    expect(Array.from(simhash(normalize(FIXTURES[1].text)))).toEqual(Array.from(simhash(normalize(FIXTURES[0].text))));
  });

  it('returns signatures 1 bit apart when a repost adds its own footer', () => {
    expect(distance(FLASH, `${FLASH}\n（来源：新华社）`)).toBe(1);
  });

  it('returns signatures 13 bits apart for a round-up that repeats part of the flash', () => {
    expect(distance(FLASH, ROUNDUP)).toBe(13);
  });

  it('returns [0, 0] (no signature) when a body has fewer than 16 shingles', () => {
    expect(Array.from(simhash(normalize('北向资金净流入达30亿元。')))).toEqual([0, 0]);
  });
});

describe('computeClusters', () => {
  const DAY = 86_400_000;
  // A is 0; B differs from A in 3 bits, C from B in 3 others: A–B and B–C link, A–C does not.
  const signatures = Uint32Array.of(0, 1, 0, 0b1111, 0, 0b1111111, 0xffff0000, 0xffff0000);
  const dates = [0, DAY, 2 * DAY, 0];

  it('returns one cluster of three when B links A and C', () => {
    expect(Array.from(computeClusters(signatures, (doc) => dates[doc], () => true, 4))).toEqual([0, 0, 0, -1]);
  });

  it('returns no cluster for A and C when the document that linked them is deleted', () => {
    expect(Array.from(computeClusters(signatures, (doc) => dates[doc], (doc) => doc !== 1, 4))).toEqual([-1, -1, -1, -1]);
  });

  it('returns no link between signatures that match when their dates are more than 3 days apart', () => {
    const far = [0, 4 * DAY, 8 * DAY, 0];
    expect(Array.from(computeClusters(signatures, (doc) => far[doc], () => true, 4))).toEqual([-1, -1, -1, -1]);
  });

  it('returns no cluster for a document without a date', () => {
    expect(Array.from(computeClusters(signatures, (doc) => (doc === 1 ? Number.NaN : dates[doc]), () => true, 4))).toEqual([-1, -1, -1, -1]);
  });
});

/** What a reader sees of a collapsed search: totals and, per page, the hits with their similar ids. */
function collapsedPages(index: SearchIndex, query: string, limit: number): { total: number; clusters: number; pages: Array<Array<[string, string[]]>> } {
  const pages: Array<Array<[string, string[]]>> = [];
  let first: { total: number; clusters?: number } | undefined;
  for (let offset = 0; ; offset += limit) {
    const response = search(index, query, { collapse: true, limit, offset, snippets: 0 });
    first ??= response;
    if (response.hits.length === 0) break;
    pages.push(response.hits.map((hit) => [hit.id, hit.similar_ids!]));
  }
  return { total: first.total, clusters: first.clusters!, pages };
}

describe('search with collapse', () => {
  let index: SearchIndex;
  beforeAll(() => {
    index = buildIndex(FIXTURES);
  });

  it('returns one hit per cluster with similar and similar_ids, and total counting every match, when collapse is set', () => {
    const response = search(index, '国家统计局', { collapse: true, snippets: 0 });
    expect(response.total).toBe(6);
    expect(response.clusters).toBe(4);
    expect(response.hits.map((hit) => [hit.id, hit.similar, hit.similar_ids])).toEqual([
      ['other', 0, []],
      ['flash-retitled', 2, ['repost', 'flash']],
      ['next-year', 0, []],
      ['roundup', 0, []],
    ]);
  });

  it('returns the uncollapsed hits without similar fields or clusters when collapse is not set', () => {
    const response = search(index, '国家统计局', { snippets: 0 });
    expect(response.hits.map((hit) => hit.id)).toEqual(['other', 'flash-retitled', 'next-year', 'flash', 'repost', 'roundup']);
    expect([response.clusters, response.hits[0].similar, response.hits[0].similar_ids]).toEqual([undefined, undefined, undefined]);
  });

  it('returns as similar only the copies that match the query', () => {
    const response = search(index, '来源：新华社', { collapse: true, snippets: 0 });
    expect([response.total, response.clusters, response.hits.map((hit) => [hit.id, hit.similar])]).toEqual([1, 1, [['repost', 0]]]);
  });

  it('pages over clusters: offset 1 limit 2 returns the second and third clusters', () => {
    expect(search(index, '国家统计局', { collapse: true, limit: 2, offset: 1 }).hits.map((hit) => hit.id)).toEqual(['flash-retitled', 'next-year']);
  });

  it('never changes total, and the hits and similar ids of all pages are the uncollapsed matches, each once', async () => {
    const all = [...(await sampleArticles()), ...FIXTURES];
    const whole = buildIndex(all);
    fc.assert(
      fc.property(fc.constantFrom('国家统计局', '的', '中国', '增长', '海通 OR 统计', 'title:一季度'), fc.integer({ min: 1, max: 7 }), fc.constantFrom<'relevance' | 'date'>('relevance', 'date'), (query, limit, sort) => {
        const plain = search(whole, query, { limit: 100, snippets: 0, sort });
        const seen: string[] = [];
        let clusters = 0;
        for (let offset = 0; offset < plain.total; offset += limit) {
          const page = search(whole, query, { collapse: true, limit, offset, snippets: 0, sort });
          expect(page.total).toBe(plain.total);
          clusters = page.clusters!;
          for (const hit of page.hits) seen.push(hit.id, ...hit.similar_ids!);
        }
        expect(seen.length).toBe(plain.total);
        expect(new Set(seen)).toEqual(new Set(plain.hits.map((hit) => hit.id)));
        expect(clusters).toBe(plain.total - 2 * Number(seen.includes('flash-retitled') && seen.includes('repost')));
      }),
      { numRuns: 30, seed: 20261201 },
    );
  });

  it('returns the same clusters, hits and similar ids when the documents are split into random segments with random deletes', async () => {
    const all = [...(await sampleArticles()), ...FIXTURES];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: all.length - 1 }), { maxLength: 4 }), fc.array(fc.nat({ max: all.length - 1 }), { maxLength: 4 }), (cuts, deletes) => {
        const bounds = [...new Set([0, ...cuts, all.length])].sort((a, b) => a - b);
        const deleted = new Set(deletes);
        const segments = bounds.slice(1).map((end, k) => ({
          data: buildIndexData(all.slice(bounds[k], end)).data,
          deletedDocs: all.slice(bounds[k], end).flatMap((_, i) => (deleted.has(bounds[k] + i) ? [i] : [])),
        }));
        const live = all.filter((_, i) => !deleted.has(i));
        for (const query of ['国家统计局', '的']) expect(collapsedPages(indexFromSegments(segments), query, 3)).toEqual(collapsedPages(buildIndex(live), query, 3));
      }),
      { numRuns: 15, seed: 20261201 },
    );
  });

  it('collapses a copy written through the API with the copies already indexed', () => {
    const written = buildIndex(FIXTURES);
    written.upsert(article('written', '2024-04-16T11:00:00+08:00', '统计局数据', FLASH));
    const response = search(written, '国家统计局', { collapse: true, snippets: 0 });
    expect([response.total, response.clusters]).toEqual([7, 4]);
    expect(response.hits.map((hit) => [hit.id, hit.similar_ids])).toEqual([
      ['other', []],
      ['flash-retitled', ['repost', 'written', 'flash']],
      ['next-year', []],
      ['roundup', []],
    ]);
  });
});
