import fc from 'fast-check';
import { SpellingTable } from '../../src/search/pinyin-spelling-table';

/** The table of `byKey`, its layout run to the end. */
function laidOut(byKey: Map<string, number[]>): SpellingTable {
  const steps = SpellingTable.layOut(byKey);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Spellings of lowercase letters → ascending word numbers. */
const spellings = fc
  .array(fc.tuple(fc.string({ unit: fc.constantFrom(...'abhinsz'), minLength: 1, maxLength: 5 }), fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 4 })), { maxLength: 40 })
  .map((pairs) => new Map(pairs.map(([key, words]) => [key, words.sort((a, b) => a - b)])));

/** What a table should answer for `prefix`: the spellings starting with it, ascending, with their words. */
function withPrefixOf(byKey: Map<string, number[]>, prefix: string): Array<[string, number[]]> {
  return [...byKey].filter(([key]) => key.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('SpellingTable', () => {
  it('returns the words of a spelling and of the spellings starting with a prefix, as a Map of the same pairs does', () => {
    fc.assert(
      fc.property(spellings, fc.string({ unit: fc.constantFrom(...'abhinsz'), maxLength: 3 }), (byKey, probe) => {
        const table = laidOut(byKey);
        expect(Array.from(table.spelled(probe))).toEqual(byKey.get(probe) ?? []);
        expect([...table.withPrefix(probe)].map(([key, words]) => [key, Array.from(words)])).toEqual(withPrefixOf(byKey, probe));
        expect(table.size).toBe([...byKey.values()].reduce((sum, words) => sum + words.length, 0));
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('returns the pairs of both tables, the later words shifted, when two tables are merged', () => {
    fc.assert(
      fc.property(spellings, spellings, (earlier, later) => {
        const shift = 41;
        const merged = SpellingTable.merge(laidOut(earlier), laidOut(later), shift);
        const expected = new Map(earlier);
        for (const [key, words] of later) expected.set(key, [...(expected.get(key) ?? []), ...words.map((word) => word + shift)]);
        expect([...merged.withPrefix('')].map(([key, words]) => [key, Array.from(words)])).toEqual(withPrefixOf(expected, ''));
      }),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('returns nothing when the table is empty', () => {
    const empty = laidOut(new Map());
    expect(Array.from(empty.spelled('yinhang'))).toEqual([]);
    expect([...empty.withPrefix('')]).toEqual([]);
  });

  it('yields between the groups of spellings that share their first two letters, so that a large layout runs in steps', () => {
    const steps = SpellingTable.layOut(new Map([['yinhang', [0]], ['yin', [1]], ['haitong', [2]], ['y', [3]]]));
    let yielded = 0;
    while (!steps.next().done) yielded++;
    expect(yielded).toBe(4);
  });
});
