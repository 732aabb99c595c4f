import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Piscina } from 'piscina';
import { hashFile, type FileHash, type HashTask } from './checked-read-worker';
import { mapFile } from './mapped-file';

/** One file to read whole and check. */
export interface CheckedReadTask extends HashTask {
  /** `false` when only the checksum is wanted. */
  keep: boolean;
}

/** A file's bytes (mapped, when kept) with its checksum, or why it could not be read. */
export type CheckedRead = { content: Buffer | null; crc32: string; bytes: number } | { error: string };

const WORKER_SCRIPT = path.join(__dirname, 'checked-read-worker.js');

/**
 * Tasks one reading thread is handed at once: all of its share of a load, which it hashes on
 * while the main thread is busy (a pool hands a thread its next task from the main thread).
 */
const TASKS_PER_THREAD = 1 << 16;

/** A reading thread (a pool of one) and the bytes handed to it not yet read back. */
interface Reader {
  pool: Piscina;
  pendingBytes: number;
}

/** Threads that hash index files, one per core; started on first use and stopped when idle. */
let readers: Reader[] | null | undefined;

function readingThreads(): Reader[] | null {
  if (readers === undefined) {
    // The compiled worker is absent when the sources run uncompiled (ts-jest): hash in process then.
    readers = existsSync(WORKER_SCRIPT)
      ? Array.from({ length: availableParallelism() }, () => ({
          pool: new Piscina({ filename: WORKER_SCRIPT, minThreads: 0, maxThreads: 1, concurrentTasksPerWorker: TASKS_PER_THREAD, idleTimeout: 1000 }),
          pendingBytes: 0,
        }))
      : null;
  }
  return readers;
}

async function hashOnThread(threads: Reader[], task: HashTask): Promise<FileHash> {
  // The thread with the fewest bytes still to hash: files of very different sizes (a segment's
  // postings and its texts) are spread evenly, not one kind to each thread.
  const reader = threads.reduce((least, thread) => (thread.pendingBytes < least.pendingBytes ? thread : least));
  reader.pendingBytes += task.expectedBytes;
  try {
    return (await reader.pool.run({ file: task.file, expectedBytes: task.expectedBytes })) as FileHash;
  } finally {
    reader.pendingBytes -= task.expectedBytes;
  }
}

/**
 * `file` mapped into memory (see {@link mapFile}: nothing is copied) with its checksum,
 * computed on one of a few reading threads (one per core), so that loading an index of many
 * gigabytes hashes on every core while the main thread decodes. The task is handed to its
 * thread at once: the hashing goes on while the main thread is busy. With `keep: false` only
 * the checksum comes back. Never throws: a file that cannot be read resolves to its `error`.
 *
 * @example const read = await readChecked({ file: 'index/seg-1/texts.bin', keep: true, expectedBytes: 52_428_800 })
 */
export async function readChecked(task: CheckedReadTask): Promise<CheckedRead> {
  const threads = readingThreads();
  try {
    // Mapped before it is hashed: the file is immutable, so the bytes hashed are the bytes kept.
    const content = task.keep ? mapFile(task.file) : null;
    const { crc32, bytes } = await (threads ? hashOnThread(threads, task) : hashFile(task.file));
    return { content, crc32, bytes };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
