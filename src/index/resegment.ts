import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { dictionaryVersion, userDictionary } from '../analysis';
import { JiansuoError } from '../errors';
import { buildIndexData } from './build';
import { lockIndex } from './ensure-index';
import { segmentDictionary, type Manifest, type SegmentInfo } from './manifest';
import { type BuildMeta, commitGeneration, readManifest } from './index-folder';
import { readSegment } from './read-index';
import { writeSegment, type WrittenSegment, writtenSegments } from './segment-files';
import type { ResegmentWorkerData, ResegmentWorkerReply } from './resegment-worker';

/** The compiled worker script; absent when running from TypeScript sources (ts-jest). */
const WORKER_SCRIPT = path.join(__dirname, 'resegment-worker.js');

/** How long to wait before trying again to commit while another process builds the folder. */
const LOCKED_RETRY_MS = 1000;

/**
 * Cuts one segment again with the dictionary in force, from its own stored articles (the
 * corpus is not read): new word postings and field lengths; texts, grams, stored articles and
 * sources are the same. The new segment is written, not yet part of any generation.
 *
 * @example const written = await cutSegmentAgain('index', manifest, manifest.segments[0])
 */
export async function cutSegmentAgain(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<WrittenSegment> {
  const { data, sources } = await readSegment(dir, manifest, segment);
  return writeSegment(dir, buildIndexData(data.docs).data, sources);
}

/** Cuts segments on a worker thread started with the dictionary in force, or on this thread from TypeScript sources. */
class Cutter {
  private readonly worker = existsSync(WORKER_SCRIPT) ? new Worker(WORKER_SCRIPT, { workerData: { userDictionary: userDictionary().text } satisfies ResegmentWorkerData }) : null;
  private failure: Error | null = null;
  private pending: { resolve: (written: WrittenSegment) => void; reject: (error: Error) => void } | null = null;

  constructor() {
    this.worker?.on('message', (reply: ResegmentWorkerReply) => {
      if ('error' in reply) this.pending?.reject(new Error(reply.error));
      else this.pending?.resolve(reply.written);
    });
    this.worker?.once('error', (error: Error) => {
      this.failure = error;
      this.pending?.reject(error);
    });
    // A thread that dies without an error (killed, out of memory) must not leave the run waiting.
    this.worker?.once('exit', (code) => {
      this.failure ??= new Error(`the re-segmentation thread exited with code ${code}`);
      this.pending?.reject(this.failure);
    });
  }

  cut(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<WrittenSegment> {
    const worker = this.worker;
    if (worker === null) return cutSegmentAgain(dir, manifest, segment);
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<WrittenSegment>((resolve, reject) => (this.pending = { resolve, reject }));
    worker.postMessage({ dir, manifest, segment });
    return done.finally(() => (this.pending = null));
  }

  async close(): Promise<void> {
    this.worker?.removeAllListeners('exit');
    await this.worker?.terminate();
  }
}

/** What a generation records besides its segments, carried over from `manifest`. */
function metaOf(manifest: Manifest): BuildMeta {
  return {
    corpusPath: manifest.corpus.path,
    fingerprint: manifest.corpus.fingerprint,
    filesSeen: manifest.corpus.filesSeen,
    rejected: manifest.corpus.rejected,
    utcOffsetMinutes: manifest.corpus.utcOffsetMinutes,
    buildMs: manifest.buildMs,
    ...(manifest.writeLog ? { writes: { log: manifest.writeLog, ids: manifest.writtenIds ?? [] } } : {}),
  };
}

/** Runs `change` on the generation `dir` serves under the folder's lock, waiting while another process builds it. */
async function underLock(dir: string, change: (manifest: Manifest) => Promise<void>): Promise<void> {
  for (;;) {
    const unlock = await lockIndex(dir).catch((error: unknown) => {
      if (error instanceof JiansuoError && error.code === 'index_locked') return null;
      throw error;
    });
    if (unlock === null) {
      await new Promise((resolve) => setTimeout(resolve, LOCKED_RETRY_MS));
      continue;
    }
    try {
      await change((await readManifest(dir)).manifest);
      return;
    } finally {
      await unlock();
    }
  }
}

/** How far {@link resegmentIndex} is: segments cut again so far, of those it had to cut. */
export interface ResegmentProgress {
  done: number;
  pending: number;
  /** Milliseconds the last segment took to cut and commit. */
  ms: number;
}

/**
 * Brings the index in `dir` to the dictionary in force: first a generation that records it
 * (its segments unchanged, each recording the dictionary it was cut with: followers put the new
 * one in force from it), then each segment cut with another one is cut again off this thread
 * ({@link cutSegmentAgain}) and committed as its own generation in its place, tombstones kept,
 * so the index answers throughout. Ends when every segment is cut with it, or as soon as
 * another dictionary is put in force in this process (the run for that one takes over), or
 * `stopped` says so.
 * Returns whether it ended with every segment cut with the dictionary.
 *
 * @example await resegmentIndex('index', { onSegment: ({ done, pending }) => console.log(done, pending) })
 */
export async function resegmentIndex(dir: string, options: { onSegment?: (progress: ResegmentProgress) => void; stopped?: () => boolean } = {}): Promise<boolean> {
  const target = dictionaryVersion();
  const current = (): boolean => dictionaryVersion() === target && !options.stopped?.();
  await underLock(dir, async (manifest) => {
    if (current() && manifest.analyzer.dictionaryVersion !== target) await commitGeneration(dir, writtenSegments(manifest), metaOf(manifest));
  });
  const cutter = new Cutter();
  try {
    let done = 0;
    while (current()) {
      const started = performance.now();
      const { manifest } = await readManifest(dir);
      if (manifest.analyzer.dictionaryVersion !== target) return false;
      const pending = manifest.segments.filter((segment) => segmentDictionary(manifest, segment) !== target);
      if (pending.length === 0) return true;
      const written = await cutter.cut(dir, manifest, pending[0]);
      await underLock(dir, async (now) => {
        const segments = writtenSegments(now);
        const at = segments.findIndex(({ info }) => info.name === pending[0].name);
        // A segment merged or dropped meanwhile is not put back; what is pending is read again.
        if (!current() || now.analyzer.dictionaryVersion !== target || at < 0) return;
        segments[at] = { info: { ...written.info, deletedDocs: segments[at].info.deletedDocs }, files: written.files };
        await commitGeneration(dir, segments, metaOf(now));
        done++;
        options.onSegment?.({ done, pending: pending.length - 1, ms: performance.now() - started });
      });
    }
    return false;
  } finally {
    await cutter.close();
  }
}
