import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { bruteForceMatches, liveTexts } from '../../src/search/oracle';
import { MAX_PINYIN_WORDS } from '../../src/search/pinyin-expansion';
import { parseQuery } from '../../src/search/query-parser';
import { search } from '../../src/search/search';
import type { SearchResponse } from '../../src/search/search-response';
import { sampleArticles, splitSampleIndex } from '../server/helpers';

/** Ids of every hit, sorted: the set of articles a query found. */
const found = (response: SearchResponse): string[] => response.hits.map((hit) => hit.id).sort();

const article = (id: string, text: string): Article => ({ id, title: text, date: '2024-01-02T00:00:00+08:00', categories: [], tags: [], url: null, text });

describe('search with pinyin', () => {
  let index: SearchIndex;
  /** Ids of the articles holding the Chinese query as written, by brute force. */
  let holding: (query: string) => string[];

  beforeAll(async () => {
    index = buildIndex(await sampleArticles());
    const { docs, texts } = liveTexts(index);
    holding = (query) => bruteForceMatches(texts, parseQuery(query)).map((i) => index.id(docs[i])).sort();
  });

  it('returns the articles holding 银行 when the query is yinhang, and none when it is yinxing', () => {
    const response = search(index, 'yinhang', { limit: 100 });
    expect(response.pinyin).toBe(true);
    expect(found(response)).toEqual(holding('银行'));
    expect(response.total).toBe(9);
    expect(search(index, 'yinxing')).toMatchObject({ total: 0, pinyin: false });
  });

  it('returns the articles holding 重庆 when the query is chongqing, and none when it is zhongqing', () => {
    expect(found(search(index, 'chongqing', { limit: 100 }))).toEqual(holding('重庆'));
    expect(search(index, 'zhongqing').total).toBe(0);
  });

  it('returns the same articles when the query is full pinyin with tone marks, tone numbers or capitals', () => {
    const expected = holding('银行');
    for (const query of ['yínháng', 'yin2hang2', 'YinHang']) expect(found(search(index, query, { limit: 100 }))).toEqual(expected);
  });

  it('returns every homophone when the query is pinyin, and only the word itself when it is Chinese', () => {
    expect(found(search(index, 'jingji', { limit: 100 }))).toEqual(holding('经济 OR 经纪'));
    expect(found(search(index, '经济', { limit: 100 }))).toEqual(holding('经济'));
    expect(found(search(index, '经纪', { limit: 100 }))).toEqual(holding('经纪'));
    expect(holding('经济')).not.toEqual(holding('经纪'));
  });

  it('returns the articles holding both words when the query is full pinyin with a space between the words', () => {
    expect(found(search(index, 'xiangcun zhenxing', { limit: 100 }))).toEqual(holding('乡村 振兴'));
    expect(found(search(index, 'xiangcunzhenxing', { limit: 100 }))).toEqual(holding('乡村振兴'));
  });

  it('returns the articles of every word with those initials when the query is initials', () => {
    expect(found(search(index, 'xczx', { limit: 100 }))).toEqual(holding('乡村振兴'));
    expect(found(search(index, 'htzq', { limit: 100 }))).toEqual(holding('海通证券 OR 华泰证券'));
  });

  it('returns the articles of the words that start with the Chinese characters and go on with the pinyin when the term mixes them', () => {
    expect(found(search(index, '乡村zx', { limit: 100 }))).toEqual(holding('乡村振兴'));
    expect(found(search(index, '海通zhengquan', { limit: 100 }))).toEqual(holding('海通证券'));
    expect(search(index, '海通zq', { explain: true }).explain!.terms[0].pinyin).toEqual({ key: 'zq', spelled: 'initials', words: ['海通证券'], found: 1, capped: false });
  });

  it('returns the AND of a pinyin term and a Chinese term when the query mixes them', () => {
    expect(found(search(index, 'haitong 证券', { limit: 100 }))).toEqual(holding('海通 证券'));
    expect(found(search(index, 'yinhang -ab轮岗', { limit: 100 }))).toEqual(holding('银行 -ab轮岗'));
  });

  it('returns the articles holding the Latin term as written, not its pinyin, when it occurs as written', () => {
    const grown = buildIndex([...index.liveDocs()].map((doc) => index.article(doc)));
    expect(search(grown, 'shanghai').total).toBe(holding('上海').length);
    grown.upsert(article('written', 'Shanghai 的英文报道'));
    const response = search(grown, 'shanghai', { limit: 100, explain: true });
    expect(found(response)).toEqual(['written']);
    expect(response.pinyin).toBe(false);
    expect(response.explain!.terms.map((term) => term.term)).toEqual(['shanghai']);
  });

  it('returns the results of one index when the documents are split into segments, some deleted, some written since', async () => {
    const { split, whole } = await splitSampleIndex();
    for (const query of ['yinhang', 'htzq', 'jingji', 'xiangcun zhenxing', 'zq', '乡村zx']) {
      expect({ ...search(split, query), took_ms: 0 }).toEqual({ ...search(whole, query), took_ms: 0 });
    }
  });

  it("returns the articles of 西安 and not of 先 when the query is xi'an (bug: the apostrophe was dropped and xi'an read as xian)", () => {
    const city = buildIndex([article('city', '西安发布新规'), article('first', '他先走了'), article('county', '全县通报')]);
    expect(found(search(city, 'xian', { limit: 100 }))).toEqual(['city', 'first']);
    const response = search(city, "xi'an", { limit: 100, explain: true });
    expect(found(response)).toEqual(['city']);
    expect(response.explain!.terms[0].pinyin).toEqual({ key: 'xian', spelled: 'full', words: ['西安'], found: 1, capped: false });
    expect(found(search(city, 'xī’ān', { limit: 100 }))).toEqual(['city']);
  });

  it('returns the articles holding 分行 and 欧洲央行 when the query is fenhang or yanghang (bug: pinyin-pro read their 行 as xing)', () => {
    const banks = buildIndex([article('branch', '招商银行上海分行'), article('ecb', '欧洲央行宣布加息'), article('issue', '发行新股')]);
    expect(found(search(banks, 'fenhang'))).toEqual(['branch']);
    expect(found(search(banks, 'yanghang'))).toEqual(['ecb']);
    expect(search(banks, 'fenxing').total).toBe(0);
    expect(found(search(banks, 'faxing'))).toEqual(['issue']);
  });

  it('returns nothing when the pinyin term is quoted', () => {
    expect(search(index, '"yinhang"')).toMatchObject({ total: 0, pinyin: false });
  });

  it('returns the words written since the index was loaded, after each write, when their pinyin is typed', () => {
    const grown = buildIndex([...index.liveDocs()].map((doc) => index.article(doc)));
    expect(search(grown, 'jingdian').total).toBe(0);
    grown.upsert(article('scenic', '景点开放'));
    expect(found(search(grown, 'jingdian'))).toEqual(['scenic']);
    grown.upsert(article('classic', '经典重现'));
    expect(found(search(grown, 'jingdian'))).toEqual(['classic', 'scenic']);
    expect(found(search(grown, 'chongxian'))).toEqual(['classic']);
    expect(found(search(grown, '景点'))).toEqual(['scenic']);
  });

  it('returns explain entries with the reading of each Latin term and the term each word stands for', () => {
    const response = search(index, 'htzq', { explain: true });
    expect(response.explain).toEqual({
      relaxed: false,
      terms: [
        { term: 'htzq', field: 'any', excluded: false, normalized: 'htzq', words: ['htzq'], candidates: 0, matches: 0, pinyin: { key: 'htzq', spelled: 'initials', words: ['海通证券', '华泰证券'], found: 2, capped: false } },
        { term: '海通证券', field: 'any', excluded: false, normalized: '海通证券', words: ['海通', '证券', '海通证券'], candidates: 6, matches: 6, pinyinOf: 'htzq' },
        { term: '华泰证券', field: 'any', excluded: false, normalized: '华泰证券', words: ['华泰', '证券', '华泰证券'], candidates: 2, matches: 2, pinyinOf: 'htzq' },
      ],
    });
  });

  it('returns highlights on the Chinese characters that matched, traditional ones included', () => {
    const hits = search(index, 'haitongzhengquan', { limit: 100 }).hits;
    const traditional = hits.find((hit) => hit.title.includes('海通證券'))!;
    expect(traditional.title_html).toBe('國泰君安與<mark>海通證券</mark>籌劃合併重組 兩家公司A股及H股停牌');
    expect(hits.every((hit) => hit.snippet_html.includes('<mark>') || hit.title_html.includes('<mark>'))).toBe(true);
  });

  it(`returns the ${MAX_PINYIN_WORDS} most frequent words and says so when the pinyin spells more`, () => {
    const homophones = [...'市是时事十实使式示世室师试史视适石食识势释施'];
    // The j-th character stands in every article from the j-th on: the earlier, the more frequent.
    const shi = buildIndex(homophones.map((_, k) => article(`a${k}`, homophones.slice(0, k + 1).join('，'))));
    const response = search(shi, 'shi', { explain: true });
    const typed = response.explain!.terms[0];
    expect(typed.pinyin).toEqual({ key: 'shi', spelled: 'full', words: homophones.slice(0, MAX_PINYIN_WORDS), found: homophones.length, capped: true });
    expect(response.total).toBe(homophones.length);
  });

  it('returns the same response with pinyin on or off when the query has no Latin term', () => {
    const { texts } = liveTexts(index);
    const words = [...new Set(texts.flatMap((text) => text.title.match(/\p{Script=Han}{2,4}/gu) ?? []))];
    const chinese = fc.oneof(fc.constantFrom(...words), fc.string({ unit: fc.constantFrom(...'银行经济纪海通证券重庆上海景点'), minLength: 1, maxLength: 4 }));
    const query = fc.array(fc.tuple(fc.constantFrom('', '-', 'title:'), chinese), { minLength: 1, maxLength: 3 }).map((terms) => terms.map(([operator, term], i) => (i === 0 ? term : operator + term)).join(' '));
    fc.assert(
      fc.property(query, (q) => {
        const on = search(index, q, { limit: 100, explain: true });
        const off = search(index, q, { limit: 100, explain: true, pinyin: false });
        expect({ ...on, took_ms: 0 }).toEqual({ ...off, took_ms: 0 });
        expect(on.pinyin).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
