/**
 * `npm run soak`: serves an index (JIANSUO_INDEX, or one built from JIANSUO_CORPUS, default
 * ../shared/corpus, into a temporary folder) from a child process running `jiansuo start`, warms
 * it up, then drives it with autocannon for SOAK_SECONDS (default 60) at SOAK_CONNECTIONS (default
 * 64) with a mix of normal, slow (中国, 10,000+ hits) and bad (400) searches and bulk requests,
 * while a separate probe sends one fast query every 50 ms and times it. Prints a table and exits
 * 1 when any check fails: a 5xx, a socket error, a fast-query p99 over 50 ms, or resident memory
 * after the run more than 10% above resident memory after the warm-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { buildIndexFromCorpus } from '../src/index/ensure-index';

const root = path.resolve(__dirname, '..', '..');
const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const seconds = Number(process.env.SOAK_SECONDS ?? 60);
const connections = Number(process.env.SOAK_CONNECTIONS ?? 64);
/** Warm-up before the first memory reading: long enough for the heap to reach its working size. */
const warmUpSeconds = Math.max(5, Math.round(seconds / 6));
const PROBE_INTERVAL_MS = 50;
const FAST_P99_BUDGET_MS = 50;
const RSS_GROWTH_BUDGET = 0.1;

/** Queries with a few to a few hundred hits. */
const NORMAL = ['海通证券', 'AB轮岗', '国务院常务会议', '人民币汇率', '北向资金', '新能源汽车', '5G', '央行 降准', '"稳增长"', 'title:证券 -海通', '港股 OR 恒生指数', '半导体'];
/** A query matching most of the corpus: the most expensive answer there is. */
const SLOW = '中国';
/** Queries answered 400. */
const BAD = ['q=%22unbalanced', 'q=OR', `q=${'x'.repeat(300)}`, 'q=a&limit=0', 'q=a&q=b', 'q=%00'];
/** What the probe measures: a selective query, answered from few candidates. */
const FAST = 'AB轮岗';

function searchPath(q: string): string {
  return `/api/search?q=${encodeURIComponent(q)}`;
}

/** The request mix, cycled by every autocannon connection: 12 normal, 2 slow, 3 bad, 1 bulk. */
function requestMix(): autocannon.Request[] {
  const bulk = JSON.stringify({ queries: [...NORMAL, SLOW, '"unbalanced'], limit: 5 });
  const mix: autocannon.Request[] = [];
  NORMAL.forEach((q, i) => {
    mix.push({ method: 'GET', path: searchPath(q) });
    if (i % 6 === 5) mix.push({ method: 'GET', path: searchPath(SLOW) });
    if (i % 4 === 3) mix.push({ method: 'GET', path: `/api/search?${BAD[(i >> 2) % BAD.length]}` });
  });
  mix.push({ method: 'POST', path: '/api/search/bulk', headers: { 'content-type': 'application/json' }, body: bulk });
  return mix;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`jiansuo start exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the service did not become healthy in 2 minutes');
}

/** Resident memory of the service in MB, from its own `/metrics`. */
async function rssMb(base: string): Promise<number> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const match = /^process_resident_memory_bytes (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(metrics);
  if (match === null) throw new Error('/metrics has no process_resident_memory_bytes');
  return Number(match[1]) / 1024 / 1024;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Times one fast query every {@link PROBE_INTERVAL_MS} until `stop()`; counts answers that are not 200. */
function startProbe(base: string): { stop: () => Promise<{ latencies: number[]; failures: number }> } {
  const latencies: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const res = await fetch(`${base}${searchPath(FAST)}`);
        await res.arrayBuffer();
        if (res.status === 200) latencies.push(performance.now() - started);
        else failures++;
      } catch {
        failures++;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, PROBE_INTERVAL_MS - (performance.now() - started))));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { latencies, failures };
    },
  };
}

function drive(base: string, duration: number): Promise<autocannon.Result> {
  return autocannon({ url: base, connections, duration, requests: requestMix(), timeout: 10 });
}

interface Row {
  measure: string;
  value: string;
  budget: string;
  ok: string;
}

async function main(): Promise<void> {
  let indexDir = process.env.JIANSUO_INDEX;
  let builtHere = false;
  if (indexDir === undefined || !existsSync(indexDir)) {
    indexDir = path.join(os.tmpdir(), `jiansuo-soak-${process.pid}`);
    builtHere = true;
    process.stderr.write(`building the index of ${corpusDir} into ${indexDir}…\n`);
    await buildIndexFromCorpus(corpusDir, indexDir);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'start', '--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus'), '--port', String(port)], {
    env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'warn', JIANSUO_RATE_LIMIT_BULK: '1000000000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await waitForHealth(base, child);
    const slowTotal = ((await (await fetch(`${base}${searchPath(SLOW)}`)).json()) as { total: number }).total;
    process.stderr.write(`warming up for ${warmUpSeconds} s…\n`);
    await drive(base, warmUpSeconds);
    const rssWarm = await rssMb(base);
    process.stderr.write(`soaking for ${seconds} s at ${connections} connections…\n`);
    const probe = startProbe(base);
    const result = await drive(base, seconds);
    const { latencies, failures } = await probe.stop();
    const rssAfter = await rssMb(base);

    const growth = (rssAfter - rssWarm) / rssWarm;
    const fastP99 = percentile(latencies, 99);
    const socketErrors = result.errors + result.timeouts + failures;
    const rows: Row[] = [
      { measure: 'requests (rate)', value: `${result.requests.total} (${Math.round(result.requests.average)}/s)`, budget: '', ok: '' },
      { measure: '2xx / 4xx', value: `${result['2xx']} / ${result['4xx']}`, budget: '4xx = the bad queries', ok: '' },
      { measure: '5xx', value: String(result['5xx']), budget: '0', ok: result['5xx'] === 0 ? 'yes' : 'NO' },
      { measure: 'socket errors + timeouts', value: String(socketErrors), budget: '0', ok: socketErrors === 0 ? 'yes' : 'NO' },
      { measure: 'p50 / p99 / max, all (ms)', value: `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max}`, budget: '', ok: '' },
      { measure: `p50 / p99 fast query "${FAST}" (ms)`, value: `${percentile(latencies, 50).toFixed(1)} / ${fastP99.toFixed(1)} (${latencies.length} probes)`, budget: `p99 ≤ ${FAST_P99_BUDGET_MS}`, ok: fastP99 <= FAST_P99_BUDGET_MS ? 'yes' : 'NO' },
      { measure: `hits of slow query "${SLOW}"`, value: String(slowTotal), budget: '≥ 10,000', ok: slowTotal >= 10_000 ? 'yes' : 'NO' },
      { measure: 'RSS after warm-up → after run (MB)', value: `${rssWarm.toFixed(0)} → ${rssAfter.toFixed(0)} (${(growth * 100).toFixed(1)}%)`, budget: `≤ +${RSS_GROWTH_BUDGET * 100}%`, ok: growth <= RSS_GROWTH_BUDGET ? 'yes' : 'NO' },
    ];
    process.stdout.write(`\nsoak: ${seconds} s, ${connections} connections, index ${indexDir}\n`);
    console.table(rows);
    if (rows.some((row) => row.ok === 'NO')) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    if (builtHere) rmSync(indexDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
