import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_UTC_OFFSET_MINUTES, snapshotCorpus, type CorpusSnapshot, type FileStat, type Rejection } from '../corpus';
import { JiansuoError } from '../errors';
import { readCorpusInSegments, type BuildTimings, type CorpusBuildProgress } from './build';
import { foldWrites } from './fold-writes';
import { segmentNumbering } from './index-data';
import { FORMAT_VERSION, MIXED_DICTIONARIES, segmentDictionary, type Manifest } from './manifest';
import { defaultMergePolicyOptions, selectMerge, type MergePolicyOptions } from './merge-policy';
import { type BuildMeta, commitGeneration, readManifest } from './index-folder';
import { readIndex, readSegmentContents, readSegmentSources } from './read-index';
import { type SourceFile, writeSegment, writeSegmentFiles, type WrittenSegment, writtenSegments } from './segment-files';
import { incompatibility, verifyIndex } from './verify-index';
import type { SearchIndex } from './search-index';
import { mergeSegmentFiles, type SegmentFiles } from './segment-format';

export type BuildProgress = CorpusBuildProgress | { stage: 'write'; done: number; total: number };

/** Documents per segment a build writes: about 1 GB of build memory on two threads. */
export const DEFAULT_SEGMENT_DOCS = 10_000;

/** How {@link buildIndexFromCorpus} builds. */
export interface BuildOptions {
  /** Rebuild every segment instead of applying only what changed in the corpus. */
  full: boolean;
  /** Most documents per segment written by the build. */
  segmentDocs: number;
  mergePolicy: MergePolicyOptions;
  /** The corpus as already walked and stat'ed by the caller, so the build does not walk it again. */
  snapshot?: CorpusSnapshot;
}

export const defaultBuildOptions: BuildOptions = { full: false, segmentDocs: DEFAULT_SEGMENT_DOCS, mergePolicy: defaultMergePolicyOptions };

/** What a build did with the corpus files. */
export interface BuildReport {
  filesSeen: number;
  /** Documents read and analysed by this build. */
  indexed: number;
  /** Documents kept from the previous generation, their files unchanged. */
  kept: number;
  /** Documents of the previous generation whose file changed or disappeared. */
  removed: number;
  rejected: Rejection[];
}

export interface BuildResult {
  manifest: Manifest;
  report: BuildReport;
  /** Whether the previous generation's unchanged segments were kept. */
  incremental: boolean;
  /** Merges done after the build. */
  merges: number;
  timings: BuildTimings & { writeMs: number; totalMs: number };
}

const LOCK = 'LOCK';
/** How long a lock file may stay empty while its builder writes its pid. */
const LOCK_WRITE_GRACE_MS = 10_000;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The index folders this process holds the lock of: another taker in this process waits its turn. */
const heldHere = new Map<string, Promise<void>>();

/**
 * Takes `dir/LOCK` for one build or commit: two builds of one folder would delete each other's
 * new segments. A lock left by a process that no longer runs is taken over; a lock this
 * process holds is waited for.
 */
export async function lockIndex(dir: string): Promise<() => Promise<void>> {
  const key = path.resolve(dir);
  for (let held = heldHere.get(key); held; held = heldHere.get(key)) await held;
  let release = (): void => undefined;
  heldHere.set(key, new Promise((resolve) => (release = resolve)));
  const done = (): void => {
    heldHere.delete(key);
    release();
  };
  const unlock = await lockFile(dir).catch((error: unknown) => {
    done();
    throw error;
  });
  return () => unlock().finally(done);
}

async function lockFile(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK);
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt > 0) throw new JiansuoError('index_locked', `${dir} is being built by another process; wait for it to finish`);
      const content = (await readFile(file, 'utf8').catch(() => '')).trim();
      const holder = Number(content);
      const running = Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder);
      // An empty lock is one another build has just created and not yet written its pid into.
      const justCreated = content === '' && Date.now() - (await stat(file).then((s) => s.mtimeMs, () => 0)) < LOCK_WRITE_GRACE_MS;
      if (running || justCreated) {
        throw new JiansuoError('index_locked', `${dir} is being built by ${running ? `process ${holder}` : 'another process'}; wait for it to finish`);
      }
      await rm(file, { force: true });
    }
  }
}

