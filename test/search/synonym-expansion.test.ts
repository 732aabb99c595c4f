import fc from 'fast-check';
import { normalize } from '../../src/analysis';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { bruteForceMatches, type OracleText } from '../../src/search/oracle';
import { parseQuery } from '../../src/search/query-parser';
import { search } from '../../src/search/search';
import type { SearchResponse } from '../../src/search/search-response';
import { expandSynonyms, SYNONYM_WEIGHT } from '../../src/search/synonym-expansion';
import { noSynonyms, parseSynonyms } from '../../src/search/synonyms';
import { sampleArticles } from '../server/helpers';

const RULES = parseSynonyms('沪上, 上海\n港交所, 香港交易所\n央行 => 中国人民银行');

/** Ids of every hit, in ranked order. */
const ids = (response: SearchResponse): string[] => response.hits.map((hit) => hit.id);

describe('expandSynonyms', () => {
  it('returns each term followed by its synonyms in its group, in its field, when rules apply', () => {
    const query = expandSynonyms(parseQuery('title:港交所 降准 -央行'), RULES);
    expect(query.groups.map((group) => group.map(({ norm, field, synonymOf }) => [norm, field, synonymOf?.raw]))).toEqual([
      [
        ['港交所', 'title', undefined],
        ['香港交易所', 'title', '港交所'],
      ],
      [['降准', 'any', undefined]],
    ]);
    expect(query.excluded.map((term) => [term.norm, term.synonymOf?.raw])).toEqual([
      ['央行', undefined],
      ['中国人民银行', '央行'],
    ]);
  });

  it('returns the query unchanged when a term is quoted or already has its synonym in its OR group', () => {
    expect(expandSynonyms(parseQuery('"港交所"'), RULES)).toEqual(parseQuery('"港交所"'));
    expect(expandSynonyms(parseQuery('港交所 OR 香港交易所'), RULES)).toEqual(parseQuery('港交所 OR 香港交易所'));
  });

  it('returns the same object when there are no rules', () => {
    const query = parseQuery('港交所 降准');
    expect(expandSynonyms(query, noSynonyms)).toBe(query);
  });
});

