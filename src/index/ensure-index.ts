import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_UTC_OFFSET_MINUTES, fingerprintCorpus, type LoadReport } from '../corpus';
import { JiansuoError } from '../errors';
import { readAndAnalyzeCorpus, type BuildTimings, type CorpusBuildProgress } from './build';
import type { Manifest } from './manifest';
import { incompatibility, readIndex, readManifest, verifyIndex, writeIndex } from './persist';
import type { SearchIndex } from './search-index';

export type BuildProgress = CorpusBuildProgress | { stage: 'write'; done: number; total: number };

export interface BuildResult {
  manifest: Manifest;
  report: LoadReport;
  timings: BuildTimings & { writeMs: number; totalMs: number };
}

/**
 * Reads a corpus and writes its index to `indexDir` (atomically, see `writeIndex`).
 *
 * @example const { manifest, report } = await buildIndexFromCorpus('corpus', 'index')
 */
export async function buildIndexFromCorpus(
  corpusDir: string,
  indexDir: string,
  onProgress?: (progress: BuildProgress) => void,
  utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES,
): Promise<BuildResult> {
  if (!existsSync(corpusDir)) throw new JiansuoError('corpus_error', `corpus folder ${corpusDir} does not exist`);
  const started = performance.now();
  // The fingerprint only stats files: let it run while the files are read.
  const fingerprinting = fingerprintCorpus(corpusDir);
  const { report, data, timings } = await readAndAnalyzeCorpus(corpusDir, onProgress, utcOffsetMinutes);
  const fingerprint = await fingerprinting;
  const analyzed = performance.now();
  onProgress?.({ stage: 'write', done: 0, total: 1 });
  const manifest = await writeIndex(indexDir, data, {
    corpusPath: path.resolve(corpusDir),
    fingerprint,
    filesSeen: report.filesSeen,
    rejected: report.rejected.length,
    utcOffsetMinutes,
    buildMs: analyzed - started,
  });
  onProgress?.({ stage: 'write', done: 1, total: 1 });
  const finished = performance.now();
  return { manifest, report, timings: { ...timings, writeMs: finished - analyzed, totalMs: finished - started } };
}

/** Why the index in `indexDir` must be (re)built from `corpusDir`, or `null` when it can be served. */
async function rebuildReason(corpusDir: string, indexDir: string, utcOffsetMinutes: number): Promise<string | null> {
  let manifest: Manifest;
  try {
    manifest = (await readManifest(indexDir)).manifest;
  } catch (error) {
    return (error as Error).message;
  }
  const problem = incompatibility(manifest);
  if (problem) return `built with ${problem}`;
  if ((manifest.corpus.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES) !== utcOffsetMinutes) {
    return `the corpus time zone changed (${manifest.corpus.utcOffsetMinutes} → ${utcOffsetMinutes} minutes)`;
  }
  if (existsSync(corpusDir) && manifest.corpus.fingerprint !== (await fingerprintCorpus(corpusDir))) {
    return `${corpusDir} changed since the index was built`;
  }
  return null;
}

/** Where the corpus and the index are, and how to read the corpus. */
export interface EnsureIndexOptions {
  corpusDir: string;
  indexDir: string;
  onProgress?: (progress: BuildProgress) => void;
  /** The corpus time zone, for dates written without one (default +08:00). */
  utcOffsetMinutes?: number;
}

/**
 * Makes sure `indexDir` holds a loadable index of `corpusDir`: (re)builds it when it is
 * missing, stale, from another analyzer, or damaged (checksums are verified, which reads the
 * files but parses nothing). With no corpus folder an existing index is left as it is.
 */
export async function ensureIndexBuilt(options: EnsureIndexOptions): Promise<{ built: boolean; report?: LoadReport }> {
  return ensure(options, () => verifyIndex(options.indexDir));
}

/**
 * The index `npm start` serves: loaded from `indexDir`, after (re)building it from
 * `corpusDir` when needed (see {@link ensureIndexBuilt}); the files are read and checked once.
 */
export async function ensureIndex(options: EnsureIndexOptions): Promise<{ index: SearchIndex; manifest: Manifest; built: boolean; report?: LoadReport }> {
  let loaded: { index: SearchIndex; manifest: Manifest } | undefined;
  const { built, report } = await ensure(options, async () => {
    loaded = await readIndex(options.indexDir);
  });
  loaded ??= await readIndex(options.indexDir);
  return { ...loaded, built, report };
}

/**
 * Rebuilds the index when it is missing, stale or from another analyzer, else runs `check`
 * (which reads the files in full): a damaged data file only shows then, and its error tells
 * the user that `npm start` rebuilds it, so with the corpus at hand do exactly that.
 */
async function ensure(options: EnsureIndexOptions, check: () => Promise<unknown>): Promise<{ built: boolean; report?: LoadReport }> {
  if (!existsSync(options.corpusDir)) return { built: false };
  const utcOffsetMinutes = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  let reason = await rebuildReason(options.corpusDir, options.indexDir, utcOffsetMinutes);
  if (reason === null) {
    reason = await check().then(
      () => null,
      (error: unknown) => {
        if (error instanceof JiansuoError && error.code === 'index_damaged') return error.message;
        throw error;
      },
    );
  }
  if (reason === null) return { built: false };
  const { report } = await buildIndexFromCorpus(options.corpusDir, options.indexDir, options.onProgress, utcOffsetMinutes);
  return { built: true, report };
}
