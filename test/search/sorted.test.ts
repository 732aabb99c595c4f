import fc from 'fast-check';
import { lowerBound } from '../../src/search/sorted';

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
