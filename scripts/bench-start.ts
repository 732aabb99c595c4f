/**
 * `npm run bench:start -- --index DIR [--runs 3] [--port 3998]`: start to healthy. Runs
 * `jiansuo start --index DIR` in a child process (JIANSUO_CORPUS is not passed on; the corpus
 * the index was built from is still walked while it starts, when it is there, as a user's start
 * does), asks `GET /api/health` every 20 ms from the moment the process is spawned, and
 * prints the seconds until it answers 200, then stops the service; the index files are read
 * once before, so every run finds them in the page cache. Prints each run and the median.
 * bench:archive calls {@link startToHealthy} for each archive size.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const cliMain = path.resolve(__dirname, '..', 'src', 'cli', 'main.js');
const POLL_MS = 20;
/** A start that takes longer than this is reported as failed. */
const GIVE_UP_MS = 300_000;

/** Reads every file under `dir` once, so that the runs measure a start from the page cache, as a restart is. */
function readAll(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) readAll(file);
    else if (entry.isFile()) readFileSync(file);
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** Seconds from spawning `jiansuo start --index index` to its first 200 from `/api/health`. */
async function oneStart(index: string, port: number): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' };
  // The bench's own corpus setting is not the served index's corpus.
  delete env.JIANSUO_CORPUS;
  const started = performance.now();
  const child = spawn(process.execPath, [cliMain, 'start', '--index', index], { env, cwd: path.dirname(path.resolve(index)), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`jiansuo start exited with ${child.exitCode}: ${stderr.trim()}`);
      if (await healthy(port)) return (performance.now() - started) / 1000;
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`jiansuo start was not healthy after ${GIVE_UP_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/**
 * `runs` starts of the index `index`, one after another: the seconds each took to be healthy.
 *
 * @example const seconds = await startToHealthy('/tmp/x41/index', 3, 3998)
 */
export async function startToHealthy(index: string, runs: number, port: number): Promise<number[]> {
  readAll(index);
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) seconds.push(await oneStart(index, port));
  return seconds;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function flag(argv: string[], name: string, fallback: string): string {
  const at = argv.indexOf(name);
  return at >= 0 ? argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const index = flag(argv, '--index', process.env.JIANSUO_INDEX ?? 'index');
  const runs = Number(flag(argv, '--runs', '3'));
  const port = Number(flag(argv, '--port', '3998'));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: "${runs}" is not a positive integer`);
  const seconds = await startToHealthy(index, runs, port);
  process.stdout.write(`start to healthy of ${index}: ${seconds.map((s) => s.toFixed(2)).join(', ')} s (median ${median(seconds).toFixed(2)} s)\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
