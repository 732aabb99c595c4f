import * as path from 'node:path';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import type { SearchIndex } from '../../src/index/search-index';
import { candidateEstimate, matchTerm, titleMatches } from '../../src/search/match';
import { bruteForceMatches, liveTexts } from '../../src/search/oracle';
import { parseQuery } from '../../src/search/query-parser';

const TERMS = ['海通证券', '海通', '证券', '券商抗', '中国', '的', '600837', 'title:海通', 'title:证券', '国务院常务会议', '人民币汇率', 'ab轮岗', '。'];

/** The sample corpus cut into three segments, a few documents deleted. */
function segmentedIndex(articles: Article[]): SearchIndex {
  const third = Math.floor(articles.length / 3);
  const cuts = [0, third, 2 * third, articles.length];
  return indexFromSegments(cuts.slice(1).map((end, k) => ({ data: buildIndexData(articles.slice(cuts[k], end)).data, deletedDocs: k === 1 ? [0, 2] : [] })));
}

let articles: Article[];
let index: SearchIndex;
beforeAll(async () => {
  articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
  index = segmentedIndex(articles);
});

describe('matchTerm', () => {
  it('returns the brute-force matches of each term in an index of several segments with deletes', () => {
    const { docs, texts } = liveTexts(index);
    for (const raw of TERMS) {
      const expected = bruteForceMatches(texts, parseQuery(raw)).map((i) => docs[i]);
      expect({ raw, docs: [...matchTerm(index, parseQuery(raw).groups[0][0]).docs] }).toEqual({ raw, docs: expected });
    }
  });

  it('returns the matches that are among `within` when it is given, whatever documents it holds', () => {
    const live = [...index.liveDocs()];
    fc.assert(
      fc.property(fc.constantFrom(...TERMS), fc.array(fc.boolean(), { minLength: live.length, maxLength: live.length }), (raw, keep) => {
        const term = parseQuery(raw).groups[0][0];
        const within = live.filter((_, i) => keep[i]);
        const kept = new Set(within);
        expect(matchTerm(index, term, Uint32Array.from(within)).docs).toEqual(matchTerm(index, term).docs.filter((doc) => kept.has(doc)));
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });
});

describe('matchTerm candidates', () => {
  it('returns as candidates only the documents holding every gram of the term, however few the first gram proposes', () => {
    // Each gram of 甲乙丙丁 (甲乙, 乙丙, 丙丁) is in 12 documents; all three in 5, the term itself in 2.
    const bodies = [
      ...Array.from({ length: 2 }, () => '报道甲乙丙丁。'),
      ...Array.from({ length: 3 }, () => '甲乙，乙丙，丙丁。'),
      ...['甲乙', '乙丙', '丙丁'].flatMap((gram) => Array.from({ length: 7 }, () => `只有${gram}。`)),
    ];
    const small = buildIndex(bodies.map((text, i) => ({ id: `d${i}`, title: `第${i}篇`, date: '2022-03-01T10:00:00+08:00', categories: [], tags: [], url: null, text })));
    const found = matchTerm(small, parseQuery('甲乙丙丁').groups[0][0]);
    expect({ candidates: found.candidates, docs: [...found.docs] }).toEqual({ candidates: 5, docs: [0, 1] });
  });
});

describe('titleMatches', () => {
  it('returns the documents of `within` whose normalised title holds the text, in segments and in documents written since', () => {
    const written = segmentedIndex(articles);
    written.upsert({ ...articles[0], id: 'w1', title: '海通证券发布公告' });
    written.upsert({ ...articles[1], id: 'w2', title: '证券市场动态' });
    const live = [...written.liveDocs()];
    const texts = ['海通', '证券', '海通证券', '券', '发布', '市场动', '不在标题里', '。'];
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.boolean(), { minLength: live.length, maxLength: live.length }), (text, keep) => {
        const within = live.filter((_, i) => keep[i]);
        expect([...titleMatches(written, text, Uint32Array.from(within))]).toEqual(within.filter((doc) => written.normTitle(doc).includes(text)));
      }),
      { numRuns: 200, seed: 20261202 },
    );
  });
});

describe('candidateEstimate', () => {
  it('returns at least the number of documents holding the term, and 0 for a gram no document has', () => {
    for (const raw of TERMS) {
      const term = parseQuery(raw).groups[0][0];
      expect(candidateEstimate(index, term)).toBeGreaterThanOrEqual(matchTerm(index, term).docs.length);
    }
    expect(candidateEstimate(index, parseQuery('不存在的词').groups[0][0])).toBe(0);
  });
});

describe('SearchIndex.titleIncludes', () => {
  it('returns what normTitle(doc).includes returns, for every document and term', () => {
    const terms = ['海通', '证券', '海通证券', '的', 'ab', '。', '不存在的词', '2022', 'x'];
    for (const doc of index.liveDocs()) {
      const title = index.normTitle(doc);
      for (const term of [...terms, title, title.slice(1), title.slice(0, -1), `${title}x`]) {
        expect({ doc, term, holds: index.titleIncludes(doc, term) }).toEqual({ doc, term, holds: title.includes(term) });
      }
    }
  });
});
