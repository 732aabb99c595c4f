import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { readCorpus, type CorpusListing } from '../corpus';
import type { Article, Rejection } from '../corpus/article';
import { userDictionary } from '../analysis';
import type { BuildWorkerData, BuildWorkerMessage } from './build-worker';
import type { IndexData } from './index-data';
import { indexFromData } from './index-data';
import { analyzeBatch, type PartialIndex } from './partial-index';
import { joinPostingLists } from './posting-lists';
import type { SearchIndex } from './search-index';

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
 * Joins batch postings (in document order, each batch numbered from its `base`) into the
 * persisted form of one segment.
 */
export function mergePartials(articles: Article[], partials: PartialIndex[]): IndexData {
  const ordered = [...partials].sort((a, b) => a.base - b.base);
  const titleLengths: number[] = [];
  const bodyLengths: number[] = [];
  for (const partial of ordered) {
    for (let i = 0; i < partial.titleLengths.length; i++) {
      titleLengths.push(partial.titleLengths[i]);
      bodyLengths.push(partial.bodyLengths[i]);
    }
  }
  const signatures = new Uint32Array(2 * articles.length);
  for (const partial of ordered) signatures.set(partial.signatures, 2 * partial.base);
  const noShifts = ordered.map(() => 0);
  return {
    docs: articles,
    titleLengths,
    bodyLengths,
    signatures,
    words: joinPostingLists(ordered.map((partial) => partial.words), noShifts),
    grams: joinPostingLists(ordered.map((partial) => partial.grams), noShifts),
  };
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

/** A build thread, fed one run of consecutive documents at a time. */
class BuildThread {
  private readonly worker = new Worker(WORKER_SCRIPT, { workerData: { userDictionary: userDictionary().text } satisfies BuildWorkerData });
  private batch: Array<Pick<Article, 'title' | 'text'>> = [];
  private pending: { resolve: (partial: PartialIndex) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  /** Whether a run was begun and not yet finished. */
  running = false;

  constructor(onAnalyzed: (count: number) => void) {
    this.worker.on('message', (message: { type: 'progress'; count: number } | { type: 'done'; partial: PartialIndex }) => {
      if (message.type === 'progress') onAnalyzed(message.count);
      else this.pending?.resolve(message.partial);
    });
    this.worker.once('error', (error: Error) => {
      this.failure = error;
      this.pending?.reject(error);
    });
    // A thread that dies without an error (killed, out of memory) must not leave the build waiting.
    this.worker.once('exit', (code) => {
      this.failure ??= new Error(`a build thread exited with code ${code}`);
      this.pending?.reject(this.failure);
    });
  }

  /** Starts a run whose first document is numbered `base`. */
  begin(base: number): void {
    this.running = true;
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

  /** The postings of the run; the thread can begin another one. */
  finish(): Promise<PartialIndex> {
    this.flush();
    this.running = false;
    if (this.failure) return Promise.reject(this.failure);
    const done = new Promise<PartialIndex>((resolve, reject) => (this.pending = { resolve, reject }));
    this.worker.postMessage({ type: 'finish' } satisfies BuildWorkerMessage);
    return done.finally(() => (this.pending = null));
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** One segment's worth of analysed documents, with the corpus file of each. */
export interface AnalyzedSegment {
  data: IndexData;
  /** Absolute or corpus-joined path of each document's file, aligned with `data.docs`. */
  paths: string[];
}

/** What a segmented read of a corpus needs besides the folder. */
export interface SegmentedReadOptions {
  /** Most documents per segment: bounds the memory a build needs, whatever the corpus size. */
  segmentDocs: number;
  /** Corpus time zone in minutes east of UTC, for dates written without one. */
  utcOffsetMinutes?: number;
  /** Files already indexed (by path inside the corpus): not read, their ids kept. */
  skip?: ReadonlyMap<string, { id: string; path: string }>;
  /** The corpus folder's listing, when it was walked already. */
  listing?: CorpusListing;
  onProgress?: (progress: CorpusBuildProgress) => void;
  /** Receives each full segment, in document order; the next one is read once it resolves. */
  onSegment: (segment: AnalyzedSegment) => Promise<void>;
}

/** What a segmented read saw: the files read, and those rejected with their reasons. */
export interface SegmentedReadReport {
  filesSeen: number;
  indexed: number;
  rejected: Rejection[];
}

/**
 * Reads a corpus in path order and analyses it in segments of at most `segmentDocs`
 * documents, on every core: while files are read, thread k receives the k-th share of the
 * current segment, so reading, normalising and cutting overlap and each thread's postings are
 * one ascending run. A full segment is handed to `onSegment` (which writes it) before the next
 * is read, so memory stays that of one segment. Small corpora, or runs from TypeScript
 * sources, are analysed in this thread.
 *
 * @example await readCorpusInSegments('corpus', { segmentDocs: 10_000, onSegment: (s) => write(s) })
 */
export async function readCorpusInSegments(dir: string, options: SegmentedReadOptions): Promise<{ report: SegmentedReadReport; timings: BuildTimings }> {
  const started = performance.now();
  const report: SegmentedReadReport = { filesSeen: 0, indexed: 0, rejected: [] };
  const threadCount = Math.max(1, availableParallelism());
  const share = Math.ceil(options.segmentDocs / threadCount);
  let files = 0;
  let threads: BuildThread[] | null = null;
  let decided = false;
  let analyzed = 0;
  let mergeMs = 0;
  let articles: Article[] = [];
  let paths: string[] = [];
  const flush = async (): Promise<void> => {
    if (articles.length === 0) return;
    let data: IndexData;
    if (threads === null) {
      data = buildIndexData(articles).data;
      analyzed += articles.length;
      // Rejected files are never analysed: once all are read, the total is exact.
      options.onProgress?.({ stage: 'analyze', done: analyzed, total: files - report.rejected.length });
    } else {
      const partials = await Promise.all(threads.filter((thread) => thread.running).map((thread) => thread.finish()));
      const merging = performance.now();
      data = mergePartials(articles, partials);
      mergeMs += performance.now() - merging;
    }
    const segment = { data, paths };
    articles = [];
    paths = [];
    await options.onSegment(segment);
  };
  try {
    const entries = readCorpus(dir, {
      ...(options.utcOffsetMinutes === undefined ? {} : { utcOffsetMinutes: options.utcOffsetMinutes }),
      ...(options.skip ? { skip: options.skip } : {}),
      ...(options.listing ? { listing: options.listing } : {}),
      onProgress: (done, total) => {
        files = total;
        if (threads === null) options.onProgress?.({ stage: 'read', done, total });
      },
    });
    for await (const entry of entries) {
      report.filesSeen++;
      if (!('article' in entry)) {
        report.rejected.push(entry.rejection);
        continue;
      }
      if (!decided) {
        decided = true;
        if (files >= PARALLEL_THRESHOLD && threadCount > 1 && existsSync(WORKER_SCRIPT)) {
          threads = Array.from({ length: threadCount }, () => new BuildThread((count) => {
            analyzed += count;
            options.onProgress?.({ stage: 'analyze', done: analyzed, total: files - report.rejected.length });
          }));
        }
      }
      const doc = articles.length;
      articles.push(entry.article);
      paths.push(entry.path);
      report.indexed++;
      if (threads) {
        const thread = threads[Math.floor(doc / share)];
        if (doc % share === 0) thread.begin(doc);
        thread.add(entry.article);
      }
      if (articles.length === options.segmentDocs) await flush();
    }
    await flush();
    return { report, timings: { analyzeMs: performance.now() - started - mergeMs, mergeMs, threads: threads?.length ?? 1 } };
  } finally {
    await Promise.all((threads ?? []).map((thread) => thread.close()));
  }
}

/** Builds a searchable in-memory index (what tests and `PUT` replays use). */
export function buildIndex(articles: Article[]): SearchIndex {
  return indexFromData(buildIndexData(articles).data);
}
