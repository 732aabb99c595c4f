import * as path from 'node:path';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { SegmentPart } from '../../src/index/segment-part';
import { matchTerm } from '../../src/search/match';
import { parseQuery } from '../../src/search/query-parser';
import { addFullTitleBonus, bm25, bm25Bounded, defaultRankOptions, kthLargest, proximity, scoringWords, topKByKey, visitReachable } from '../../src/search/rank';
import { search } from '../../src/search/search';

describe('kthLargest', () => {
  it('returns what sorting descending puts at position k - 1 when the keys have ties and infinities', () => {
    const keys = fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constant(-Infinity), fc.double({ min: -10, max: 10, noNaN: true })), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(keys, fc.nat(), (values, pick) => {
        const k = 1 + (pick % values.length);
        expect(kthLargest(Float64Array.from(values), k)).toBe([...values].sort((a, b) => b - a)[k - 1]);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});

describe('topKByKey', () => {
  it('returns the first k positions of a full sort when keys tie and k is below, at or above the count', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 80 }), fc.nat(90), (values, k) => {
        const keys = Float64Array.from(values);
        const compare = (i: number, j: number): number => keys[j] - keys[i] || i - j;
        const sorted = values.map((_, i) => i).sort(compare);
        expect(topKByKey(keys, k, compare)).toEqual(sorted.slice(0, k));
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('returns nothing when k is 0', () => {
    expect(topKByKey(Float64Array.of(3, 1), 0, (i, j) => i - j)).toEqual([]);
  });
});

describe('bm25Bounded', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = buildIndex((await loadCorpus(path.join(__dirname, '../../corpus'))).articles);
  });

  it.each(['通证', '商抗', 'title:通证', '民币汇'])('keeps each score between its bound and the exact score when %s is no word', (query) => {
    const term = parseQuery(query).groups[0][0];
    const docs = matchTerm(index, term).docs;
    const scored = [{ term, words: scoringWords(index, term), docs }];
    const exact = bm25(index, docs, scored, defaultRankOptions);
    const { scores, headroom, settle } = bm25Bounded(index, docs, scored, defaultRankOptions);
    expect(scored[0].words).toEqual([]);
    for (let i = 0; i < docs.length; i++) {
      const most = scores[i] + (headroom?.[i] ?? 0);
      expect(scores[i]).toBeLessThanOrEqual(exact[i] + 1e-9);
      expect(most).toBeGreaterThanOrEqual(exact[i] - 1e-9);
      settle?.(i);
      expect(scores[i]).toBeCloseTo(exact[i], 9);
    }
  });

  it('returns no body counts to settle when the term that is no word is in no document (bug: a pinyin term as typed cost a pass over every score)', () => {
    const [typed, word] = parseQuery('haitong 海通').groups.map((group) => group[0]);
    const docs = matchTerm(index, word).docs;
    const scored = [
      { term: typed, words: scoringWords(index, typed), docs: new Uint32Array(0) },
      { term: word, words: scoringWords(index, word), docs },
    ];
    const bounded = bm25Bounded(index, docs, scored, defaultRankOptions);
    expect(scored[0].words).toEqual([]);
    expect(bounded.settle).toBeUndefined();
    expect(bounded.headroom).toBeUndefined();
    expect(Array.from(bounded.scores)).toEqual(Array.from(bm25(index, docs, scored.slice(1), defaultRankOptions)));
  });
});

const WORDS = ['海通证券', '中国', '发展', '券商', '上海', '国际', '疫情'];

/** Random articles made of a few words, so that terms that are no word (通证, 国发) occur in many of them. */
const articles = fc.array(fc.tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }), fc.array(fc.constantFrom(...WORDS, '。'), { maxLength: 40 })), {
  minLength: 1,
  maxLength: 40,
}).map((pairs) =>
  pairs.map(
    ([title, body], i): Article => ({
      id: `d${i}`,
      title: title.join(''),
      date: `2022-03-${String(1 + (i % 5)).padStart(2, '0')}T10:00:00+08:00`,
      categories: [],
      tags: [],
      url: null,
      text: body.join(''),
    }),
  ),
);

