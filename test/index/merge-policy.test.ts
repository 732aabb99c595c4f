import fc from 'fast-check';
import type { SegmentInfo } from '../../src/index/manifest';
import { defaultMergePolicyOptions, selectMerge } from '../../src/index/merge-policy';

function segment(documents: number, deleted = 0): SegmentInfo {
  return { name: `seg-${documents}-${deleted}`, documents, deletedDocs: Array.from({ length: deleted }, (_, i) => i) };
}

const options = { segmentsPerTier: 3, maxSegmentDocs: 1000, floorDocs: 10, maxDeletedShare: 0.3 };

describe('selectMerge', () => {
  it('returns null when no tier holds segmentsPerTier segments', () => {
    expect(selectMerge([segment(500), segment(20), segment(20)], options)).toBeNull();
  });

  it('returns the smallest segments of the first full tier, in segment order', () => {
    expect(selectMerge([segment(40), segment(5), segment(8), segment(3), segment(60)], options)).toEqual([1, 2, 3]);
  });

  it('returns a segment alone when more than maxDeletedShare of it is deleted', () => {
    expect(selectMerge([segment(500), segment(100, 31), segment(5), segment(5), segment(5)], options)).toEqual([1]);
  });

  it('returns null for segments of more than half of maxSegmentDocs, however many', () => {
    expect(selectMerge(Array.from({ length: 20 }, () => segment(600)), options)).toBeNull();
  });

  it('keeps the segment count logarithmic when segments are added one by one and merged as selected', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 300 }), (sizes) => {
        let segments: SegmentInfo[] = [];
        let merges = 0;
        for (const size of sizes) {
          segments.push(segment(size));
          for (let chosen = selectMerge(segments, options); chosen; chosen = selectMerge(segments, options)) {
            const documents = chosen.reduce((sum, i) => sum + segments[i].documents - segments[i].deletedDocs.length, 0);
            expect(documents).toBeLessThanOrEqual(options.maxSegmentDocs);
            segments = segments.filter((_, i) => !chosen.includes(i)).concat(segment(documents));
            merges++;
          }
        }
        const total = sizes.reduce((sum, size) => sum + size, 0);
        expect(segments.reduce((sum, s) => sum + s.documents, 0)).toBe(total);
        // Full segments, plus fewer than segmentsPerTier in each tier below them.
        expect(segments.length).toBeLessThanOrEqual(Math.ceil(total / (options.maxSegmentDocs / 2)) + 3 * (options.segmentsPerTier - 1));
        expect(merges).toBeLessThanOrEqual(sizes.length);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('returns null for the default policy on one full build of 10,000-document segments', () => {
    expect(selectMerge([segment(10_000), segment(10_000), segment(4_246)], defaultMergePolicyOptions)).toBeNull();
  });
});