/** The generation `indexDir` serves, when it is of this format (its documents can be read). */
async function currentGenerationOf(indexDir: string): Promise<Manifest | null> {
  const manifest = await readManifest(indexDir).then(
    (read) => read.manifest,
    () => null,
  );
  return manifest?.formatVersion === FORMAT_VERSION ? manifest : null;
}

/** Whether a build may keep the segments of `current`: same analyzer, corpus and time zone. */
function reusable(current: Manifest, corpusPath: string, utcOffsetMinutes: number): boolean {
  return current.corpus.path === corpusPath && current.corpus.utcOffsetMinutes === utcOffsetMinutes && incompatibility(current) === null;
}

/**
 * Marks the documents of `segments` whose corpus file changed or disappeared as deleted, and
 * returns the files that are unchanged (not to be read again) — among them the unchanged files
 * whose id was written through the API, whose documents stay tombstoned.
 */
async function diffAgainstCorpus(
  previous: Manifest,
  segments: WrittenSegment[],
  sourcesOf: (segment: WrittenSegment) => Promise<SourceFile[]>,
  corpusDir: string,
  stats: ReadonlyMap<string, FileStat>,
): Promise<{ skip: Map<string, { id: string; path: string }>; removed: number }> {
  const skip = new Map<string, { id: string; path: string }>();
  const written = new Set(previous.writtenIds ?? []);
  let removed = 0;
  for (const segment of segments) {
    const sources = await sourcesOf(segment);
    const deleted = new Set(segment.info.deletedDocs);
    sources.forEach((source, doc) => {
      if (source.path === null) return;
      const now = stats.get(source.path);
      const unchanged = now !== undefined && now.size === source.size && now.mtimeMs === source.mtimeMs;
      if (deleted.has(doc)) {
        if (unchanged && written.has(source.id)) skip.set(source.path, { id: source.id, path: path.join(corpusDir, source.path) });
      } else if (unchanged) {
        skip.set(source.path, { id: source.id, path: path.join(corpusDir, source.path) });
      } else {
        deleted.add(doc);
        removed++;
      }
    });
    segment.info = { ...segment.info, deletedDocs: [...deleted].sort((a, b) => a - b) };
  }
  return { skip, removed };
}

/**
 * Rewrites the segments at `positions` as one, without their deleted documents: their files
 * are copied and their postings renumbered and joined (no document is parsed or analysed again). The merged segment takes
 * the place of the first; a merge of nothing but deleted documents just drops them.
 */
async function mergeSegments(indexDir: string, manifest: Manifest, positions: number[]): Promise<WrittenSegment[]> {
  const segments = writtenSegments(manifest);
  const chosen = positions.map((position) => segments[position].info);
  const read: Array<{ files: SegmentFiles; sources: SourceFile[] }> = [];
  for (const info of chosen) read.push(await readSegmentContents(indexDir, manifest, info));
  const numberings = segmentNumbering(chosen);
  const sources = read.flatMap(({ sources: list }, s) => list.filter((_, doc) => numberings[s][doc] >= 0));
  // A merge of segments cut with different dictionaries holds the words of each: it is cut again.
  const versions = new Set(chosen.map((info) => segmentDictionary(manifest, info)));
  const dictionaryVersion = versions.size === 1 ? [...versions][0] : MIXED_DICTIONARIES;
  const merged =
    sources.length === 0
      ? []
      : [
          await writeSegmentFiles(
            indexDir,
            mergeSegmentFiles(
              read.map(({ files }) => files),
              numberings,
            ),
            sources,
          ),
        ].map((segment) => ({ ...segment, info: { ...segment.info, dictionaryVersion } }));
  return segments.flatMap((segment, i) => (i === positions[0] ? merged : positions.includes(i) ? [] : [segment]));
}

