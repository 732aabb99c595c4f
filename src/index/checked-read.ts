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

/**
 * Tasks one reading thread is handed at once: all of its share of a load, which it reads on
 * while the main thread is busy (a pool hands a thread its next task from the main thread).
 */
const TASKS_PER_THREAD = 1 << 16;

/** A reading thread (a pool of one) and the bytes handed to it not yet read back. */
interface Reader {
  pool: Piscina;
  pendingBytes: number;
}

/** Threads that read and hash index files, one per core; started on first use and stopped when idle. */
let readers: Reader[] | null | undefined;

function readingThreads(): Reader[] | null {
  if (readers === undefined) {
    // The compiled worker is absent when the sources run uncompiled (ts-jest): read in process then.
    readers = existsSync(WORKER_SCRIPT)
      ? Array.from({ length: availableParallelism() }, () => ({
          pool: new Piscina({ filename: WORKER_SCRIPT, minThreads: 0, maxThreads: 1, concurrentTasksPerWorker: TASKS_PER_THREAD, idleTimeout: 1000 }),
          pendingBytes: 0,
        }))
      : null;
  }
  return readers;
}

async function readInProcess({ file, keep }: CheckedReadTask): Promise<CheckedRead> {
  const content = await readFile(file);
  return { content: keep ? content : null, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.byteLength };
}

async function readOnThread(threads: Reader[], task: CheckedReadTask): Promise<CheckedRead> {
  // The thread with the fewest bytes still to read: files of very different sizes (a segment's
  // postings and its texts) are spread evenly, not one kind to each thread.
  const reader = threads.reduce((least, thread) => (thread.pendingBytes < least.pendingBytes ? thread : least));
  reader.pendingBytes += task.expectedBytes;
  try {
    const result = (await reader.pool.run(task)) as CheckedReadResult;
    return { content: result.content === null ? null : Buffer.from(result.content), sha256: result.sha256, bytes: result.bytes };
  } finally {
    reader.pendingBytes -= task.expectedBytes;
  }
}

/**
 * Reads `file` whole and computes its SHA-256 on one of a few reading threads (one per core),
 * so that loading an index of many gigabytes reads and hashes on every core while the main
 * thread only receives the bytes (transferred, never copied). The task is handed to its
 * thread at once: the reading goes on while the main thread is busy. With `keep: false` only
 * the checksum comes back. Never throws: a file that cannot be read resolves to its `error`.
 *
 * @example const read = await readChecked({ file: 'index/seg-1/texts.bin', keep: true, expectedBytes: 52_428_800 })
 */
export async function readChecked(task: CheckedReadTask): Promise<CheckedRead> {
  const threads = readingThreads();
  try {
    return await (threads ? readOnThread(threads, task) : readInProcess(task));
  } catch (error) {
    return { error: (error as Error).message };
  }
}
