/**
 * `npm run bench:scale`: the shared-store mode against the embedded one, over the whole corpus
 * (JIANSUO_CORPUS, default ../shared/corpus). Builds the index, uploads it to Redis
 * (JIANSUO_STORE, or a `redis-server` started here on BENCH_REDIS_PORT, default 6392, without
 * persistence), reports build and upload time and the store's memory, then drives
 * `GET /api/search` (the dev queries in turn, 32 connections, BENCH_SECONDS, default 10) at
 * 1 embedded node, 1 node over Redis, and 2 nodes over Redis (the load split across both
 * ports). Each node is a `jiansuo start` child process. Prints tables; errors must be 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { buildIndexFromCorpus } from '../src/index/ensure-index';
import { connectStore, storeKeys, uploadGeneration } from '../src/store';

const root = path.resolve(__dirname, '..', '..');
const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(root, '..', 'shared', 'corpus');
const queriesFile = process.env.JIANSUO_QUERIES ?? path.resolve(corpusDir, '..', 'queries', 'dev.txt');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const redisPort = Number(process.env.BENCH_REDIS_PORT ?? 6392);
const basePort = Number(process.env.PORT ?? 3990);
const CONNECTIONS = 32;

interface Row {
  scenario: string;
  'requests/s': number;
  'p50 ms': number;
  'p99 ms': number;
  errors: number;
  'non-2xx': number;
}

function printTable<T extends object>(rows: T[]): void {
  const header = Object.keys(rows[0]) as Array<keyof T>;
  process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
  for (const r of rows) process.stdout.write(`| ${header.map((key) => String(r[key])).join(' | ')} |\n`);
  process.stdout.write('\n');
}

async function waitForHealth(base: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${base} did not become healthy in 2.5 minutes`);
}

function startNode(port: number, args: string[]): ChildProcess {
  return spawn(process.execPath, [path.join(root, 'dist', 'src', 'cli', 'main.js'), 'start', ...args], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

function stopNode(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Drives the nodes on `ports` at once, `CONNECTIONS` split evenly, each with the dev queries in turn. */
async function drive(scenario: string, ports: number[], queries: string[]): Promise<Row> {
  const results = await Promise.all(
    ports.map((port) => {
      let next = 0;
      return autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS / ports.length,
        duration: seconds,
        requests: [{ setupRequest: (request) => ({ ...request, path: `/api/search?q=${encodeURIComponent(queries[next++ % queries.length])}` }) }],
      });
    }),
  );
  return {
    scenario,
    'requests/s': Math.round(results.reduce((sum, result) => sum + result.requests.average, 0)),
    // Over two nodes: the worse node's percentile, an upper bound of the combined one.
    'p50 ms': Math.max(...results.map((result) => result.latency.p50)),
    'p99 ms': Math.max(...results.map((result) => result.latency.p99)),
    errors: results.reduce((sum, result) => sum + result.errors + result.timeouts, 0),
    'non-2xx': results.reduce((sum, result) => sum + result.non2xx, 0),
  };
}

async function main(): Promise<void> {
  const queries = readFileSync(queriesFile, 'utf8').split('\n').map((q) => q.trim()).filter((q) => q.length > 0);
  const children: ChildProcess[] = [];
  let store = process.env.JIANSUO_STORE;
  if (store === undefined) {
    const redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], { stdio: 'ignore' });
    children.push(redis);
    store = `redis://127.0.0.1:${redisPort}/0`;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const indexDir = await mkdtemp(path.join(os.tmpdir(), 'jiansuo-bench-scale-'));
  const client = await connectStore(store);
  try {
    process.stderr.write(`building the index of ${corpusDir}…\n`);
    const built = await buildIndexFromCorpus(corpusDir, indexDir);
    const before = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
    const uploadStarted = performance.now();
    const upload = await uploadGeneration(client, storeKeys(process.env.JIANSUO_STORE_PREFIX ?? 'jiansuo:'), indexDir);
    const uploadMs = performance.now() - uploadStarted;
    const usedMemory = Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? 0);
    const documents = built.manifest.documentCount;
    printTable([
      {
        documents,
        'build s': (built.timings.totalMs / 1000).toFixed(1),
        'index MB': (upload.bytes / 1e6).toFixed(1),
        'upload s': (uploadMs / 1000).toFixed(2),
        'store used_memory MB': ((usedMemory - before) / 1e6).toFixed(1),
        'KB per article': ((usedMemory - before) / 1e3 / documents).toFixed(1),
      },
    ]);

    const rows: Row[] = [];
    const scenarios: Array<{ name: string; nodes: Array<{ port: number; args: string[] }> }> = [
      { name: '1 embedded node', nodes: [{ port: basePort, args: ['--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus')] }] },
      { name: '1 node over Redis', nodes: [{ port: basePort + 1, args: ['--store', store] }] },
      { name: '2 nodes over Redis', nodes: [1, 2].map((i) => ({ port: basePort + i, args: ['--store', store as string] })) },
    ];
    for (const scenario of scenarios) {
      const nodes = scenario.nodes.map((node) => startNode(node.port, node.args));
      try {
        await Promise.all(scenario.nodes.map((node) => waitForHealth(`http://127.0.0.1:${node.port}`)));
        rows.push(await drive(`${scenario.name}, ${CONNECTIONS} connections, ${seconds} s`, scenario.nodes.map((node) => node.port), queries));
      } finally {
        await Promise.all(nodes.map(stopNode));
      }
    }
    printTable(rows);
    process.stdout.write(`${os.cpus().length} CPU cores: autocannon and every node share them.\n`);
  } finally {
    client.destroy();
    await rm(indexDir, { recursive: true, force: true });
    for (const child of children) child.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
