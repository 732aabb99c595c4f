import fc from 'fast-check';
import { segmentNumbering } from '../../src/index/index-data';
import { mergeSortedPostings } from '../../src/index/merge-postings';
import type { SortedPostings } from '../../src/index/segment-format';

type Postings = Map<string, Array<[doc: number, value: number]>>;

/** Sorted postings written out the plain way: keys sorted with `<`, their units concatenated. */
function sortedPostings(postings: Postings, withValues: boolean): SortedPostings {
  const keys = [...postings.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const units = keys.join('');
  const keyOffsets = new Uint32Array(keys.length + 1);
  const offsets = new Uint32Array(keys.length + 1);
  keys.forEach((key, k) => {
    keyOffsets[k + 1] = keyOffsets[k] + key.length;
    offsets[k + 1] = offsets[k] + postings.get(key)!.length;
  });
  const entries = keys.flatMap((key) => postings.get(key)!);
  return {
    keys: Uint16Array.from({ length: units.length }, (_, i) => units.charCodeAt(i)),
    keyOffsets,
    offsets,
    docs: Uint32Array.from(entries, ([doc]) => doc),
    ...(withValues ? { values: Uint32Array.from(entries, ([, value]) => value) } : {}),
  };
}

function readable(sorted: SortedPostings): Array<[string, number[], number[]]> {
  return Array.from({ length: sorted.keyOffsets.length - 1 }, (_, k) => [
    String.fromCharCode(...sorted.keys.subarray(sorted.keyOffsets[k], sorted.keyOffsets[k + 1])),
    Array.from(sorted.docs.subarray(sorted.offsets[k], sorted.offsets[k + 1])),
    Array.from(sorted.values?.subarray(sorted.offsets[k], sorted.offsets[k + 1]) ?? []),
  ]);
}

/** A segment of `documents` documents, each holding some keys (with a value per posting). */
const segment = fc.integer({ min: 0, max: 6 }).chain((documents) =>
  fc.record({
    documents: fc.constant(documents),
    holds: fc.array(fc.array(fc.tuple(fc.constantFrom('国', '国内', '内', 'a', 'ab', '𠀀', '\uffff', '\u0000'), fc.nat({ max: 99 })), { maxLength: 4 }), {
      minLength: documents,
      maxLength: documents,
    }),
    deleted: fc.array(fc.boolean(), { minLength: documents, maxLength: documents }),
  }),
);

describe('mergeSortedPostings', () => {
  it('returns the postings one segment of the live documents would hold, keys in code-unit order', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.boolean(), (segments, withValues) => {
        const inputs = segments.map(({ holds }) => {
          const postings: Postings = new Map();
          holds.forEach((pairs, doc) => {
            for (const [key, value] of pairs) if (!postings.get(key)?.some(([d]) => d === doc)) postings.set(key, [...(postings.get(key) ?? []), [doc, value]]);
          });
          return postings;
        });
        const numberings = segmentNumbering(segments.map(({ documents, deleted }) => ({ documents, deletedDocs: deleted.flatMap((gone, doc) => (gone ? [doc] : [])) })));
        const expected: Postings = new Map();
        inputs.forEach((postings, s) => {
          for (const [key, entries] of postings) {
            for (const [doc, value] of entries) if (numberings[s][doc] >= 0) expected.set(key, [...(expected.get(key) ?? []), [numberings[s][doc], value]]);
          }
        });
        const merged = mergeSortedPostings(
          inputs.map((postings) => sortedPostings(postings, withValues)),
          numberings,
        );
        expect(readable(merged)).toEqual(readable(sortedPostings(expected, withValues)));
        expect(merged.values !== undefined).toBe(withValues && inputs.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  it('drops a key whose every document is deleted', () => {
    const input = sortedPostings(
      new Map([
        ['甲', [[0, 1]]],
        ['乙', [[1, 2]]],
      ]),
      true,
    );
    const merged = mergeSortedPostings([input], segmentNumbering([{ documents: 2, deletedDocs: [0] }]));
    expect(readable(merged)).toEqual([['乙', [0], [2]]]);
  });
});
