import * as path from 'node:path';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { bruteForceMatches, liveTexts } from '../../src/search/oracle';
import { parseQuery } from '../../src/search/query-parser';
import { search } from '../../src/search/search';

/** The oracle's answer as document ids, ascending by document number. */
function oracleIds(index: SearchIndex, query: string): string[] {
  const { docs, texts } = liveTexts(index);
  return bruteForceMatches(texts, parseQuery(query))
    .map((i) => index.id(docs[i]))
    .sort();
}

/** Asserts that the strict result of `query` is exactly the oracle's (or relaxed when the oracle is empty). */
function expectOracle(index: SearchIndex, query: string): void {
  const expected = oracleIds(index, query);
  const response = search(index, query, { limit: 1000 });
  if (response.relaxed) {
    expect({ query, expected }).toEqual({ query, expected: [] });
    return;
  }
  expect({ query, ids: response.hits.map((hit) => hit.id).sort(), total: response.total }).toEqual({
    query,
    ids: expected,
    total: expected.length,
  });
}

const SAMPLE_QUERIES = [
  '海通证券',
  '海通證券',
  '海通',
  '通证',
  '证券',
  '证',
  '海',
  'AB轮岗',
  'ＡＢ轮岗',
  'ab轮岗',
  '轮岗',
  'AB岗',
  '沪上券商抗疫',
  '券商抗',
  '7*24',
  '7*24小时',
  '600837',
  '600837.SH',
  '６００８３７',
  '.SH',
  'VPN',
  'vpn',
  '<证券法>',
  '证券法',
  '&',
  '新法',
  '国泰君安',
  '國泰君安',
  '北向资金',
  '国务院常务会议',
  '国务院',
  'C919',
  'c9',
  '5G',
  'iPhone15',
  'iphone15 pro',
  '"iPhone15 Pro"',
  'USB-C',
  '同比增长5.2%',
  '5.2%',
  'CPI',
  '人民币汇率',
  '人民币 汇率',
  '"人民币对美元汇率"',
  '00388.HK',
  '港交所',
  '香港交易所',
  '海通 -证券',
  '海通证券 -海通证券研究所',
  '海通 OR 国泰君安',
  '海通 OR 国泰君安 证券',
  '海通证券 OR CPI -宏观',
  'title:海通证券',
  'title:海通',
  'title:"海通证券"',
  '-title:海通 海通',
  '券商 AB轮岗 -VPN',
  '中国 -5G',
  '中国 OR 上海 OR 香港',
  '疫情 券商 上海',
  '。',
  '；',
  '？',
  '！',
  '%',
  'a',
  '1',
  '2021',
  '一',
  'x y',
  '不存在的词',
  '海通证券 不存在的词',
];

describe('search', () => {
  let index: SearchIndex;

  beforeAll(async () => {
    const report = await loadCorpus(path.join(__dirname, '../../corpus'));
    index = buildIndex(report.articles);
  });

  it.each(SAMPLE_QUERIES)('returns exactly the brute-force matches when the query is %s', (query) => {
    expectOracle(index, query);
  });

  it('returns the 6 files of the README when the query is 海通证券', () => {
    expect(oracleIds(index, '海通证券')).toEqual([
      '2021-12-20-202112202217300551',
      '2022-03-29-202203292326272624',
      '2022-03-31-202203311842051960',
      '2022-04-06-202204061603122913',
      '2022-04-15-202204152018033627',
      '2024-09-06-202409063160830042',
    ]);
    expect(search(index, '海通证券').total).toBe(6);
  });

  it('returns the README counts when the query is one of its examples', () => {
    const totals = Object.fromEntries(
      ['海通', 'AB轮岗', '国泰君安', '北向资金', '国务院常务会议', '7*24小时', 'VPN'].map((q) => [q, search(index, q).total]),
    );
    expect(totals).toEqual({ 海通: 7, AB轮岗: 5, 国泰君安: 3, 北向资金: 3, 国务院常务会议: 1, '7*24小时': 2, VPN: 3 });
  });

  it('returns the oracle matches when the query is any 1-4 character substring of a sample title', () => {
    const queries = new Set<string>();
    for (const doc of index.liveDocs()) {
      const article = index.article(doc);
      const title = article.title;
      for (let i = 0; i < title.length; i += 3) {
        for (let n = 1; n <= 4 && i + n <= title.length; n++) queries.add(title.slice(i, i + n));
      }
    }
    for (const raw of queries) {
      if (/["\s]/.test(raw) || raw.startsWith('-') || raw.startsWith('title:') || raw === 'OR') continue;
      if (raw.trim() === '') continue;
      expectOracle(index, raw);
    }
  });
});

// Characters for random documents: common simplified, a few traditional, full-width and ASCII
// letters and digits, punctuation and white space.
const ALPHABET = [
  ...'海通证券国际中人民币上沪商抗疫轮岗',
  ...'證國際門',
  ...'ＡＢａ１２',
  ...'abAB12',
  ...'，。、.*-%',
  ' ',
  ' ',
  '\n',
];

const TRADITIONAL: Record<string, string> = { 证: '證', 国: '國', 际: '際' };
const FULL_WIDTH: Record<string, string> = { a: 'ａ', b: 'ｂ', A: 'Ａ', B: 'Ｂ', '1': '１', '2': '２' };

const text = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...ALPHABET), { maxLength }).map((chars) => chars.join(''));

