import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SAMPLE_CORPUS } from './helpers';

/** Resolves once `base` answers `/api/health` (a spawned service builds its index first: up to 90 s on a busy machine). */
export async function waitForHealth(base: string): Promise<void> {
  for (let attempt = 0; attempt < 900; attempt++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${base} did not become healthy`);
}

/** The exit code of a spawned process, once it exits. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The compiled CLI: `npm test` builds it first (pretest); cluster workers re-run this script. */
export const CLI = path.resolve(__dirname, '../../dist/src/cli/main.js');

/**
 * A temporary folder holding a copy of the sample corpus, made before the tests of the
 * enclosing `describe` and removed after them; the compiled CLI must exist.
 */
export function sampleCorpusFolder(prefix: string): () => string {
  let dir = '';
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it first)`);
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    await cp(SAMPLE_CORPUS, path.join(dir, 'corpus'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/** Sends SIGTERM to a spawned service and resolves to its exit code (0: a graceful stop). */
export function terminate(child: ChildProcess): Promise<number | null> {
  const exited = exitOf(child);
  child.kill('SIGTERM');
  return exited;
}
