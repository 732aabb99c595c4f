/**
 * `npm run bench:collapse`: builds the index of a corpus (default ../shared/corpus) and
 * measures near-duplicate collapse: what the signatures cost the build (SimHash of every body
 * on one core, beside the build's own analysis), the clusters found, the time and memory of
 * computing them on the corpus and on a synthetic archive of 1,000,000 signatures, and the
 * first and later `collapse=1` searches. Prints every clustered pair (ids, titles, bits
 * apart, days apart) for checking by hand, and the pairs a looser threshold would add.
 */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalize } from '../src/analysis';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import type { SearchIndex } from '../src/index/search-index';
import { hammingDistance, MAX_DISTANCE, simhash } from '../src/index/simhash';
import { computeClusters, MAX_DAYS_APART } from '../src/search/near-duplicates';
import { search } from '../src/search/search';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-collapse-${process.pid}`);
const DAY_MS = 86_400_000;
const SYNTHETIC_DOCS = 1_000_000;
/** Share of the synthetic archive that are copies of another document (1–3 bits flipped, the same day). */
const SYNTHETIC_COPIES = 0.05;
/** The synthetic archive's dates spread over this many years. */
const SYNTHETIC_YEARS = 10;

function ms(from: number): string {
  return `${(performance.now() - from).toFixed(0)} ms`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A deterministic pseudo-random generator (mulberry32), so every run measures the same archive. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Live documents grouped by cluster root. */
function clustersOf(roots: Int32Array): number[][] {
  const groups = new Map<number, number[]>();
  roots.forEach((root, doc) => {
    if (root < 0) return;
    const group = groups.get(root);
    if (group) group.push(doc);
    else groups.set(root, [doc]);
  });
  return [...groups.values()];
}

/** Pairs of signed, dated live documents within the date window and `from … to` bits apart. */
function pairsAt(index: SearchIndex, from: number, to: number): Array<[number, number, number]> {
  const signatures = index.signatures();
  const docs = [...index.liveDocs()].filter((doc) => (signatures[2 * doc] | signatures[2 * doc + 1]) !== 0 && !Number.isNaN(index.date(doc)));
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const bits = hammingDistance(signatures, 2 * docs[i], signatures, 2 * docs[j]);
      if (bits >= from && bits <= to && Math.abs(index.date(docs[i]) - index.date(docs[j])) <= MAX_DAYS_APART * DAY_MS) pairs.push([docs[i], docs[j], bits]);
    }
  }
  return pairs;
}

function printPair(index: SearchIndex, [a, b, bits]: [number, number, number]): void {
  const days = Math.abs(index.date(a) - index.date(b)) / DAY_MS;
  console.log(`  ${bits} bits, ${days.toFixed(1)} days: ${index.id(a)} 「${index.article(a).title}」 | ${index.id(b)} 「${index.article(b).title}」`);
}

function synthetic(): { signatures: Uint32Array; dates: Float64Array } {
  const next = random(20261201);
  const signatures = new Uint32Array(2 * SYNTHETIC_DOCS);
  const dates = new Float64Array(SYNTHETIC_DOCS);
  for (let doc = 0; doc < SYNTHETIC_DOCS; doc++) {
    if (doc > 0 && next() < SYNTHETIC_COPIES) {
      const of = Math.floor(next() * doc);
      signatures.set(signatures.subarray(2 * of, 2 * of + 2), 2 * doc);
      for (let flip = Math.floor(next() * 4); flip > 0; flip--) {
        const bit = Math.floor(next() * 64);
        signatures[2 * doc + (bit >> 5)] ^= 1 << (bit & 31);
      }
      dates[doc] = dates[of] + next() * DAY_MS;
    } else {
      signatures[2 * doc] = Math.floor(next() * 2 ** 32);
      signatures[2 * doc + 1] = Math.floor(next() * 2 ** 32);
      dates[doc] = next() * SYNTHETIC_YEARS * 365 * DAY_MS;
    }
  }
  return { signatures, dates };
}

async function main(): Promise<void> {
  rmSync(indexDir, { recursive: true, force: true });
  const built = performance.now();
  const { report, timings } = await buildIndexFromCorpus(corpusDir, indexDir);
  const buildTime = ms(built);
  const { index } = await readIndex(indexDir);
  console.log(`corpus: ${corpusDir}, ${report.indexed} articles; build ${buildTime} (analysis ${timings.analyzeMs.toFixed(0)} ms wall on ${timings.threads} threads)`);

  const bodies = [...index.liveDocs()].map((doc) => normalize(index.article(doc).text));
  const hashing = performance.now();
  let unsigned = 0;
  for (const body of bodies) {
    const signature = simhash(body);
    if ((signature[0] | signature[1]) === 0) unsigned++;
  }
  const hashTime = performance.now() - hashing;
  const chars = bodies.reduce((sum, body) => sum + body.length, 0);
  console.log(`simhash of every body on one core: ${hashTime.toFixed(0)} ms (${((hashTime * 1e6) / chars).toFixed(0)} ns per character, ${chars} characters); ${unsigned} bodies too short for a signature`);
  console.log(`signatures: 8 bytes per document in segment.bin and in the served index (${mb(8 * index.documentCount)} here, ${mb(8 * SYNTHETIC_DOCS)} at 1M)`);

  const clustering = performance.now();
  const roots = computeClusters(index.signatures(), (doc) => index.date(doc), (doc) => !index.isDeleted(doc), index.documentCount);
  const clusterTime = ms(clustering);
  const clusters = clustersOf(roots);
  const sizes = new Map<number, number>();
  for (const cluster of clusters) sizes.set(cluster.length, (sizes.get(cluster.length) ?? 0) + 1);
  console.log(`clusters: ${clusters.length} (${clusters.reduce((sum, cluster) => sum + cluster.length, 0)} articles; sizes ${[...sizes].map(([size, count]) => `${count}×${size}`).join(', ')}), computed in ${clusterTime}`);
  console.log(`pairs linked (at most ${MAX_DISTANCE} bits and ${MAX_DAYS_APART} days apart):`);
  for (const pair of pairsAt(index, 0, MAX_DISTANCE)) printPair(index, pair);
  console.log(`pairs 4–6 bits apart within ${MAX_DAYS_APART} days (what a looser threshold would add):`);
  for (const pair of pairsAt(index, MAX_DISTANCE + 1, 6)) printPair(index, pair);

  // The first search of a process loads jieba's dictionary: not a cost of collapsing.
  search(index, '的');
  for (const query of ['的', '国家统计局', '人民币']) {
    const first = performance.now();
    const response = search(index, query, { collapse: true });
    const firstTime = ms(first);
    const again = performance.now();
    search(index, query, { collapse: true });
    const plain = performance.now();
    search(index, query);
    console.log(`search ${query}: total ${response.total}, clusters ${response.clusters}; collapse=1 first ${firstTime}, again ${ms(again)}; uncollapsed ${ms(plain)}`);
  }

  const first = [...index.liveDocs()][0];
  index.upsert({ ...index.article(first), id: 'bench-written-copy' });
  const afterWrite = performance.now();
  const written = search(index, '的', { collapse: true });
  console.log(`search 的 after one write (clusters computed again): ${ms(afterWrite)}, clusters ${written.clusters}`);

  const archive = synthetic();
  const before = process.memoryUsage().arrayBuffers;
  const large = performance.now();
  const largeRoots = computeClusters(archive.signatures, (doc) => archive.dates[doc], () => true, SYNTHETIC_DOCS);
  const largeTime = ms(large);
  let clustered = 0;
  for (const root of largeRoots) if (root >= 0) clustered++;
  console.log(
    `synthetic archive of ${SYNTHETIC_DOCS} signatures (${SYNTHETIC_COPIES * 100} % copies, ${SYNTHETIC_YEARS} years): clusters computed in ${largeTime}, ${clustered} articles clustered; result ${mb(largeRoots.byteLength)}, typed arrays grew ${mb(process.memoryUsage().arrayBuffers - before)}`,
  );
  rmSync(indexDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
