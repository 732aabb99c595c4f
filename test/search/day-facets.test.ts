import { buildIndex } from '../../src/index/build';
import { countDays, dayFacets } from '../../src/search/day-facets';

const index = buildIndex([
  { id: 'late', title: '深夜', date: '2022-03-31T23:30:00+07:00', categories: [], tags: [], url: null, text: '甲' },
  { id: 'early', title: '清晨', date: '2022-03-31T00:10:00+08:00', categories: [], tags: [], url: null, text: '乙' },
  { id: 'undated', title: '无日期', date: null, categories: [], tags: [], url: null, text: '丙' },
]);

describe('countDays', () => {
  it('returns counts per day of the corpus time zone, not the article own zone', () => {
    expect(countDays(index, Uint32Array.of(0, 1, 2), '+08:00')).toEqual({ '2022-03-31': 1, '2022-04-01': 1 });
    expect(countDays(index, Uint32Array.of(0, 1, 2), '+00:00')).toEqual({ '2022-03-30': 1, '2022-03-31': 1 });
  });
});

describe('dayFacets', () => {
  it('returns the counts when the range spans 31 days and undefined from 32 days or an open end', () => {
    expect(dayFacets(index, Uint32Array.of(1), { from: '2022-03-01', to: '2022-03-31', timeZone: '+08:00' })).toEqual({ '2022-03-31': 1 });
    expect(dayFacets(index, Uint32Array.of(1), { from: '2022-03-01', to: '2022-04-01', timeZone: '+08:00' })).toBeUndefined();
    expect(dayFacets(index, Uint32Array.of(1), { to: '2022-03-31', timeZone: '+08:00' })).toBeUndefined();
  });
});
