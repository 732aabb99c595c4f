import fc from 'fast-check';
import { ResultCache, type AnswerState } from '../../src/api/result-cache';

const RULES = {};
const STATE: AnswerState = { generation: 1, rules: RULES, dictionary: 'jieba-3.5.8+aaaa' };

function answerOf(query: string, took: number): { query: string; total: number; took_ms: number; hits: string[] } {
  return { query, total: query.length, took_ms: took, hits: [query] };
}

describe('ResultCache.answer', () => {
  it('returns what compute returns on a miss, and the same answer with a new took_ms on a hit without computing', () => {
    const cache = new ResultCache(1024 * 1024);
    const compute = jest.fn(() => answerOf('海通证券', 12.5));
    const miss = cache.answer('/api/search?q=海通证券', STATE, compute);
    const hit = cache.answer('/api/search?q=海通证券', STATE, compute);
    expect(miss).toEqual({ json: JSON.stringify(answerOf('海通证券', 12.5)), hit: false });
    expect(hit.hit).toBe(true);
    expect(compute).toHaveBeenCalledTimes(1);
    const parsed = JSON.parse(hit.json) as { took_ms: number };
    expect(parsed).toEqual({ ...answerOf('海通证券', 12.5), took_ms: parsed.took_ms });
    expect(parsed.took_ms).toBeLessThan(12.5);
  });

  it.each([
    ['the index generation', { ...STATE, generation: 2 }],
    ['the synonym rules', { ...STATE, rules: {} }],
    ['the dictionary', { ...STATE, dictionary: 'jieba-3.5.8+bbbb' }],
  ])('computes again when %s changed', (_what, changed) => {
    const cache = new ResultCache(1024 * 1024);
    cache.answer('k', STATE, () => answerOf('a', 1));
    expect(cache.answer('k', changed, () => answerOf('b', 1))).toEqual({ json: JSON.stringify(answerOf('b', 1)), hit: false });
    expect(cache.size).toBe(1);
  });

  it('drops the least recently used answer past its byte budget', () => {
    // Each answer of a one-character key is about 2 × 60 + 64 bytes: three fit in 600, four do not.
    const cache = new ResultCache(600);
    for (const key of ['a', 'b', 'c']) cache.answer(key, STATE, () => answerOf(key, 1));
    cache.answer('a', STATE, () => answerOf('a', 1));
    cache.answer('d', STATE, () => answerOf('d', 1));
    expect(cache.size).toBe(3);
    expect(cache.answer('b', STATE, () => answerOf('b', 2)).hit).toBe(false);
    expect(cache.answer('a', STATE, () => answerOf('a', 2)).hit).toBe(true);
  });

  it('keeps nothing when compute throws', () => {
    const cache = new ResultCache(1024 * 1024);
    expect(() =>
      cache.answer('k', STATE, () => {
        throw new Error('bad query');
      }),
    ).toThrow('bad query');
    expect(cache.size).toBe(0);
  });

  it('computes every time when its budget is 0', () => {
    const cache = new ResultCache(0);
    const compute = jest.fn(() => answerOf('a', 1));
    cache.answer('k', STATE, compute);
    expect(cache.answer('k', STATE, compute).hit).toBe(false);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('gives back the computed answer for any query text, even one that spells a took_ms field', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom('"took_ms":1,', 'x","took_ms":7,"y', '\\"took_ms\\":')), (query) => {
        const cache = new ResultCache(1024 * 1024);
        cache.answer(query, STATE, () => answerOf(query, 3));
        const hit = JSON.parse(cache.answer(query, STATE, () => answerOf('other', 3)).json) as { took_ms: number };
        expect(hit).toEqual({ ...answerOf(query, 3), took_ms: hit.took_ms });
      }),
    );
  });
});