const articles = fc.array(fc.tuple(text(8), text(40)), { minLength: 1, maxLength: 12 }).map((pairs) =>
  pairs.map(
    ([title, body], i): Article => ({
      id: `d${i}`,
      title,
      date: `2022-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00+08:00`,
      categories: [],
      tags: [],
      url: null,
      text: body,
    }),
  ),
);

/** A variant of a query term: as is, in traditional script or full-width. */
function variant(term: string, kind: number): string {
  if (kind === 1) return [...term].map((ch) => TRADITIONAL[ch] ?? ch).join('');
  if (kind === 2) return [...term].map((ch) => FULL_WIDTH[ch] ?? ch).join('');
  return term;
}

/** A term drawn from the documents (mostly) or random, quoted so that spaces and operators stay literal. */
function termOf(docs: Article[]): fc.Arbitrary<string> {
  const fromDocs = fc
    .tuple(fc.nat(docs.length - 1), fc.boolean(), fc.nat(60), fc.integer({ min: 1, max: 5 }), fc.nat(2))
    .map(([d, inTitle, start, length, kind]) => {
      const source = inTitle ? docs[d].title : docs[d].text;
      const from = source.length === 0 ? 0 : start % source.length;
      return variant(source.slice(from, from + length), kind);
    });
  return fc.oneof({ weight: 4, arbitrary: fromDocs }, { weight: 1, arbitrary: text(3) }).filter((term) => parseableTerm(term));
}

function parseableTerm(term: string): boolean {
  if (term.includes('"')) return false;
  try {
    parseQuery(`"${term}"`);
    return true;
  } catch {
    return false;
  }
}

interface QueryShape {
  groups: string[][];
  excluded: string[];
  titleOnly: boolean[];
}

function render(shape: QueryShape): string {
  const groups = shape.groups.map((group, g) => group.map((term) => `${shape.titleOnly[g] ? 'title:' : ''}"${term}"`).join(' OR '));
  return [...groups, ...shape.excluded.map((term) => `-"${term}"`)].join(' ');
}

function queryOf(docs: Article[]): fc.Arbitrary<string> {
  const term = termOf(docs);
  return fc
    .record({
      groups: fc.array(fc.array(term, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
      excluded: fc.array(term, { maxLength: 1 }),
      titleOnly: fc.array(fc.nat(9).map((n) => n < 3), { minLength: 3, maxLength: 3 }),
    })
    .map(render);
}

describe('search (property)', () => {
  it('returns exactly the brute-force matches when documents and queries are random', () => {
    let nonEmpty = 0;
    fc.assert(
      fc.property(
        articles.chain((docs) => fc.tuple(fc.constant(docs), fc.array(queryOf(docs), { minLength: 1, maxLength: 8 }))),
        ([docs, queries]) => {
          const index = buildIndex(docs);
          for (const query of queries) {
            expectOracle(index, query);
            if (search(index, query).total > 0) nonEmpty++;
          }
        },
      ),
      { numRuns: 300 },
    );
    // The generator must produce queries that find something, or the property proves little.
    expect(nonEmpty).toBeGreaterThan(300);
  });

  it('returns exactly the brute-force matches when the query is a single 1- or 2-character term', () => {
    fc.assert(
      fc.property(
        articles.chain((docs) =>
          fc.tuple(
            fc.constant(docs),
            fc.array(text(2).filter((term) => term.length > 0 && parseableTerm(term)), { minLength: 1, maxLength: 10 }),
          ),
        ),
        ([docs, terms]) => {
          const index = buildIndex(docs);
          for (const term of terms) expectOracle(index, `"${term}"`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('returns exactly the brute-force matches after documents were upserted and removed', () => {
    fc.assert(
      fc.property(
        articles.chain((docs) => fc.tuple(fc.constant(docs), articles, fc.array(queryOf(docs), { minLength: 1, maxLength: 5 }), fc.nat(20))),
        ([docs, extra, queries, removeAt]) => {
          const index = buildIndex(docs);
          for (const article of extra) index.upsert({ ...article, id: `d${(Number(article.id.slice(1)) * 2) % 16}` });
          index.remove(`d${removeAt % 16}`);
          for (const query of queries) expectOracle(index, query);
        },
      ),
      { numRuns: 150 },
    );
  });
});