describe('search with synonyms', () => {
  let index: SearchIndex;
  let texts: OracleText[];

  beforeAll(async () => {
    index = buildIndex(await sampleArticles());
    texts = [...index.liveDocs()].map((doc) => ({ title: normalize(index.article(doc).title), body: normalize(index.article(doc).text) }));
  });

  it('returns the articles of every member when a rule is equivalent, whichever member was typed', () => {
    const expected = ['2022-10-20-202210202535081466', '2024-09-06-202409063160830042'];
    expect(ids(search(index, '港交所'))).toEqual(['2022-10-20-202210202535081466']);
    expect(ids(search(index, '港交所', { synonyms: RULES }))).toEqual(expected);
    expect(ids(search(index, '香港交易所', { synonyms: RULES }))).toEqual(expected);
  });

  it('returns the articles of the right side for the left side only when a rule is one way', () => {
    expect(search(index, '央行').total).toBe(0);
    expect(ids(search(index, '央行', { synonyms: RULES }))).toEqual(['2022-04-02-202204021011262984', '2023-03-17-202303172650118834']);
    const written = search(index, '中国人民银行', { synonyms: RULES, explain: true });
    expect(written.explain!.terms.map((term) => term.term)).toEqual(['中国人民银行']);
    expect(ids(written)).toEqual(ids(search(index, '中国人民银行')));
  });

  it('returns the articles holding the term as typed above those holding only its synonym on the sample corpus', () => {
    const says = (id: string): string => (`${index.get(id).title}\n${index.get(id).text}`.includes('沪上') ? '沪上' : '上海');
    expect(ids(search(index, '沪上', { synonyms: RULES, limit: 100 })).map(says)).toEqual(['沪上', '沪上', '沪上', '沪上', '上海', '上海', '上海', '上海']);
  });

  it(`returns a synonym's match at ${SYNONYM_WEIGHT} of the score of the typed term's when two articles differ only in which they say`, () => {
    const twin = (id: string, name: string): Article => ({ id, title: `${name}发布公告`, date: '2024-01-02T00:00:00+08:00', categories: [], tags: [], url: null, text: `${name}今日发布公告。` });
    const pair = buildIndex([twin('synonym', '香港交易所'), twin('typed', '港交所'), twin('other', '上交所')]);
    const rules = parseSynonyms('港交所, 香港交易所');
    const [typed, synonym] = search(pair, '港交所', { synonyms: rules }).hits;
    expect([typed.id, synonym.id]).toEqual(['typed', 'synonym']);
    const alone = search(pair, '香港交易所').hits[0];
    expect(synonym.score).toBeCloseTo(SYNONYM_WEIGHT * alone.score, 3);
  });

  it('returns no score from the words of the term as typed to an article that holds only its synonym', () => {
    const pair = buildIndex([
      { id: 'typed', title: '香港交易所公布业绩', date: null, categories: [], tags: [], url: null, text: '香港交易所公布季度业绩。' },
      { id: 'synonym', title: '港交所公布业绩', date: null, categories: [], tags: [], url: null, text: '港交所是香港的交易所，今日公布业绩。' },
      ...['上证', '深证', '创业板', '科创板', '北证', '恒生'].map((name): Article => ({ id: name, title: `${name}指数收涨`, date: null, categories: [], tags: [], url: null, text: `${name}指数今日收涨。` })),
    ]);
    const hits = search(pair, '香港交易所', { synonyms: parseSynonyms('香港交易所, 港交所') }).hits;
    expect(hits.map((hit) => hit.id)).toEqual(['typed', 'synonym']);
    expect(hits[1].score).toBeCloseTo(SYNONYM_WEIGHT * search(pair, '港交所').hits[0].score, 3);
  });

  it('returns explain entries with the expansion of each term and the term each synonym stands for', () => {
    expect(search(index, '港交所', { synonyms: RULES, explain: true }).explain).toEqual({
      relaxed: false,
      terms: [
        { term: '港交所', field: 'any', excluded: false, normalized: '港交所', words: ['港交所'], candidates: 1, matches: 1, synonyms: ['香港交易所'] },
        { term: '香港交易所', field: 'any', excluded: false, normalized: '香港交易所', words: ['香港', '交易', '交易所'], candidates: 2, matches: 2, synonymOf: '港交所' },
      ],
    });
  });

  it('returns highlights on the synonym that matched, on the original characters', () => {
    const hits = search(index, '央行', { synonyms: RULES }).hits;
    expect(hits[0].snippet_html.startsWith('<mark>中国人民银行</mark>近日召开数字人民币研发试点工作座谈会')).toBe(true);
    const traditional = search(index, '港交所', { synonyms: RULES }).hits[1];
    expect(traditional.snippet_html).toBe(
      '…公告顯示，兩家公司的A股自9月6日起停牌，預計停牌時間不超過10個交易日；H股亦已向<mark>香港交易所</mark>申請同步停牌。業內人士認為，此次合併是中國證券行業近年來規模最大的整合之一，合併後的新公司在總資產、淨資本等方面均將位居行業前列。…',
    );
  });

  it('returns no article with a synonym of an excluded term when the query excludes it', () => {
    expect(ids(search(index, '人民币 -央行')).length).toBe(5);
    expect(ids(search(index, '人民币 -央行', { synonyms: RULES }))).toEqual([
      '2021-12-10-202112100915022210',
      '2024-07-12-202407123106281745',
      '2023-11-15-202311152891046637',
      '2023-11-15-202311152891052284',
    ]);
  });

  it('returns nothing for a quoted term whose synonyms would match', () => {
    expect(search(index, '"央行"', { synonyms: RULES }).total).toBe(0);
  });

  const WORDS = ['海通证券', '证券', '上海', '沪上', '港交所', '香港交易所', '人民币', '汇率', '中国', '央行', '中国人民银行', '疫情', 'AB轮岗', '5G'];
  const queryOf = fc
    .array(fc.tuple(fc.constantFrom('', '-', 'title:'), fc.constantFrom(...WORDS), fc.boolean()), { minLength: 1, maxLength: 3 })
    .map((terms) => terms.map(([op, word, or], i) => (i > 0 && or && op === '' ? `OR ${word}` : `${op}${word}`)).join(' '))
    .filter((query) => {
      try {
        parseQuery(query);
        return true;
      } catch {
        return false;
      }
    });
  const rulesOf = fc
    .array(fc.tuple(fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 3 }), fc.boolean()), { maxLength: 3 })
    .map((rules) => parseSynonyms(rules.map(([words, oneWay]) => (oneWay ? `${words[0]} => ${words.slice(1).join(', ')}` : words.join(', '))).join('\n')));

  it('returns exactly the brute-force matches of the expanded query for any rules and query', () => {
    fc.assert(
      fc.property(queryOf, rulesOf, (query, rules) => {
        const response = search(index, query, { synonyms: rules, limit: 100 });
        if (response.relaxed) return;
        const expected = bruteForceMatches(texts, expandSynonyms(parseQuery(query), rules)).map((doc) => index.article(doc).id);
        expect({ query, rules: rules.text, ids: ids(response).sort() }).toEqual({ query, rules: rules.text, ids: expected.sort() });
      }),
      { numRuns: 200 },
    );
  });

  it('returns the same response as without rules when the rule set is empty or no rule names a term of the query', () => {
    const unrelated = parseSynonyms('# 没有规则\n国泰君安, 国君\n北向资金 => 沪股通');
    fc.assert(
      fc.property(queryOf, fc.constantFrom(noSynonyms, parseSynonyms('# 只有注释\n'), unrelated), (query, rules) => {
        const { took_ms: _a, ...withRules } = search(index, query, { synonyms: rules, explain: true, limit: 20 });
        const { took_ms: _b, ...without } = search(index, query, { explain: true, limit: 20 });
        expect(withRules).toEqual(without);
      }),
      { numRuns: 200 },
    );
  });
});
