import * as path from 'node:path';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { CodeSynonyms, parseCodes, withCodes } from '../../src/search/code-synonyms';
import { mineCodes } from '../../src/search/code-mining';
import { search } from '../../src/search/search';
import type { SearchResponse } from '../../src/search/search-response';
import { LocalSynonyms } from '../../src/search/synonym-rules';
import { noSynonyms, parseSynonyms } from '../../src/search/synonyms';
import { normalize } from '../../src/analysis';
import { sampleArticles } from '../server/helpers';

const CODES_FIXTURES = path.join(__dirname, '..', 'fixtures', 'codes');
const HAITONG = '2023-06-12-haitong-announcement';
const MARGIN = '2023-06-13-margin-ranking';
const HKEX = '2023-06-14-hkex-rating';
const CHIPS = '2023-06-15-chip-stocks';

const ids = (response: SearchResponse): string[] => response.hits.map((hit) => hit.id);

describe('parseCodes', () => {
  it('returns each line as a code rule, the canonical code first, and no synonym rules', () => {
    const codes = parseCodes('# 港股\n0388.HK, 港交所, 香港交易所\n600837, 海通证券\n', 'codes.txt');
    expect(codes.rules).toEqual([]);
    expect(codes.codes).toEqual([
      { kind: 'equivalent', terms: ['00388.HK', '0388.HK', '港交所', '香港交易所'], source: 'codes file', line: 2 },
      { kind: 'equivalent', terms: ['600837', '海通证券'], source: 'codes file', line: 3 },
    ]);
    expect(codes.expansions.get('香港交易所')).toEqual(['00388.hk', '0388.hk', '港交所']);
  });

  it('throws naming the file and line of a rule without a stock code or with "=>"', () => {
    expect(() => parseCodes('600837, 海通证券\n海通, 海通证券\n', 'codes.txt')).toThrow(
      'invalid synonyms: line 2 of codes.txt: "海通, 海通证券" has no stock code (write the code and the names: 600837, 海通证券)',
    );
    expect(() => parseCodes('600837 => 海通证券\n', 'codes.txt')).toThrow(
      'invalid synonyms: line 1 of codes.txt: a code and its names find each other; write them separated by commas, without "=>"',
    );
  });
});

describe('withCodes', () => {
  it('returns the user rules themselves when no code is mined or listed', () => {
    const user = parseSynonyms('央行, 中国人民银行');
    expect(withCodes(user, noSynonyms, [])).toBe(user);
  });

  it('returns the user rules, then the codes file, then the mined pairs, each code finding its names and back', () => {
    const served = withCodes(parseSynonyms('央行, 中国人民银行'), parseCodes('600837, 海通', 'codes.txt'), [
      { code: '600837', forms: ['600837'], name: '海通证券', articles: 2 },
    ]);
    expect([served.expansions.get('600837'), served.expansions.get('海通证券'), served.expansions.get('央行')]).toEqual([['海通', '海通证券'], ['600837'], ['中国人民银行']]);
    expect(served.codes).toEqual([
      { kind: 'equivalent', terms: ['600837', '海通'], source: 'codes file', line: 1 },
      { kind: 'equivalent', terms: ['600837', '海通证券'], source: 'mined', articles: 2 },
    ]);
  });
});

describe('search with mined codes', () => {
  let fixtures: Article[];
  let index: SearchIndex;
  let served: CodeSynonyms;
  beforeAll(async () => {
    fixtures = (await loadCorpus(CODES_FIXTURES)).articles;
    index = buildIndex(fixtures);
    served = new CodeSynonyms(new LocalSynonyms(noSynonyms), index);
  });

  it('returns the articles that write the name for the code, and those that write the code for the name, the typed term first', () => {
    expect(ids(search(index, '海通证券'))).toEqual([HAITONG]);
    expect(ids(search(index, '海通证券', { synonyms: served.current() }))).toEqual([HAITONG, MARGIN]);
    expect(ids(search(index, '600837', { synonyms: served.current() }))).toEqual([MARGIN, HAITONG]);
  });

  it('returns the article of a Hong Kong code for any form of the code, and for the name', () => {
    const synonyms = served.current();
    expect(['00388.HK', '0388.HK', '388.HK', '00388', '港交所', '香港交易所'].map((q) => ids(search(index, q, { synonyms })))).toEqual([[HKEX], [HKEX], [HKEX], [HKEX], [HKEX], [HKEX]]);
    expect(ids(search(index, '00388.HK'))).toEqual([]);
  });

  it('returns explain entries with the names a code expands to, and the canonical code of a form the rules do not write', () => {
    const synonyms = served.current();
    expect(search(index, 'INTC.O', { synonyms, explain: true }).explain!.terms.map(({ term, synonyms: expanded, synonymOf }) => [term, expanded, synonymOf])).toEqual([
      ['INTC.O', ['英特尔'], undefined],
      ['英特尔', undefined, 'INTC.O'],
    ]);
    expect(search(index, '600837.SH', { synonyms, explain: true }).explain!.terms.map(({ term, synonymOf }) => [term, synonymOf])).toEqual([
      ['600837.SH', undefined],
      ['600837', '600837.SH'],
      ['海通证券', '600837.SH'],
    ]);
    expect(ids(search(index, '英特尔', { synonyms }))).toEqual([CHIPS]);
  });

  it('returns the same responses as without codes for any query when no article writes a code', async () => {
    const plain = (await sampleArticles()).filter((article) => mineCodes(normalize(`${article.title}\n${article.text}`)).length === 0);
    const uncoded = buildIndex(plain);
    const synonyms = new CodeSynonyms(new LocalSynonyms(noSynonyms), uncoded).current();
    expect(synonyms).toBe(noSynonyms);
    const WORDS = ['海通证券', '600837', '600837.SH', '00388.HK', '港交所', '香港交易所', '证券', '中国', 'AB轮岗', '-5G', 'title:海通'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }), (words) => {
        const query = words.join(' ');
        fc.pre(!words.every((word) => word.startsWith('-')));
        const { took_ms: _a, ...withCodesServed } = search(uncoded, query, { synonyms, explain: true, limit: 20 });
        const { took_ms: _b, ...without } = search(uncoded, query, { explain: true, limit: 20 });
        expect(withCodesServed).toEqual(without);
      }),
      { numRuns: 100 },
    );
  });
});
