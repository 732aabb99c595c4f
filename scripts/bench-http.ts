/**
 * `npm run bench:http`: serves an index (JIANSUO_INDEX, or one built from JIANSUO_CORPUS, default
 * ../shared/corpus, into a temporary folder) from a child process running `jiansuo start`, then
 * drives it with autocannon: `/api/search` with the dev queries in turn (10 s, 32 connections)
 * and `/api/search/bulk` with 1,000 queries per request. Prints a table; errors must be 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { buildIndexFromCorpus } from '../src/index/ensure-index';

const root = path.resolve(__dirname, '..', '..');
const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const queriesFile = process.env.JIANSUO_QUERIES ?? path.resolve(corpusDir, '..', 'queries', 'dev.txt');
const port = Number(process.env.PORT ?? 3999);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);

interface Row {
  scenario: string;
  'requests/s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  errors: number;
  'non-2xx': number;
}

function row(scenario: string, result: autocannon.Result): Row {
  return {
    scenario,
    'requests/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    'max ms': result.latency.max,
    errors: result.errors + result.timeouts,
    'non-2xx': result.non2xx,
  };
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

async function main(): Promise<void> {
  let indexDir = process.env.JIANSUO_INDEX;
  if (indexDir === undefined || !existsSync(indexDir)) {
    indexDir = path.join(os.tmpdir(), `jiansuo-bench-http-${process.pid}`);
    process.stderr.write(`building the index of ${corpusDir} into ${indexDir}…\n`);
    await buildIndexFromCorpus(corpusDir, indexDir);
  }
  const queries = readFileSync(queriesFile, 'utf8').split('\n').map((q) => q.trim()).filter((q) => q.length > 0);
  const server = spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'start', '--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus')], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', JIANSUO_RATE_LIMIT_BULK: '1000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    let next = 0;
    const searchPath = (): string => `/api/search?q=${encodeURIComponent(queries[next++ % queries.length])}`;
    const rows: Row[] = [];
    rows.push(row(`GET /api/search, ${queries.length} dev queries in turn, 32 connections, ${seconds} s`, await autocannon({
      url: base,
      connections: 32,
      duration: seconds,
      requests: [{ setupRequest: (request) => ({ ...request, path: searchPath() }) }],
    })));
    const bulkQueries = Array.from({ length: 1000 }, (_, i) => queries[i % queries.length]);
    rows.push(row(`POST /api/search/bulk, 1000 queries per request, 1 connection, ${seconds} s`, await autocannon({
      url: `${base}/api/search/bulk`,
      method: 'POST',
      connections: 1,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ queries: bulkQueries, limit: 10 }),
    })));
    const header = Object.keys(rows[0]) as Array<keyof Row>;
    process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
    for (const r of rows) process.stdout.write(`| ${header.map((key) => r[key]).join(' | ')} |\n`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
