import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readCorpus } from '../corpus';
import type { Article, LoadReport } from '../corpus/article';
import type { BuildWorkerMessage } from './build-worker';
import type { IndexData } from './index-data';
import { indexFromData } from './index-data';
import { analyzeBatch, type PartialIndex } from './partial-index';
import type { SearchIndex } from './search-index';

/** Grams per FlexSearch import chunk: small enough to parse without a long pause. */
const GRAMS_PER_CHUNK = 50_000;
/** Documents per message to a build thread. */
const BATCH_SIZE = 256;
/** Below this many documents, starting threads costs more than it saves. */
const PARALLEL_THRESHOLD = 4_000;

/** Milliseconds spent in each stage of a build, printed by the CLI and the benchmark. */
export interface BuildTimings {
  /** Read (when reading a corpus), normalise, segment and collect postings: wall clock, all threads. */
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
  // Each partial's grams are sorted: merge them like sorted runs, joining a gram's postings in
  // document order (the partials are in document order too).
  const cursors = ordered.map(() => 0);
  for (;;) {
    let gram: string | undefined;
    ordered.forEach((partial, k) => {
      const candidate = partial.grams[cursors[k]];
      if (candidate !== undefined && (gram === undefined || candidate < gram)) gram = candidate;
    });
    if (gram === undefined) break;
    const parts: string[] = [];
    ordered.forEach((partial, k) => {
      if (partial.grams[cursors[k]] === gram) parts.push(partial.gramDocs[cursors[k]++]);
    });
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

/** Progress of a corpus build: files read, documents analysed. */
export interface CorpusBuildProgress {
  stage: 'read' | 'analyze';
  done: number;
  total: number;
}

/** A build thread fed with consecutive documents from `base` on. */
class BuildThread {
  private readonly worker = new Worker(WORKER_SCRIPT);
  private batch: Array<Pick<Article, 'title' | 'text'>> = [];
  private readonly done: Promise<PartialIndex>;

  constructor(base: number, onAnalyzed: (count: number) => void) {
    this.done = new Promise((resolve, reject) => {
      this.worker.on('message', (message: { type: 'progress'; count: number } | { type: 'done'; partial: PartialIndex }) => {
        if (message.type === 'progress') onAnalyzed(message.count);
        else resolve(message.partial);
      });
      this.worker.once('error', reject);
    });
    this.worker.postMessage({ type: 'start', base } satisfies BuildWorkerMessage);
  }

  add(article: Article): void {
    this.batch.push({ title: article.title, text: article.text });
    if (this.batch.length === BATCH_SIZE) this.flush();
  }

  private flush(): void {
    if (this.batch.length > 0) this.worker.postMessage({ type: 'batch', articles: this.batch } satisfies BuildWorkerMessage);
    this.batch = [];
  }

  async finish(): Promise<PartialIndex> {
    this.flush();
    this.worker.postMessage({ type: 'finish' } satisfies BuildWorkerMessage);
    try {
      return await this.done;
    } finally {
      await this.worker.terminate();
    }
  }

  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Reads a corpus and analyses it at once, on every core: as files are read (in path order),
 * thread k receives documents [k·share, (k+1)·share) in batches, so reading, normalising and
 * cutting overlap, and each thread's postings are one ascending run. Small corpora, or runs
 * from TypeScript sources, are analysed in this thread.
 *
 * @example const { report, data } = await readAndAnalyzeCorpus('corpus')
 */
export async function readAndAnalyzeCorpus(
  dir: string,
  onProgress?: (progress: CorpusBuildProgress) => void,
  utcOffsetMinutes?: number,
): Promise<{ report: LoadReport; data: IndexData; timings: BuildTimings }> {
  const started = performance.now();
  const report: LoadReport = { articles: [], paths: [], rejected: [], filesSeen: 0 };
  let files = 0;
  const threadCount = Math.max(1, availableParallelism());
  let threads: BuildThread[] | null = null;
  let share = 0;
  let analyzed = 0;
  try {
    const entries = readCorpus(dir, {
      ...(utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes }),
      onProgress: (done, total) => {
        files = total;
        // With build threads, reading and analysing overlap: only the analysis is reported.
        if (threads === null) onProgress?.({ stage: 'read', done, total });
      },
    });
    for await (const entry of entries) {
      report.filesSeen++;
      if (!('article' in entry)) {
        report.rejected.push(entry.rejection);
        continue;
      }
      const doc = report.articles.length;
      report.articles.push(entry.article);
      report.paths.push(entry.path);
      if (threads === null && files >= PARALLEL_THRESHOLD && threadCount > 1 && existsSync(WORKER_SCRIPT)) {
        share = Math.ceil(files / threadCount);
        threads = Array.from(
          { length: threadCount },
          (_, k) =>
            new BuildThread(k * share, (count) => {
              analyzed += count;
              onProgress?.({ stage: 'analyze', done: analyzed, total: files });
            }),
        );
      }
      threads?.[Math.min(threadCount - 1, Math.floor(doc / share))].add(entry.article);
    }
    if (threads === null) {
      const { data, timings } = buildIndexData(report.articles);
      onProgress?.({ stage: 'analyze', done: report.articles.length, total: report.articles.length });
      return { report, data, timings: { ...timings, analyzeMs: performance.now() - started - timings.mergeMs } };
    }
    const partials = await Promise.all(threads.map((thread) => thread.finish()));
    const analyzedAt = performance.now();
    const data = mergePartials(report.articles, partials);
    return { report, data, timings: { analyzeMs: analyzedAt - started, mergeMs: performance.now() - analyzedAt, threads: threadCount } };
  } catch (error) {
    await Promise.all((threads ?? []).map((thread) => thread.abort()));
    throw error;
  }
}

/** Builds a searchable in-memory index (what tests and `PUT` replays use). */
export function buildIndex(articles: Article[]): SearchIndex {
  return indexFromData(buildIndexData(articles).data);
}
