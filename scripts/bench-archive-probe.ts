/**
 * The serving half of `npm run bench:archive`, run as its own process so that nothing of the
 * build or of other archive sizes is in its memory:
 * `node --expose-gc dist/scripts/bench-archive-probe.js INDEX_DIR QUERIES_FILE`.
 * Loads the index, then prints one line of JSON ({@link ProbeResult}): load time, search latency,
 * a broad query, the brute-force check, and then RSS over a bare process with jieba loaded.
 */
import { readFileSync } from 'node:fs';
import { tokenize } from '../src/analysis';
import { readIndex } from '../src/index/read-index';
import type { SearchIndex } from '../src/index/search-index';
import { bruteForceMatches, liveTexts } from '../src/search/oracle';
import { parseQuery } from '../src/search/query-parser';
import { search } from '../src/search/search';

/** Measured rounds over the dev queries, after one round that warms up the JIT. */
const LATENCY_ROUNDS = 5;

/** Common words, one of which should match about 40 % of a news archive. */
const BROAD_CANDIDATES = ['中国', '的', '发展', '习近平', '合作', '工作', '记者'];
const BROAD_SHARE = 0.4;

export interface ProbeResult {
  documents: number;
  loadSeconds: number;
  baselineRssBytes: number;
  rssBytes: number;
  heapAndExternalBytes: number;
  p50Ms: number;
  p99Ms: number;
  broad: { query: string; total: number; share: number; ms: number };
  oracle: { queries: number; mismatches: number; examples: string[] };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
}

/** RSS of this process with jieba and OpenCC loaded (what every node pays before any index). */
function baselineRss(): number {
  tokenize('央视网消息：国家主席习近平致贺电');
  collectGarbage();
  return process.memoryUsage().rss;
}

async function loadIndex(dir: string): Promise<{ index: SearchIndex; seconds: number }> {
  const started = performance.now();
  const { index } = await readIndex(dir);
  return { index, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** p50 and p99 of `took_ms` of a default search (top 10, snippets, facets) over every query, several rounds. */
function searchLatency(index: SearchIndex, queries: string[]): { p50Ms: number; p99Ms: number } {
  for (const query of queries) search(index, query);
  const took: number[] = [];
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const query of queries) took.push(search(index, query).took_ms);
  }
  took.sort((a, b) => a - b);
  return { p50Ms: percentile(took, 50), p99Ms: percentile(took, 99) };
}

/** The candidate whose share of the archive is closest to 40 %, and its best `took_ms` of three runs. */
function broadQuery(index: SearchIndex): ProbeResult['broad'] {
  const documents = index.size;
  const shares = BROAD_CANDIDATES.map((query) => ({ query, total: search(index, query, { snippets: 0 }).total }));
  const { query, total } = shares.reduce((best, next) =>
    Math.abs(next.total / documents - BROAD_SHARE) < Math.abs(best.total / documents - BROAD_SHARE) ? next : best,
  );
  const ms = Math.min(...[0, 1, 2].map(() => search(index, query).took_ms));
  return { query, total, share: total / documents, ms };
}

/**
 * Compares every query's ids and total with the brute-force scan of the normalised texts. A
 * relaxed answer is right only when the strict query matches nothing: the oracle has no
 * relaxed mode.
 */
function bruteForceCheck(index: SearchIndex, queries: string[]): ProbeResult['oracle'] {
  const { docs: live, texts } = liveTexts(index);
  const examples: string[] = [];
  let mismatches = 0;
  for (const query of queries) {
    const expected = bruteForceMatches(texts, parseQuery(query)).map((i) => index.id(live[i]));
    const got = search(index, query, { limit: Math.max(1, live.length), snippets: 0 });
    const ids = new Set(got.hits.map((hit) => hit.id));
    const right = got.relaxed
      ? expected.length === 0
      : got.total === expected.length && ids.size === expected.length && expected.every((id) => ids.has(id));
    if (!right) {
      mismatches++;
      examples.push(`${query} (search ${got.total}${got.relaxed ? ' relaxed' : ''}, oracle ${expected.length})`);
    }
  }
  return { queries: queries.length, mismatches, examples: examples.slice(0, 5) };
}

async function main(): Promise<void> {
  const [indexDir, queriesFile] = process.argv.slice(2);
  if (!indexDir || !queriesFile) throw new Error('usage: bench-archive-probe.js INDEX_DIR QUERIES_FILE');
  const queries = readFileSync(queriesFile, 'utf8').split('\n').map((q) => q.trim()).filter((q) => q.length > 0);
  const baselineRssBytes = baselineRss();
  const { index, seconds } = await loadIndex(indexDir);
  process.stderr.write(`probe: loaded ${index.size} documents in ${seconds.toFixed(1)} s\n`);
  const latency = searchLatency(index, queries);
  const broad = broadQuery(index);
  const oracle = bruteForceCheck(index, queries);
  // Measured serving: after every query and the brute-force scan, which reads every text (a
  // segment's texts are decoded when first read, so memory just after load would be less).
  collectGarbage();
  const memory = process.memoryUsage();
  const result: ProbeResult = {
    documents: index.size,
    loadSeconds: seconds,
    baselineRssBytes,
    rssBytes: memory.rss,
    heapAndExternalBytes: memory.heapUsed + memory.external,
    ...latency,
    broad,
    oracle,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
