import { FacetSets } from '../../src/index/facet-sets';

describe('FacetSets', () => {
  it('returns the same number for the same values and a new one for other values or another order', () => {
    const sets = new FacetSets();
    expect(sets.numberOf([0, 3])).toBe(0);
    expect(sets.numberOf([3])).toBe(1);
    expect(sets.numberOf([0, 3])).toBe(0);
    expect(sets.numberOf([3, 0])).toBe(2);
    expect(sets.numberOf([])).toBe(3);
    expect(sets.members).toEqual([[0, 3], [3], [3, 0], []]);
  });

  it('keeps its own copy of the values it numbered', () => {
    const sets = new FacetSets();
    const values = [1, 2];
    sets.numberOf(values);
    values.push(3);
    expect(sets.members[0]).toEqual([1, 2]);
    expect(sets.numberOf([1, 2])).toBe(0);
  });

  it('counts the live documents of each set, new sets at zero', () => {
    const sets = new FacetSets();
    const a = sets.numberOf([1]);
    const b = sets.numberOf([2]);
    sets.count(a, 1);
    sets.count(a, 1);
    sets.count(a, -1);
    expect(sets.live).toEqual([1, 0]);
    expect(b).toBe(1);
  });
});
