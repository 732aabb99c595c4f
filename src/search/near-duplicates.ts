import type { SearchIndex } from '../index/search-index';
import { hammingDistance, MAX_DISTANCE } from '../index/simhash';

/**
 * Most days between two copies of one story. Wire copies and reposts appear within days of
 * each other; the same template filled in a year later (a yearly announcement) is a new story.
 */
export const MAX_DAYS_APART = 3;

const DAY_MS = 86_400_000;

/** Bits per LSH band: 64 bits in MAX_DISTANCE + 1 bands, so two signatures that close share a band. */
const BAND_BITS = 16;
const BANDS = 64 / BAND_BITS;

/** Documents in an LSH bucket up to which every pair is compared. */
const SMALL_BUCKET = 64;

/**
 * Near-duplicate clusters of live documents: two documents are linked when both have a
 * signature and a date, their signatures are at most {@link MAX_DISTANCE} bits apart and their
 * dates at most {@link MAX_DAYS_APART} days; a cluster is a connected set of links. Returns per
 * document number the cluster's root document, or -1 for a document in no cluster (alone,
 * deleted, without a signature or a date). Deleted documents never link others.
 *
 * The partition depends only on the live documents' signatures and dates, never on document
 * numbers or segments: pairs are found by LSH (documents sharing one of the four 16-bit bands
 * of their signatures) and joined with union-find.
 *
 * @example computeClusters(index.signatures(), (doc) => index.date(doc), (doc) => !index.isDeleted(doc), index.documentCount)
 */
export function computeClusters(signatures: Uint32Array, dateOf: (doc: number) => number, live: (doc: number) => boolean, documents: number): Int32Array {
  const dates = new Float64Array(documents);
  const signed = new Uint32Array(documents);
  let count = 0;
  for (let doc = 0; doc < documents; doc++) {
    if (!live(doc) || (signatures[2 * doc] | signatures[2 * doc + 1]) === 0) continue;
    dates[doc] = dateOf(doc);
    if (!Number.isNaN(dates[doc])) signed[count++] = doc;
  }
  const candidates = signed.subarray(0, count);
  const byDate = (a: number, b: number): number => dates[a] - dates[b];
  const parent = new Int32Array(documents).map((_, doc) => doc);
  const find = (doc: number): number => {
    while (parent[doc] !== doc) doc = parent[doc] = parent[parent[doc]];
    return doc;
  };
  const linked = new Uint8Array(documents);
  const starts = new Uint32Array((1 << BAND_BITS) + 1);
  const byBand = new Uint32Array(candidates.length);
  for (let band = 0; band < BANDS; band++) {
    const word = band >> 1;
    const shift = (band & 1) * BAND_BITS;
    const keyOf = (doc: number): number => (signatures[2 * doc + word] >>> shift) & 0xffff;
    // Buckets of equal band value by a counting sort, each in date order.
    starts.fill(0);
    for (const doc of candidates) starts[keyOf(doc) + 1]++;
    for (let k = 0; k < 1 << BAND_BITS; k++) starts[k + 1] += starts[k];
    const fill = starts.slice();
    for (const doc of candidates) byBand[fill[keyOf(doc)]++] = doc;
    for (let k = 0; k < 1 << BAND_BITS; k++) {
      const [from, to] = [starts[k], starts[k + 1]];
      // A large bucket (many copies of one text) is put in date order, so that each document is
      // compared with those of its own days only; a small one compares every pair.
      const sorted = to - from > SMALL_BUCKET;
      if (sorted) byBand.subarray(from, to).sort(byDate);
      for (let i = from; i < to; i++) {
        const a = byBand[i];
        for (let j = i + 1; j < to; j++) {
          const b = byBand[j];
          if (Math.abs(dates[b] - dates[a]) > MAX_DAYS_APART * DAY_MS) {
            if (sorted) break;
            continue;
          }
          if (hammingDistance(signatures, 2 * a, signatures, 2 * b) > MAX_DISTANCE) continue;
          const ra = find(a);
          const rb = find(b);
          if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          linked[a] = linked[b] = 1;
        }
      }
    }
  }
  const roots = new Int32Array(documents).fill(-1);
  for (const doc of candidates) if (linked[doc]) roots[doc] = find(doc);
  return roots;
}

/** Clusters computed for an index, and the index generation they are for. */
const computed = new WeakMap<SearchIndex, { generation: number; roots: Int32Array }>();

/**
 * The near-duplicate clusters of the index's live documents (see {@link computeClusters}),
 * computed on the first call and again on the first call after a write.
 *
 * @example nearDuplicateClusters(index)[doc] // -1, or the root document of doc's cluster
 */
export function nearDuplicateClusters(index: SearchIndex): Int32Array {
  const cached = computed.get(index);
  if (cached?.generation === index.generation) return cached.roots;
  const roots = computeClusters(index.signatures(), (doc) => index.date(doc), (doc) => !index.isDeleted(doc), index.documentCount);
  computed.set(index, { generation: index.generation, roots });
  return roots;
}
