/**
 * `npm run bench:http`: serves an index (JIANSUO_INDEX, or one built from JIANSUO_CORPUS, default
 * ../shared/corpus, into a temporary folder) from child processes running `jiansuo start` (one
 * process, and `--workers 2`) with request logs on (level info, into a file) and metrics on,
 * beside two bare Express servers (`bench-http-floor.ts`: a fixed JSON, and `search()` alone), and
 * jiansuo again with its result cache off (`JIANSUO_RESULT_CACHE_MB=0`), where every answer is
 * computed. The dev queries come again every 200 requests, so with the cache on nearly every
 * answer after the first round is a hit.
 * autocannon drives each in turn, in the same run: `/api/search` with the dev queries in turn
 * (32 connections), and `/api/search/bulk` with 1,000 queries per request. Every scenario runs
 * BENCH_RUNS times (default 3), BENCH_SECONDS each (default 10); the table holds the medians and
 * each run's requests/s, to show the noise. Errors must be 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { buildIndexFromCorpus } from '../src/index/ensure-index';

const root = path.resolve(__dirname, '..', '..');
const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const queriesFile = process.env.JIANSUO_QUERIES ?? path.resolve(corpusDir, '..', 'queries', 'dev.txt');
const port = Number(process.env.PORT ?? 3999);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Run {
  rps: number;
  /** CPU time the server's processes spent per request answered (user + system). */
  cpuMs: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
}

interface Server {
  name: string;
  workers: number;
  base: string;
  child: ChildProcess;
  /** The file its request log goes to; none for the bare servers. */
  log?: string;
}

interface Scenario {
  name: string;
  server: Server;
  options: Omit<autocannon.Options, 'duration'>;
  runs: Run[];
}

/** Clock ticks per second of `/proc/<pid>/stat` (`getconf CLK_TCK`: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU milliseconds (user + system) a process and the processes it started have used so far,
 * from `/proc`: the measure that other work on a shared machine disturbs least.
 */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter((child) => child !== '');
  return own + children.reduce((sum, child) => sum + cpuMsOf(Number(child)), 0);
}

function runOf(result: autocannon.Result, cpuMs: number): Run {
  return {
    rps: Math.round(result.requests.average),
    cpuMs: Math.round((cpuMs / Math.max(1, result.requests.total)) * 1000) / 1000,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function waitForHealth(base: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the service did not become healthy in 5 minutes');
}

/** jiansuo on `at`; with `cached` false its result cache is off, so that every answer is computed. */
function startJiansuo(indexDir: string, logDir: string, workers: number, at: number, cached = true): Server {
  const log = path.join(logDir, `jiansuo-${workers}${cached ? '' : '-uncached'}.log`);
  const args = [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'start', '--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus'), '--workers', String(workers)];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(at), HOST: '127.0.0.1', LOG_LEVEL: 'info', JIANSUO_RATE_LIMIT_BULK: '1000000', ...(cached ? {} : { JIANSUO_RESULT_CACHE_MB: '0' }) },
    stdio: ['ignore', openSync(log, 'w'), 'inherit'],
  });
  return { name: cached ? 'jiansuo' : 'jiansuo, result cache off', workers, base: `http://127.0.0.1:${at}`, child, log };
}

function startFloor(indexDir: string, mode: 'fixed' | 'search', at: number): Server {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'scripts', 'bench-http-floor.js'), mode], {
    env: { ...process.env, PORT: String(at), JIANSUO_INDEX: indexDir },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name: mode === 'fixed' ? 'Express 5, a fixed JSON' : 'Express 5 + search(), nothing else', workers: 1, base: `http://127.0.0.1:${at}`, child };
}

