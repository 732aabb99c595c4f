/**
 * `npm run bench:dictionary`: builds the index of a corpus (default ../shared/corpus) in a
 * temporary folder, then puts a user dictionary with a few more words in force and back again,
 * as `PUT /api/dictionary` does, and prints for each swap: the main thread's stall loading
 * jieba, the time to cut every segment again (off the main thread), and search latency
 * (dev.txt queries, engine time) before and while the segments are cut again. Every query's
 * total is checked to stay the same throughout.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseUserDictionary, userDictionary, versionOf, type UserDictionary } from '../src/analysis';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import { folderFeed, followGeneration } from '../src/index/follow-generation';
import { LiveDictionary } from '../src/index/live-dictionary';
import type { SearchIndex } from '../src/index/search-index';
import { search } from '../src/search/search';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const queriesDir = path.resolve(corpusDir, '..', 'queries');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-dictionary-${process.pid}`);
/** Company names jieba cuts apart. */
const ADDED = ['宁德时代 300 nt', '中芯国际 300 nt', '贵州茅台 300 nt', '国泰海通 300 nt'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs each query once, returning each one's engine time and total. */
function pass(index: SearchIndex, queries: string[]): { ms: number[]; totals: number[] } {
  const ms: number[] = [];
  const totals: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    totals.push(search(index, query, { limit: 10 }).total);
    ms.push(performance.now() - started);
  }
  return { ms, totals };
}

function latency(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (${sorted.length} searches)`;
}

async function swap(live: LiveDictionary, index: SearchIndex, queries: string[], expected: number[], to: UserDictionary): Promise<void> {
  const before: number[] = [];
  for (let round = 0; round < 3; round++) before.push(...pass(index, queries).ms);
  const started = performance.now();
  const { stallMs } = live.use(to);
  let done = false;
  const settled = live.settled().then(() => (done = true));
  const during: number[] = [];
  let changed = 0;
  while (!done) {
    const { ms, totals } = pass(index, queries);
    during.push(...ms);
    changed += totals.filter((total, i) => total !== expected[i]).length;
    // Let the commits and the follower run between passes, as a service does between requests.
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await settled;
  const cutMs = performance.now() - started;
  // The follower applies the last generation within its interval.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = pass(index, queries);
  changed += after.totals.filter((total, i) => total !== expected[i]).length;
  console.log(`swap to ${to.version}`);
  console.log(`  main-thread stall (jieba load) ${stallMs.toFixed(0)} ms`);
  console.log(`  all segments cut again and committed in ${(cutMs / 1000).toFixed(1)} s`);
  console.log(`  search before:  ${latency(before)}`);
  console.log(`  search during:  ${latency(during)}`);
  console.log(`  search after:   ${latency(after.ms)}`);
  // Each document cut again is appended anew; its old number stays a tombstone until a restart.
  console.log(`  totals that differed from before the swap: ${changed}; document numbers in use: ${index.documentCount}`);
}

async function main(): Promise<void> {
  const build = await buildIndexFromCorpus(corpusDir, indexDir);
  console.log(`index of ${build.manifest.documentCount} documents in ${build.manifest.segments.length} segments, built in ${(build.timings.totalMs / 1000).toFixed(1)} s`);
  const { index, manifest, generation } = await readIndex(indexDir);
  const queries = readFileSync(path.join(queriesDir, 'dev.txt'), 'utf8').split('\n').filter((q) => q.trim());
  const expected = pass(index, queries).totals;
  const follower = followGeneration(index, folderFeed(indexDir), generation, manifest, {
    intervalMs: 200,
    onChange: ({ ms }) => console.log(`  generation applied in ${ms.toFixed(0)} ms`),
  });
  const live = new LiveDictionary(indexDir, { onSegment: ({ done, pending, ms }) => console.log(`  segment ${done} cut again in ${(ms / 1000).toFixed(1)} s (${pending} pending)`) });
  const original = userDictionary();
  const extended = parseUserDictionary(`${original.text.trimEnd()}\n${ADDED.join('\n')}\n`, 'bench', versionOf);
  await swap(live, index, queries, expected, extended);
  await swap(live, index, queries, expected, original);
  follower.stop();
  await rm(indexDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