/**
 * Reads a corpus and writes its index to `indexDir` as a new generation (atomically, see
 * `commitGeneration`), one segment of at most `segmentDocs` documents at a time, so memory
 * does not grow with the corpus. When `indexDir` already holds an index of the same corpus,
 * only the difference is applied: files added or changed since are read into new segments,
 * documents of changed or removed files become tombstones, unchanged files are not read. The
 * writes of `writes.log` not yet in a segment are folded in (see `foldWrites`). Then the merge
 * policy runs, each merge committed as its own generation.
 *
 * @example const { manifest, report } = await buildIndexFromCorpus('corpus', 'index')
 */
export async function buildIndexFromCorpus(
  corpusDir: string,
  indexDir: string,
  onProgress?: (progress: BuildProgress) => void,
  utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES,
  overrides: Partial<BuildOptions> = {},
): Promise<BuildResult> {
  const options: BuildOptions = { ...defaultBuildOptions, ...overrides };
  if (!existsSync(corpusDir)) throw new JiansuoError('corpus_error', `corpus folder ${corpusDir} does not exist`);
  const started = performance.now();
  await mkdir(indexDir, { recursive: true });
  const unlock = await lockIndex(indexDir);
  try {
    // One walk of the corpus serves the fingerprint, the comparison with the previous generation and the read.
    const { listing, stats, fingerprint } = options.snapshot ?? (await snapshotCorpus(corpusDir));
    const corpusPath = path.resolve(corpusDir);
    const current = await currentGenerationOf(indexDir);
    const previous = !options.full && current && reusable(current, corpusPath, utcOffsetMinutes) ? current : null;
    const segments = previous ? writtenSegments(previous) : [];
    const sources = new Map<string, Promise<SourceFile[]>>();
    const sourcesOf = (segment: WrittenSegment): Promise<SourceFile[]> => {
      let read = sources.get(segment.info.name);
      if (!read) sources.set(segment.info.name, (read = readSegmentSources(indexDir, segment)));
      return read;
    };
    const { skip, removed } = previous ? await diffAgainstCorpus(previous, segments, sourcesOf, corpusDir, stats) : { skip: new Map(), removed: 0 };
    let writeMs = 0;
    const { report, timings } = await readCorpusInSegments(corpusDir, {
      segmentDocs: options.segmentDocs,
      utcOffsetMinutes,
      skip,
      listing,
      ...(onProgress ? { onProgress } : {}),
      onSegment: async ({ data, paths }) => {
        onProgress?.({ stage: 'write', done: 0, total: 1 });
        const writing = performance.now();
        const sources = paths.map((file, doc): SourceFile => {
          const relPath = path.relative(corpusDir, file).split(path.sep).join('/');
          const { size, mtimeMs } = stats.get(relPath) ?? { size: -1, mtimeMs: -1 };
          return { path: relPath, id: data.docs[doc].id, size, mtimeMs };
        });
        segments.push(await writeSegment(indexDir, data, sources));
        writeMs += performance.now() - writing;
      },
    });
    const { writes, folded } = await foldWrites(indexDir, current, previous !== null, segments, sourcesOf);
    const meta: BuildMeta = {
      corpusPath,
      fingerprint,
      filesSeen: report.filesSeen + skip.size,
      rejected: report.rejected.length,
      utcOffsetMinutes,
      buildMs: performance.now() - started,
      ...(writes ? { writes } : {}),
    };
    const buildReport: BuildReport = { filesSeen: meta.filesSeen, indexed: report.indexed, kept: skip.size, removed, rejected: report.rejected };
    const unchanged = previous !== null && report.indexed === 0 && removed === 0 && folded === 0 && previous.corpus.fingerprint === fingerprint;
    onProgress?.({ stage: 'write', done: 0, total: 1 });
    const writing = performance.now();
    let manifest = unchanged ? previous : await commitGeneration(indexDir, segments, meta);
    let merges = 0;
    for (let positions = selectMerge(manifest.segments, options.mergePolicy); positions; positions = selectMerge(manifest.segments, options.mergePolicy)) {
      manifest = await commitGeneration(indexDir, await mergeSegments(indexDir, manifest, positions), { ...meta, buildMs: performance.now() - started });
      merges++;
    }
    writeMs += performance.now() - writing;
    onProgress?.({ stage: 'write', done: 1, total: 1 });
    return { manifest, report: buildReport, incremental: previous !== null, merges, timings: { ...timings, writeMs, totalMs: performance.now() - started } };
  } finally {
    await unlock();
  }
}