async function main(): Promise<void> {
  let indexDir = process.env.JIANSUO_INDEX;
  if (indexDir === undefined || !existsSync(indexDir)) {
    indexDir = path.join(os.tmpdir(), `jiansuo-bench-http-${process.pid}`);
    process.stderr.write(`building the index of ${corpusDir} into ${indexDir}…\n`);
    await buildIndexFromCorpus(corpusDir, indexDir);
  }
  const queries = readFileSync(queriesFile, 'utf8').split('\n').map((q) => q.trim()).filter((q) => q.length > 0);
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'jiansuo-bench-http-logs-'));
  const fixed = startFloor(indexDir, 'fixed', port + 1);
  const floor = startFloor(indexDir, 'search', port + 2);
  const one = startJiansuo(indexDir, logDir, 1, port);
  const two = startJiansuo(indexDir, logDir, 2, port + 3);
  const uncachedOne = startJiansuo(indexDir, logDir, 1, port + 4, false);
  const uncachedTwo = startJiansuo(indexDir, logDir, 2, port + 5, false);
  const servers = [fixed, floor, one, two, uncachedOne, uncachedTwo];
  try {
    await Promise.all(servers.map((server) => waitForHealth(server.base)));
    let next = 0;
    const search: autocannon.Options['requests'] = [{ setupRequest: (request) => ({ ...request, path: `/api/search?q=${encodeURIComponent(queries[next++ % queries.length])}` }) }];
    const bulk = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ queries: Array.from({ length: 1000 }, (_, i) => queries[i % queries.length]), limit: 10 }) };
    const searches = `GET /api/search, ${queries.length} dev queries in turn, 32 connections`;
    const scenarios: Scenario[] = [
      ...servers.map((server) => ({ name: searches, server, options: { url: server.base, connections: 32, requests: search }, runs: [] })),
      { name: `${searches}, Accept-Encoding: gzip, deflate, br`, server: one, options: { url: one.base, connections: 32, requests: search, headers: { 'accept-encoding': 'gzip, deflate, br' } }, runs: [] },
      ...[one, two, uncachedOne, uncachedTwo].map((server) => ({ name: 'POST /api/search/bulk, 1000 queries per request, 1 connection', server, options: { ...bulk, connections: 1, url: `${server.base}/api/search/bulk` }, runs: [] })),
    ];
    for (let round = 1; round <= runs; round++) {
      for (const scenario of scenarios) {
        const cpuBefore = cpuMsOf(scenario.server.child.pid!);
        const result = await autocannon({ ...scenario.options, duration: seconds });
        const run = runOf(result, cpuMsOf(scenario.server.child.pid!) - cpuBefore);
        scenario.runs.push(run);
        process.stderr.write(`run ${round}/${runs}: ${scenario.server.name} (${scenario.server.workers}), ${scenario.name}: ${run.rps} requests/s, p99 ${run.p99} ms, ${run.cpuMs} CPU ms per request\n`);
      }
    }
    process.stdout.write(`| server | workers | scenario (${seconds} s, median of ${runs}) | requests/s | CPU ms per request | p50 ms | p99 ms | max ms | errors | non-2xx | requests/s of each run |\n|---|---|---|---|---|---|---|---|---|---|---|\n`);
    for (const { name, server, runs: results } of scenarios) {
      const of = (key: keyof Run): number => median(results.map((run) => run[key]));
      const errors = results.reduce((sum, run) => sum + run.errors, 0);
      const non2xx = results.reduce((sum, run) => sum + run.non2xx, 0);
      process.stdout.write(`| ${server.name} | ${server.workers} | ${name} | ${of('rps')} | ${of('cpuMs')} | ${of('p50')} | ${of('p99')} | ${of('max')} | ${errors} | ${non2xx} | ${results.map((run) => run.rps).join(', ')} |\n`);
    }
    for (const server of [one, two, uncachedOne, uncachedTwo]) {
      const lines = readFileSync(server.log!, 'utf8').split('\n').filter((line) => line.includes('"route":"/api/search')).length;
      process.stdout.write(`\nrequest log of ${server.name} (${server.workers}): ${lines} lines for /api/search and /api/search/bulk`);
    }
    process.stdout.write('\n');
  } finally {
    for (const server of servers) server.child.kill('SIGTERM');
    rmSync(logDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
