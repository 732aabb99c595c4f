import type { SegmentInfo } from './manifest';

/** How segments are merged (a tiered policy, after Lucene's `TieredMergePolicy`). */
export interface MergePolicyOptions {
  /** Segments of about the same size allowed before they are merged into one. */
  segmentsPerTier: number;
  /** No merge makes a segment with more live documents than this. */
  maxSegmentDocs: number;
  /** Segments smaller than this count as this size when tiers are formed. */
  floorDocs: number;
  /** Share of deleted documents above which a segment is rewritten without them. */
  maxDeletedShare: number;
}

export const defaultMergePolicyOptions: MergePolicyOptions = {
  segmentsPerTier: 10,
  maxSegmentDocs: 50_000,
  floorDocs: 1_000,
  maxDeletedShare: 0.3,
};

function liveDocs(segment: SegmentInfo): number {
  return segment.documents - segment.deletedDocs.length;
}

/**
 * The next merge a generation needs, as positions in `segments`, or `null` when none: first a
 * segment with too many deleted documents (rewritten alone), then the smallest segments of the
 * first tier holding `segmentsPerTier` of them. Tier t holds segments of
 * `floorDocs · segmentsPerTier^t` to `floorDocs · segmentsPerTier^(t+1)` live documents, so
 * each merge makes a segment about one tier up and each document is rewritten about once per
 * tier. Segments of more than half of `maxSegmentDocs` never merge: an archive is full
 * segments plus fewer than `segmentsPerTier` small ones per tier.
 *
 * @example selectMerge(tenSmallSegments, defaultMergePolicyOptions) // [0, 1, …, 9]
 */
export function selectMerge(segments: readonly SegmentInfo[], options: MergePolicyOptions = defaultMergePolicyOptions): number[] | null {
  for (let i = 0; i < segments.length; i++) {
    const { documents, deletedDocs } = segments[i];
    if (documents > 0 && deletedDocs.length / documents > options.maxDeletedShare) return [i];
  }
  const tiers = new Map<number, number[]>();
  segments.forEach((segment, i) => {
    const live = liveDocs(segment);
    if (live * 2 > options.maxSegmentDocs) return;
    const tier = Math.floor(Math.log(Math.max(live, options.floorDocs) / options.floorDocs) / Math.log(options.segmentsPerTier));
    tiers.set(tier, [...(tiers.get(tier) ?? []), i]);
  });
  for (const tier of [...tiers.keys()].sort((a, b) => a - b)) {
    const members = tiers.get(tier)!;
    if (members.length < options.segmentsPerTier) continue;
    const smallest = [...members].sort((a, b) => liveDocs(segments[a]) - liveDocs(segments[b]) || a - b);
    const chosen: number[] = [];
    let total = 0;
    for (const i of smallest) {
      if (chosen.length === options.segmentsPerTier || total + liveDocs(segments[i]) > options.maxSegmentDocs) break;
      chosen.push(i);
      total += liveDocs(segments[i]);
    }
    if (chosen.length >= 2) return chosen.sort((a, b) => a - b);
  }
  return null;
}
