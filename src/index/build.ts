import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Article } from '../corpus/article';
import type { IndexData } from './index-data';
import { indexFromData } from './index-data';
import { analyzeBatch, type PartialIndex } from './partial-index';
import type { SearchIndex } from './search-index';

/** Grams per FlexSearch import chunk: small enough to parse without a long pause. */
const GRAMS_PER_CHUNK = 50_000;
/** Documents per unit of work handed to a build thread. */
const BATCH_SIZE = 1_000;
/** Below this many documents, starting threads costs more than it saves. */
const PARALLEL_THRESHOLD = 4_000;

/** Milliseconds spent in each stage of a build, printed by the CLI and the benchmark. */
export interface BuildTimings {
  /** Normalise, segment and collect postings (wall clock, all threads). */
  analyzeMs: number;
  /** Join the batches into the persisted form. */
  mergeMs: number;
  threads: number;
}

/**
 * Joins batch postings (in document order) into the persisted form. Gram postings become
 * FlexSearch 0.8's export format (`reg` = ids, `map` = term → slots of ids, one slot at
 * resolution 1), so the gram index is filled by one `import` per chunk instead of one `add`
 * per document — several times faster on a large corpus.
 */
export function mergePartials(articles: Article[], partials: PartialIndex[]): IndexData {
  const ordered = [...partials].sort((a, b) => a.base - b.base);
  const titleLengths: number[] = [];
  const bodyLengths: number[] = [];
  const wordParts = new Map<string, Array<[PartialIndex, number]>>();
  const gramParts = new Map<string, string[]>();
  let postingCount = 0;
  for (const partial of ordered) {
    for (let i = 0; i < partial.titleLengths.length; i++) {
      titleLengths.push(partial.titleLengths[i]);
      bodyLengths.push(partial.bodyLengths[i]);
    }
    partial.words.forEach((word, w) => {
      const parts = wordParts.get(word);
      if (parts) parts.push([partial, w]);
      else wordParts.set(word, [[partial, w]]);
      postingCount += partial.wordOffsets[w + 1] - partial.wordOffsets[w];
    });
    partial.grams.forEach((gram, g) => {
      const parts = gramParts.get(gram);
      if (parts) parts.push(partial.gramDocs[g]);
      else gramParts.set(gram, [partial.gramDocs[g]]);
    });
  }
  const words = [...wordParts.keys()];
  const offsets = new Uint32Array(words.length + 1);
  const postingDocs = new Uint32Array(postingCount);
  const postingTfs = new Uint32Array(postingCount);
  let at = 0;
  words.forEach((word, w) => {
    offsets[w] = at;
    for (const [partial, k] of wordParts.get(word)!) {
      const from = partial.wordOffsets[k];
      const to = partial.wordOffsets[k + 1];
      postingDocs.set(partial.wordDocs.subarray(from, to), at);
      postingTfs.set(partial.wordTfs.subarray(from, to), at);
      at += to - from;
    }
  });
  offsets[words.length] = at;
  const gramChunks: Array<[string, string]> = [['reg', JSON.stringify(Array.from({ length: articles.length }, (_, i) => i))]];
  let batch: string[] = [];
  const flush = (): void => {
    gramChunks.push([`${gramChunks.length}.map`, `[${batch.join(',')}]`]);
    batch = [];
  };
  for (const [gram, parts] of gramParts) {
    batch.push(`[${JSON.stringify(gram)},[[${parts.join(',')}]]]`);
    if (batch.length === GRAMS_PER_CHUNK) flush();
  }
  if (batch.length > 0) flush();
  return { docs: articles, titleLengths, bodyLengths, words, offsets, postingDocs, postingTfs, gramChunks };
}

/**
 * Builds the persisted form of an index in this thread (tests, small corpora).
 *
 * @example buildIndexData(report.articles).data.docs.length
 */
export function buildIndexData(articles: Article[]): { data: IndexData; timings: BuildTimings } {
  const started = performance.now();
  const partial = analyzeBatch(articles, 0);
  const analyzed = performance.now();
  const data = mergePartials(articles, [partial]);
  return { data, timings: { analyzeMs: analyzed - started, mergeMs: performance.now() - analyzed, threads: 1 } };
}

/** The compiled worker script; absent when running from TypeScript sources (ts-jest). */
const WORKER_SCRIPT = path.join(__dirname, 'build-worker.js');

/** Analyses batches on `threads` worker threads, one batch in flight per thread. */
async function analyzeInWorkers(articles: Article[], threads: number, onProgress?: (done: number) => void): Promise<PartialIndex[]> {
  const batches: number[] = [];
  for (let base = 0; base < articles.length; base += BATCH_SIZE) batches.push(base);
  const partials: PartialIndex[] = [];
  let done = 0;
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_SCRIPT));
  try {
    await Promise.all(
      workers.map(async (worker) => {
        for (let next = batches.shift(); next !== undefined; next = batches.shift()) {
          const slice = articles.slice(next, next + BATCH_SIZE).map(({ title, text }) => ({ title, text }));
          const partial = await new Promise<PartialIndex>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            worker.postMessage({ base: next, articles: slice });
          });
          worker.removeAllListeners('error');
          partials.push(partial);
          done += slice.length;
          onProgress?.(done);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return partials;
}

/**
 * Builds the persisted form of an index using every core: batches of articles are analysed
 * on worker threads (normalising and cutting dominate a build), then joined here.
 */
export async function buildIndexDataParallel(
  articles: Article[],
  onProgress?: (done: number) => void,
): Promise<{ data: IndexData; timings: BuildTimings }> {
  const threads = Math.max(1, availableParallelism());
  if (articles.length < PARALLEL_THRESHOLD || threads === 1 || !existsSync(WORKER_SCRIPT)) {
    const result = buildIndexData(articles);
    onProgress?.(articles.length);
    return result;
  }
  const started = performance.now();
  const partials = await analyzeInWorkers(articles, threads, onProgress);
  const analyzed = performance.now();
  const data = mergePartials(articles, partials);
  return { data, timings: { analyzeMs: analyzed - started, mergeMs: performance.now() - analyzed, threads } };
}

/** Builds a searchable in-memory index (what tests and `PUT` replays use). */
export function buildIndex(articles: Article[]): SearchIndex {
  return indexFromData(buildIndexData(articles).data);
}