/** Where the corpus and the index are, and how to read the corpus. */
export interface EnsureIndexOptions {
  corpusDir: string;
  /**
   * Whether the user named `corpusDir` (`--corpus`, `JIANSUO_CORPUS`). An index is only ever
   * (re)built from the corpus the user named, or else from the one it was built from; the
   * default corpus folder is used only to build an index that does not exist yet. Default `true`.
   */
  corpusNamed?: boolean;
  indexDir: string;
  onProgress?: (progress: BuildProgress) => void;
  /** The corpus time zone, for dates written without one (default +08:00). */
  utcOffsetMinutes?: number;
}

/** The corpus that may (re)build the index, and why it must, or `reason: null` when the index can be served as it is. */
async function rebuildPlan(options: EnsureIndexOptions, utcOffsetMinutes: number): Promise<{ corpusDir: string | null; reason: string | null; snapshot?: CorpusSnapshot }> {
  const named = options.corpusNamed ?? true;
  let manifest: Manifest;
  try {
    manifest = (await readManifest(options.indexDir)).manifest;
  } catch (error) {
    // A missing index may be built from the default corpus; an unreadable one only from a named one.
    const missing = error instanceof JiansuoError && error.code === 'index_missing';
    return { corpusDir: named || missing ? options.corpusDir : null, reason: (error as Error).message };
  }
  const corpusDir = named ? options.corpusDir : manifest.corpus.path;
  const problem = incompatibility(manifest);
  if (problem) return { corpusDir, reason: `built with ${problem}` };
  if ((manifest.corpus.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES) !== utcOffsetMinutes) {
    return { corpusDir, reason: `the corpus time zone changed (${manifest.corpus.utcOffsetMinutes} → ${utcOffsetMinutes} minutes)` };
  }
  if (path.resolve(corpusDir) !== manifest.corpus.path) return { corpusDir, reason: `it was built from ${manifest.corpus.path}, not ${corpusDir}` };
  if (existsSync(corpusDir)) {
    const snapshot = await snapshotCorpus(corpusDir);
    if (manifest.corpus.fingerprint !== snapshot.fingerprint) return { corpusDir, reason: `${corpusDir} changed since the index was built`, snapshot };
  }
  return { corpusDir, reason: null };
}

/**
 * Makes sure `indexDir` holds a loadable index: (re)builds it when it is missing, stale, from
 * another analyzer, or damaged (checksums are verified, which reads the files but parses
 * nothing) — from the corpus the user named, or else from the corpus the index records; a
 * corpus folder that is not there leaves an existing index as it is.
 */
export async function ensureIndexBuilt(options: EnsureIndexOptions): Promise<{ built: boolean; report?: BuildReport; corpusDir: string | null }> {
  return ensure(options, () => verifyIndex(options.indexDir));
}

/**
 * The index `npm start` serves: loaded from `indexDir`, after (re)building it when needed
 * (see {@link ensureIndexBuilt}); the files are read and checked once.
 */
