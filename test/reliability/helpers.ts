import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Response } from 'supertest';
import { defaultLimits, type Limits } from '../../src/config';
import { buildIndexData } from '../../src/index/build';
import { writeIndex } from '../../src/index/index-folder';
import { sampleArticles, SAMPLE_CORPUS } from '../server/helpers';

export { SAMPLE_CORPUS };

/** The compiled command line; the crash tests run it as a real process (`npx tsc -p .` first). */
export const CLI = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** Fails with what to do when the compiled command line is missing. */
export function requireCompiledCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the reliability tests`);
}

/** A new empty folder in the system's temp folder. */
export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(path.join(tmpdir(), `jiansuo-${prefix}-`)));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The default limits with overrides (e.g. a rate limit high enough for a load test). */
export function limitsWith(overrides: Partial<Limits>): Limits {
  return { ...defaultLimits, ...overrides };
}

/** Writes the index of the sample corpus to `indexDir`, as `npm run index` would. */
export async function writeSampleIndex(indexDir: string): Promise<void> {
  const articles = await sampleArticles();
  await writeIndex(indexDir, buildIndexData(articles).data, { corpusPath: SAMPLE_CORPUS, fingerprint: 'reliability', filesSeen: articles.length, rejected: 0, utcOffsetMinutes: 480, buildMs: 1 });
}

/**
 * Whether a response is one the API may give to any input: 200, or a 4xx whose body is the
 * JSON error `{ error: { code, message } }`. Returns a description of what is wrong, or `null`.
 */
export function badAnswer(res: Pick<Response, 'status' | 'type' | 'body'>): string | null {
  if (res.status === 200) return null;
  if (res.status < 400 || res.status > 499) return `status ${res.status}`;
  const error = (res.body as { error?: { code?: unknown; message?: unknown } }).error;
  if (res.type !== 'application/json' || typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return `status ${res.status} without a JSON error body (${res.type})`;
  }
  return null;
}

/** A child `jiansuo start` process and the port it listens on. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  base: string;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
}

/**
 * Starts `node dist/src/cli/main.js start --index DIR --port 0` and waits for its
 * "jiansuo listening" log line. `--corpus` points nowhere, so the index is served as it is.
 */
export function startServer(indexDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  requireCompiledCli();
  const child = spawn(process.execPath, [CLI, 'start', '--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus'), '--port', '0'], {
    // The "listening" line is logged at info level, so the level is not the caller's to lower.
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out: string | null = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`jiansuo start did not listen within 30 s; stderr: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (out === null) return;
      out += chunk.toString('utf8');
      const listening = /"port":(\d+)[^\n]*"msg":"jiansuo listening"/.exec(out);
      if (listening) {
        out = null;
        clearTimeout(timer);
        const port = Number(listening[1]);
        resolve({ child, port, base: `http://127.0.0.1:${port}`, stderr: () => err });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`jiansuo start exited (${code ?? signal}) before listening; stderr: ${err}`));
    });
  });
}

/** `kill -9` a child and wait until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await gone;
}

/** Stops a child politely (SIGTERM) and waits for its exit code. */
export async function stopServer(server: ServerProcess): Promise<number | null> {
  if (server.child.exitCode !== null) return server.child.exitCode;
  const gone = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  server.child.kill('SIGTERM');
  return gone;
}