describe('visitReachable', () => {
  it('leaves the first window of the scores as visiting every document does, when each visit raises a score up to its ceiling', () => {
    const documents = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(documents, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), (docs, window, times) => {
        // Each document: a score, what its visit adds, and a headroom of at least that.
        const ranked = (visitAll: boolean): number[] => {
          const scores = Float64Array.from(docs, ([score]) => score);
          const visit = (i: number): void => {
            scores[i] += docs[i][1];
          };
          if (visitAll) docs.forEach((_doc, i) => visit(i));
          else visitReachable(scores, (i) => scores[i] + docs[i][1] + docs[i][2], window, times * window, visit);
          return topKByKey(scores, window, (i, j) => scores[j] - scores[i] || i - j).map((i) => scores[i] * 1000 + i);
        };
        expect(ranked(false)).toEqual(ranked(true));
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });
});

describe('addFullTitleBonus', () => {
  const titled = (titles: string[]): SearchIndex =>
    buildIndex(titles.map((title, i) => ({ id: `t${i}`, title, date: '2022-03-01T10:00:00+08:00', categories: [], tags: [], url: null, text: '正文' })));

  it('adds the bonus to each document whose title holds a term of every group', () => {
    const index = titled(['中国发展报告', '中国新闻', '发展中国家', '上海']);
    const scores = Float64Array.of(1, 1, 1, 1);
    addFullTitleBonus(index, Uint32Array.of(0, 1, 2, 3), scores, [['中国'], ['发展', '上海']], 20);
    expect([...scores]).toEqual([21, 1, 21, 1]);
  });

  it('reads no title for terms of one or two units, and for a longer term only the titles holding all its grams', () => {
    const index = titled(Array.from({ length: 12 }, (_, i) => ['中国发展', '中国新闻', '发展中的国'][i % 3]));
    const all = Uint32Array.from(index.liveDocs());
    const reads = jest.spyOn(SegmentPart.prototype, 'titleIncludes');
    const scores = new Float64Array(12);
    addFullTitleBonus(index, all, scores, [['中国'], ['发展']], 10);
    expect([...scores]).toEqual([10, 0, 0, 10, 0, 0, 10, 0, 0, 10, 0, 0]);
    expect(reads).not.toHaveBeenCalled();
    // 中国发 has the grams 中国 and 国发: only the titles 中国发展 hold both.
    addFullTitleBonus(index, all, scores, [['中国发']], 1);
    expect([...scores]).toEqual([11, 0, 0, 11, 0, 0, 11, 0, 0, 11, 0, 0]);
    expect(new Set(reads.mock.calls.map(([doc]) => doc))).toEqual(new Set([0, 3, 6, 9]));
    reads.mockRestore();
  });
});

describe('search (ranking a page)', () => {
  it('returns the first page of the fully ranked list, with the same scores, when terms are no words, many documents tie and the full-title bonus decides', () => {
    fc.assert(
      fc.property(articles, fc.constantFrom('通证', '国发', '通证 中国', '通证 OR 海国', '券商 国发 -国际', '证券', '中国 发展', '海通 券商 上海', '通证 国发'), fc.integer({ min: 1, max: 5 }), fc.constantFrom(20, 2, 0.5), (docs, query, limit, fullTitleBonus) => {
        const index = buildIndex(docs);
        // A small rescore window, so that the page is below the documents ranked; a small
        // full-title bonus decides between close scores, where skipping a title would show.
        const rank = { ...defaultRankOptions, rescoreWindow: 2, fullTitleBonus };
        const all = search(index, query, { limit: docs.length, snippets: 0, rank });
        const page = search(index, query, { limit, offset: 1, snippets: 0, rank });
        const scored = (hits: typeof all.hits): Array<[string, number]> => hits.map((hit) => [hit.id, hit.score]);
        expect(scored(page.hits)).toEqual(scored(all.hits.slice(1, 1 + limit)));
      }),
      { numRuns: 150, seed: 20261201 },
    );
  });
});

describe('search (ranking a page of many matches)', () => {
  const many = fc
    .array(fc.tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }), fc.array(fc.constantFrom(...WORDS, '。'), { maxLength: 30 })), { minLength: 60, maxLength: 120 })
    .map((pairs) => pairs.map(([title, body], i): Article => ({ id: `m${i}`, title: title.join(''), date: '2022-03-01T10:00:00+08:00', categories: [], tags: [], url: null, text: body.join('') })));

  it('returns the first page of the fully ranked list when far more documents match than the titles the full-title bonus reads first', () => {
    fc.assert(
      fc.property(many, fc.constantFrom('中国 发展', '海通 券商', '通证 中国', '国发 上海 -疫情'), fc.integer({ min: 1, max: 3 }), fc.constantFrom(20, 2, 0.5, 0.1), (docs, query, limit, fullTitleBonus) => {
        const index = buildIndex(docs);
        const rank = { ...defaultRankOptions, rescoreWindow: 1, fullTitleBonus };
        const all = search(index, query, { limit: docs.length, snippets: 0, rank });
        const page = search(index, query, { limit, snippets: 0, rank });
        const scored = (hits: typeof all.hits): Array<[string, number]> => hits.map((hit) => [hit.id, hit.score]);
        expect(scored(page.hits)).toEqual(scored(all.hits.slice(0, limit)));
      }),
      { numRuns: 60, seed: 20261202 },
    );
  });
});

/** The shortest stretch of `text` holding one occurrence of a term of every group, found by trying every start and end. */
function naiveProximity(text: string, groups: string[][]): number {
  const found = groups.filter((group) => group.some((term) => text.includes(term)));
  if (found.length < 2 || found.length < groups.length) return 0;
  let best = Infinity;
  for (let from = 0; from < text.length; from++) {
    for (let to = from + 1; to <= text.length; to++) {
      const stretch = text.slice(from, to);
      if (groups.every((group) => group.some((term) => stretch.includes(term)))) best = Math.min(best, to - from);
    }
  }
  const minimal = groups.reduce((sum, group) => sum + Math.min(...group.map((term) => term.length)), 0);
  return Math.min(1, minimal / best);
}

describe('proximity', () => {
  it('returns what trying every stretch of the text returns', () => {
    const text = fc.array(fc.constantFrom('海', '通', '证', '券', '中', '国', '。'), { maxLength: 24 }).map((chars) => chars.join(''));
    const groups = fc.array(fc.array(fc.constantFrom('海通', '证券', '中国', '通证', '券', '国'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(text, groups, (t, g) => {
        expect(proximity(t, g)).toBeCloseTo(naiveProximity(t, g), 12);
      }),
      { seed: 20261201, numRuns: 400 },
    );
  });
});