export async function ensureIndex(options: EnsureIndexOptions): Promise<{ index: SearchIndex; manifest: Manifest; generation: string; built: boolean; report?: BuildReport }> {
  let loaded: { index: SearchIndex; manifest: Manifest; generation: string } | undefined;
  const { built, report } = await ensure(options, async () => {
    loaded = await readIndex(options.indexDir);
  });
  loaded ??= await readIndex(options.indexDir);
  return { ...loaded, built, ...(report ? { report } : {}) };
}

/**
 * Whether the index in `indexDir` can be served before the corpus is looked at: readable, of
 * this format and analyzer, built from the corpus named (or, when none is named, its own) in
 * the same time zone. Whether the corpus changed since is found out while it is served.
 */
async function servableAsIs(options: EnsureIndexOptions, utcOffsetMinutes: number): Promise<boolean> {
  const manifest = await readManifest(options.indexDir).then(
    (read) => read.manifest,
    () => null,
  );
  if (manifest === null || incompatibility(manifest) !== null) return false;
  if ((manifest.corpus.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES) !== utcOffsetMinutes) return false;
  return !(options.corpusNamed ?? true) || path.resolve(options.corpusDir) === manifest.corpus.path;
}

/**
 * Applies what changed in the corpus since the index in `indexDir` was built (see
 * {@link ensureIndexBuilt}), for an index just loaded and checked by {@link openIndex}: its
 * files are not read again.
 */
export async function catchUpWithCorpus(options: EnsureIndexOptions): Promise<{ built: boolean; report?: BuildReport; corpusDir: string | null }> {
  return ensure(options, async () => undefined);
}

/**
 * The index `npm start` serves, as soon as it can be served: the index in `indexDir` as it is
 * when it is of this format, analyzer and corpus (`catchUp` true: the corpus may have changed
 * since, and {@link catchUpWithCorpus}, run while it is served, applies the difference — walking
 * a million files takes seconds), else (re)built first, as {@link ensureIndex} does.
 *
 * @example const { index, catchUp } = await openIndex({ corpusDir: 'corpus', indexDir: 'index' })
 */
export async function openIndex(
  options: EnsureIndexOptions,
): Promise<{ index: SearchIndex; manifest: Manifest; generation: string; built: boolean; report?: BuildReport; catchUp: boolean }> {
  if (await servableAsIs(options, options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES)) {
    const loaded = await readIndex(options.indexDir).catch((error: unknown) => {
      // A damaged index is rebuilt below, from scratch.
      if (error instanceof JiansuoError && error.code === 'index_damaged') return null;
      throw error;
    });
    if (loaded) return { ...loaded, built: false, catchUp: true };
  }
  return { ...(await ensureIndex(options)), catchUp: false };
}

/**
 * Rebuilds the index when it is missing, stale, from another analyzer or another corpus, or
 * changed, else runs `check` (which reads the files in full): a damaged data file only shows
 * then, and its error tells the user that `npm start` rebuilds it, so with a corpus at hand do
 * exactly that, from scratch.
 */
async function ensure(options: EnsureIndexOptions, check: () => Promise<unknown>): Promise<{ built: boolean; report?: BuildReport; corpusDir: string | null }> {
  const utcOffsetMinutes = options.utcOffsetMinutes ?? DEFAULT_UTC_OFFSET_MINUTES;
  const plan = await rebuildPlan(options, utcOffsetMinutes);
  const { corpusDir } = plan;
  if (corpusDir === null || !existsSync(corpusDir)) return { built: false, corpusDir };
  let full = false;
  let reason = plan.reason;
  if (reason === null) {
    reason = await check().then(
      () => null,
      (error: unknown) => {
        if (error instanceof JiansuoError && error.code === 'index_damaged') return error.message;
        throw error;
      },
    );
    full = reason !== null;
  }
  if (reason === null) return { built: false, corpusDir };
  const { report } = await buildIndexFromCorpus(corpusDir, options.indexDir, options.onProgress, utcOffsetMinutes, { full, ...(plan.snapshot ? { snapshot: plan.snapshot } : {}) });
  return { built: true, report, corpusDir };
}
