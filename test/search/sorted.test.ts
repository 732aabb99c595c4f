import fc from 'fast-check';
import { intersect, intersectPostings, lowerBound, NO_DOCS, subtract, union } from '../../src/search/sorted';

describe('lowerBound', () => {
  it('returns the count of entries less than the value, for any ascending list of numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (values, value) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(lowerBound(sorted, value)).toBe(sorted.filter((entry) => entry < value).length);
      }),
      { seed: 11 },
    );
  });

  it('returns the first key not less than a prefix in sorted strings', () => {
    expect([lowerBound(['中国', '海通', '海通证券', '证券'], '海通'), lowerBound(['a', 'b'], 'c'), lowerBound([], 'a')]).toEqual([1, 2, 0]);
  });
});

/** An ascending list of distinct small numbers. */
const ascending = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 60 }).map((values) => values.sort((a, b) => a - b));
/** Lists of very different lengths too, so that the binary-search path runs. */
const lists = fc.array(fc.oneof(ascending, fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { maxLength: 600 }).map((values) => values.sort((a, b) => a - b))), {
  minLength: 1,
  maxLength: 4,
});

describe('intersectPostings', () => {
  it('returns what filtering one list by the other returns, whichever is longer', () => {
    fc.assert(
      fc.property(lists, lists, (a, b) => {
        const [x, y] = [a[0], b[0]];
        expect([...intersectPostings(x, y)]).toEqual(x.filter((entry) => y.includes(entry)));
        expect([...intersectPostings(y, x)]).toEqual(x.filter((entry) => y.includes(entry)));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});

describe('intersect', () => {
  it('returns the entries every list holds, ascending', () => {
    fc.assert(
      fc.property(lists, (all) => {
        expect([...intersect(all.map((list) => Uint32Array.from(list)))]).toEqual(all[0].filter((entry) => all.every((list) => list.includes(entry))));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('returns nothing for no lists', () => {
    expect([...intersect([])]).toEqual([]);
  });
});

describe('union', () => {
  it('returns the entries any list holds, once each, ascending', () => {
    fc.assert(
      fc.property(lists, (all) => {
        expect([...union(all.map((list) => Uint32Array.from(list)))]).toEqual([...new Set(all.flat())].sort((a, b) => a - b));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('returns the one non-empty list itself when the others are empty (bug: a common word among empty alternatives was copied once per alternative)', () => {
    const common = Uint32Array.from({ length: 1000 }, (_, i) => 2 * i);
    expect(union([NO_DOCS, common, NO_DOCS, NO_DOCS])).toBe(common);
    expect([...union([NO_DOCS, NO_DOCS])]).toEqual([]);
    expect([...union([Uint32Array.of(3), common, Uint32Array.of(1, 2000)]).slice(0, 4)]).toEqual([0, 1, 2, 3]);
  });
});

describe('subtract', () => {
  it('returns the first list without the entries of the second', () => {
    fc.assert(
      fc.property(lists, lists, (a, b) => {
        expect([...subtract(Uint32Array.from(a[0]), Uint32Array.from(b[0]))]).toEqual(a[0].filter((entry) => !b[0].includes(entry)));
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
