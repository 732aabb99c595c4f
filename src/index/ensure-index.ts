import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fingerprintCorpus, loadCorpus, type LoadReport } from '../corpus';
import { JiansuoError } from '../errors';
import { buildIndexDataParallel, type BuildTimings } from './build';
import type { Manifest } from './manifest';
import { incompatibility, readIndex, readManifest, writeIndex } from './persist';
import type { SearchIndex } from './search-index';

export interface BuildProgress {
  stage: 'load' | 'analyze' | 'write';
  done: number;
  total: number;
}

export interface BuildResult {
  manifest: Manifest;
  report: LoadReport;
  timings: BuildTimings & { loadMs: number; writeMs: number; totalMs: number };
}

/**
 * Reads a corpus and writes its index to `indexDir` (atomically, see `writeIndex`).
 *
 * @example const { manifest, report } = await buildIndexFromCorpus('corpus', 'index')
 */
export async function buildIndexFromCorpus(corpusDir: string, indexDir: string, onProgress?: (progress: BuildProgress) => void): Promise<BuildResult> {
  if (!existsSync(corpusDir)) throw new JiansuoError('corpus_error', `corpus folder ${corpusDir} does not exist`);
  const started = performance.now();
  const fingerprint = await fingerprintCorpus(corpusDir);
  const report = await loadCorpus(corpusDir, {
    onProgress: onProgress ? (done: number, total: number) => onProgress({ stage: 'load', done, total }) : undefined,
  });
  const loaded = performance.now();
  const total = report.articles.length;
  const { data, timings } = await buildIndexDataParallel(report.articles, onProgress ? (done) => onProgress({ stage: 'analyze', done, total }) : undefined);
  const analyzed = performance.now();
  onProgress?.({ stage: 'write', done: 0, total: 1 });
  const manifest = await writeIndex(indexDir, data, {
    corpusPath: path.resolve(corpusDir),
    fingerprint,
    filesSeen: report.filesSeen,
    rejected: report.rejected.length,
    buildMs: analyzed - started,
  });
  onProgress?.({ stage: 'write', done: 1, total: 1 });
  const finished = performance.now();
  return {
    manifest,
    report,
    timings: { ...timings, loadMs: loaded - started, writeMs: finished - analyzed, totalMs: finished - started },
  };
}

/** Why the index in `indexDir` must be (re)built from `corpusDir`, or `null` when it can be served. */
async function rebuildReason(corpusDir: string, indexDir: string): Promise<string | null> {
  let manifest: Manifest;
  try {
    manifest = (await readManifest(indexDir)).manifest;
  } catch (error) {
    return (error as Error).message;
  }
  const problem = incompatibility(manifest);
  if (problem) return `built with ${problem}`;
  if (existsSync(corpusDir) && manifest.corpus.fingerprint !== (await fingerprintCorpus(corpusDir))) {
    return `${corpusDir} changed since the index was built`;
  }
  return null;
}

/**
 * The index `npm start` serves: loaded from `indexDir`, after (re)building it from
 * `corpusDir` when it is missing, stale or from another analyzer. With no corpus folder an
 * existing index is served as it is.
 */
export async function ensureIndex(options: {
  corpusDir: string;
  indexDir: string;
  onProgress?: (progress: BuildProgress) => void;
}): Promise<{ index: SearchIndex; manifest: Manifest; built: boolean; report?: LoadReport }> {
  const reason = await rebuildReason(options.corpusDir, options.indexDir);
  const canBuild = existsSync(options.corpusDir);
  let report: LoadReport | undefined;
  if (reason !== null && canBuild) {
    report = (await buildIndexFromCorpus(options.corpusDir, options.indexDir, options.onProgress)).report;
  }
  try {
    const { index, manifest } = await readIndex(options.indexDir);
    return { index, manifest, built: report !== undefined, report };
  } catch (error) {
    // A damaged data file only shows when it is read in full; its error tells the user that
    // `npm start` rebuilds it, so with the corpus at hand do exactly that.
    if (report !== undefined || !canBuild || !(error instanceof JiansuoError && error.code === 'index_damaged')) throw error;
  }
  report = (await buildIndexFromCorpus(options.corpusDir, options.indexDir, options.onProgress)).report;
  const { index, manifest } = await readIndex(options.indexDir);
  return { index, manifest, built: true, report };
}
