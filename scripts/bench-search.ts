/**
 * `npm run bench:search`: builds the index of a corpus (default ../shared/corpus), then runs
 * every query of dev.txt through jiansuo and through a brute-force scan of the normalised
 * texts in the same process, and prints recall, precision, latency, build and load figures,
 * and MRR@10 on known-item queries.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import { parseQuery } from '../src/search/query-parser';
import { search } from '../src/search/search';
import { bruteForceMatches, liveTexts } from '../src/search/oracle';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const queriesDir = path.resolve(corpusDir, '..', 'queries');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-${process.pid}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Heap + external and RSS of a fresh process that has only loaded the index (this one also
 * holds what the build left behind).
 */
function memoryAfterLoad(dir: string): { heapUsed: number; external: number; rss: number } {
  const script =
    `require(${JSON.stringify(path.join(__dirname, '../src/index'))}).readIndex(${JSON.stringify(dir)}).then((loaded) => {` +
    `global.gc(); const m = process.memoryUsage(); console.log(JSON.stringify({ heapUsed: m.heapUsed, external: m.external, rss: m.rss, docs: loaded.index.size }));` +
    `});`;
  const out = execFileSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out) as { heapUsed: number; external: number; rss: number };
}

function timeIt(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const build = await buildIndexFromCorpus(corpusDir, indexDir);
  const t = build.timings;
  const docs = build.manifest.documentCount;
  const loadStart = performance.now();
  const { index } = await readIndex(indexDir);
  const loadMs = performance.now() - loadStart;
  const memory = memoryAfterLoad(indexDir);

  const queries = readFileSync(path.join(queriesDir, 'dev.txt'), 'utf8').split('\n').filter((q) => q.trim());
  const { docs: live, texts } = liveTexts(index);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let exact = 0;
  const wrong: string[] = [];
  for (const query of queries) {
    const got = search(index, query, { limit: docs });
    const expected = new Set(bruteForceMatches(texts, parseQuery(query)).map((i) => index.id(live[i])));
    if (got.relaxed) {
      // The oracle has no relaxed mode: a relaxed answer is right when the strict one is empty.
      if (expected.size === 0) exact++;
      else wrong.push(query);
      continue;
    }
    const ids = new Set(got.hits.map((h) => h.id));
    let hit = 0;
    for (const id of ids) if (expected.has(id)) hit++;
    tp += hit;
    fp += ids.size - hit;
    fn += expected.size - hit;
    if (hit === expected.size && ids.size === expected.size && got.total === expected.size) exact++;
    else wrong.push(query);
  }

  const jiansuoTimes: number[] = [];
  const scanTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const query of queries) {
      const ms = timeIt(() => search(index, query, { limit: 10 }));
      if (round > 0) jiansuoTimes.push(ms);
    }
  }
  for (const query of queries) {
    scanTimes.push(
      timeIt(() => {
        const parsed = parseQuery(query);
        bruteForceMatches(texts, parsed);
      }),
    );
  }
  jiansuoTimes.sort((a, b) => a - b);
  scanTimes.sort((a, b) => a - b);
  const big = ['中国', '发展', '习近平'].map((q) => ({ q, total: search(index, q).total, ms: Math.min(...[0, 1, 2].map(() => timeIt(() => search(index, q)))) }));

  const known = readFileSync(path.join(queriesDir, 'known-dev.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => line.split('\t'));
  let mrr = 0;
  for (const [query, id] of known) {
    const rank = search(index, query, { limit: 10, snippets: 0 }).hits.findIndex((h) => h.id === id.trim());
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  mrr /= known.length;

  const recall = tp / (tp + fn || 1);
  const precision = tp / (tp + fp || 1);
  const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  console.log(`corpus: ${corpusDir} (${docs} documents), machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}`);
  console.log();
  console.log(row(['system', 'recall', 'precision', 'queries exactly right', 'p50 top-10', 'p99 top-10', 'max']));
  console.log(row(['---', '---', '---', '---', '---', '---', '---']));
  console.log(row(['jiansuo', recall.toFixed(3), precision.toFixed(3), `${exact}/${queries.length}`, `${percentile(jiansuoTimes, 50).toFixed(3)} ms`, `${percentile(jiansuoTimes, 99).toFixed(3)} ms`, `${jiansuoTimes[jiansuoTimes.length - 1].toFixed(2)} ms`]));
  console.log(row(['brute-force scan (oracle)', '1.000', '1.000', `${queries.length}/${queries.length}`, `${percentile(scanTimes, 50).toFixed(3)} ms`, `${percentile(scanTimes, 99).toFixed(3)} ms`, `${scanTimes[scanTimes.length - 1].toFixed(2)} ms`]));
  console.log();
  console.log(`p50 speed-up over the scan: ${(percentile(scanTimes, 50) / percentile(jiansuoTimes, 50)).toFixed(1)}×`);
  console.log(`large matches (top-10 with exact total): ${big.map((b) => `${b.q} ${b.total} docs ${b.ms.toFixed(2)} ms`).join('; ')}`);
  console.log(`known-item MRR@10 (${known.length} queries): ${mrr.toFixed(3)}`);
  console.log(
    `build: ${(t.totalMs / 1000).toFixed(1)} s = ${Math.round(docs / (t.totalMs / 1000))} docs/s ` +
      `(read + analyze on ${t.threads} threads ${(t.analyzeMs / 1000).toFixed(1)} s, ` +
      `merge ${(t.mergeMs / 1000).toFixed(1)} s, write ${(t.writeMs / 1000).toFixed(1)} s)`,
  );
  console.log(`load from index/: ${(loadMs / 1000).toFixed(2)} s; heap + external after load (fresh process): ${Math.round((memory.heapUsed + memory.external) / 1e6)} MB (rss ${Math.round(memory.rss / 1e6)} MB)`);
  if (wrong.length > 0) console.log(`queries not exactly right: ${wrong.join(' | ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
