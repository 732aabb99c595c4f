import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import type { CheckedReadResult, CheckedReadTask } from './checked-read-worker';

/** A file read whole with its SHA-256, or why it could not be read. */
export type CheckedRead = { content: Buffer | null; sha256: string; bytes: number } | { error: string };

const WORKER_SCRIPT = path.join(__dirname, 'checked-read-worker.js');

/** Threads that read and hash index files; started on first use and stopped when idle. */
let pool: Piscina | null | undefined;

function readingPool(): Piscina | null {
  if (pool === undefined) {
    // The compiled worker is absent when the sources run uncompiled (ts-jest): read in process then.
    pool = existsSync(WORKER_SCRIPT) ? new Piscina({ filename: WORKER_SCRIPT, minThreads: 0, maxThreads: availableParallelism(), idleTimeout: 1000 }) : null;
  }
  return pool;
}

async function readInProcess({ file, keep }: CheckedReadTask): Promise<CheckedRead> {
  const content = await readFile(file);
  return { content: keep ? content : null, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.byteLength };
}

async function readOnThread(readers: Piscina, task: CheckedReadTask): Promise<CheckedRead> {
  const result = (await readers.run(task)) as CheckedReadResult;
  return { content: result.content === null ? null : Buffer.from(result.content), sha256: result.sha256, bytes: result.bytes };
}

/**
 * Reads `file` whole and computes its SHA-256 on a thread of a small pool (one per core), so
 * that loading an index of many gigabytes reads and hashes on every core while the main thread
 * only receives the bytes (transferred, never copied). With `keep: false` only the checksum
 * comes back. Never throws: a file that cannot be read resolves to its `error`.
 *
 * @example const read = await readChecked({ file: 'index/seg-1/texts.bin', keep: true })
 */
export async function readChecked(task: CheckedReadTask): Promise<CheckedRead> {
  const readers = readingPool();
  try {
    return await (readers ? readOnThread(readers, task) : readInProcess(task));
  } catch (error) {
    return { error: (error as Error).message };
  }
}
