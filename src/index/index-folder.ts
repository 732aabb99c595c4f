import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { JiansuoError } from '../errors';
import { writeDurably } from './durable-file';
import type { IndexData } from './index-data';
import { currentAnalyzer, FORMAT_VERSION, type Manifest } from './manifest';
import { writeSegment, type WrittenSegment } from './segment-files';
import type { FoldedWrites } from './write-log';

/** Names the generation being served; replaced atomically (write, fsync, rename). */
const CURRENT = 'CURRENT';
const MANIFEST = 'manifest.json';

/** What a build knows about its corpus, recorded in the manifest. */
export interface BuildMeta {
  corpusPath: string;
  fingerprint: string;
  filesSeen: number;
  rejected: number;
  /** The corpus time zone the dates were read in. */
  utcOffsetMinutes: number;
  buildMs: number;
  /** The writes of `writes.log` the segments hold, and every id written through the API so far. */
  writes?: { log: FoldedWrites; ids: string[] };
}

/** Makes generation names unique within a process, even within one millisecond. */
let generationCounter = 0;

/**
 * Commits a generation — the list of segments served, with their tombstones — and switches
 * `dir/CURRENT` to it (write, fsync, rename), so a crash or kill at any point leaves the
 * previous generation whole and served. Only then are older generations, and segments neither
 * the new generation nor the one it replaced lists, removed: the replaced one is kept until the
 * next commit, for readers that were loading it.
 */
export async function commitGeneration(dir: string, segments: readonly WrittenSegment[], meta: BuildMeta): Promise<Manifest> {
  const generation = `gen-${Date.now()}-${process.pid}-${generationCounter++}`;
  const genDir = path.join(dir, generation);
  await mkdir(genDir);
  // The generation being replaced stays one commit longer: a service may be reading it right now.
  const replaced = await readManifest(dir).then(
    ({ manifest, genDir: previousDir }) => ({ name: path.basename(previousDir), segments: (manifest.segments ?? []).map((segment) => segment.name) }),
    () => ({ name: null, segments: [] }),
  );
  const files: Manifest['files'] = {};
  for (const segment of segments) Object.assign(files, segment.files);
  const manifest: Manifest = {
    formatVersion: FORMAT_VERSION,
    analyzer: currentAnalyzer(),
    corpus: { path: meta.corpusPath, fingerprint: meta.fingerprint, filesSeen: meta.filesSeen, rejected: meta.rejected, utcOffsetMinutes: meta.utcOffsetMinutes },
    documentCount: segments.reduce((sum, { info }) => sum + info.documents - info.deletedDocs.length, 0),
    builtAt: new Date().toISOString(),
    buildMs: Math.round(meta.buildMs),
    segments: segments.map(({ info }) => info),
    ...(meta.writes ? { writeLog: meta.writes.log, writtenIds: meta.writes.ids } : {}),
    files,
  };
  await writeDurably(path.join(genDir, MANIFEST), JSON.stringify(manifest, null, 2));
  const pointer = path.join(dir, `${CURRENT}.${process.pid}.tmp`);
  await writeDurably(pointer, generation);
  await rename(pointer, path.join(dir, CURRENT));
  const keptSegments = new Set([...segments.map(({ info }) => info.name), ...replaced.segments]);
  for (const entry of await readdir(dir)) {
    const unused =
      (entry.startsWith('gen-') && entry !== generation && entry !== replaced.name) || (entry.startsWith('seg-') && !keptSegments.has(entry)) || entry.endsWith('.tmp');
    if (unused) await rm(path.join(dir, entry), { recursive: true, force: true });
  }
  return manifest;
}

/**
 * Makes the folder `dir`, which holds a generation's segment files already (copied from a
 * store), serve it: its manifest in `dir/<generation>/`, and `CURRENT` naming it.
 */
export async function adoptGeneration(dir: string, generation: string, manifest: Manifest): Promise<void> {
  await mkdir(path.join(dir, generation), { recursive: true });
  await writeDurably(path.join(dir, generation, MANIFEST), JSON.stringify(manifest, null, 2));
  await writeDurably(path.join(dir, CURRENT), generation);
}

/**
 * Writes an index of one segment to `dir` as a new generation and switches `dir/CURRENT` to
 * it (see {@link commitGeneration}).
 *
 * @example await writeIndex('index', buildIndexData(report.articles).data, meta)
 */
export async function writeIndex(dir: string, data: IndexData, meta: BuildMeta): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const segment = await writeSegment(dir, data, data.docs.map((doc) => ({ path: null, id: doc.id, size: 0, mtimeMs: 0 })));
  return commitGeneration(dir, [segment], meta);
}

/** The name of the generation `dir` serves now (what `CURRENT` holds). */
export async function currentGeneration(dir: string): Promise<string> {
  return (await readFile(path.join(dir, CURRENT), 'utf8')).trim();
}

export function rebuildHint(dir: string): string {
  return `run \`npm run index -- --index ${dir}\` (or \`npm start\`, which rebuilds it)`;
}

/** The manifest of the generation `dir` serves, or an `index_missing` error. */
export async function readManifest(dir: string): Promise<{ manifest: Manifest; genDir: string }> {
  const pointer = path.join(dir, CURRENT);
  if (!existsSync(pointer)) throw new JiansuoError('index_missing', `no index in ${dir}; ${rebuildHint(dir)}`);
  const genDir = path.join(dir, await currentGeneration(dir));
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(genDir, MANIFEST), 'utf8')) as Manifest;
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(genDir, MANIFEST)} cannot be read (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
  return { manifest, genDir };
}

/** Total bytes of the generation `dir` serves (for stats and metrics). */
export async function indexBytes(dir: string): Promise<number> {
  const { manifest, genDir } = await readManifest(dir);
  let total = (await stat(path.join(genDir, MANIFEST))).size;
  for (const file of Object.values(manifest.files)) total += file.bytes;
  return total;
}
