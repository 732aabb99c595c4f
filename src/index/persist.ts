import { createHash, webcrypto } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { JiansuoError } from '../errors';
import type { IndexData } from './index-data';
import type { FoldedWrites } from './write-log';
import { dictionaryVersion } from '../analysis';
import { currentAnalyzer, dictionaryIncompatibility, FORMAT_VERSION, segmentDictionary, useManifestDictionary, type Manifest, type SegmentInfo } from './manifest';
import { SearchIndex } from './search-index';
import { decodeLayout, decodeSegmentFiles, encodeSegment, type SegmentFiles } from './segment-format';
import { SegmentPart, storedInMemory, storedOnDisk } from './segment-part';

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

/** Writes a file and fsyncs it before resolving. */
export async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Where one corpus file of a stored document came from: what an incremental build compares. */
export interface SourceFile {
  /** Path inside the corpus folder (`/` separators); `null` for a document written through the API. */
  path: string | null;
  /** The document's id. */
  id: string;
  size: number;
  mtimeMs: number;
}

/** The data files of one segment, each as it is written (names relative to the segment folder). */
function serialize(files: SegmentFiles, sources: readonly SourceFile[]): Record<string, string | Uint8Array> {
  return { 'segment.bin': files.segment, 'texts.bin': files.texts, 'docs.bin': files.docs, 'sources.json': JSON.stringify(sources) };
}

const SEGMENT_FILES = ['segment.bin', 'texts.bin', 'docs.bin', 'sources.json'];

/** Segments a load reads and checks at once. */
const LOAD_AHEAD = 4;

/** The files a served index reads whole at load; `docs.bin` is read an article at a time, `sources.json` only by builds. */
const SERVED_FILES = ['segment.bin', 'texts.bin'];

/** Make segment and generation names unique within a process, even within one millisecond. */
let segmentCounter = 0;
let generationCounter = 0;

/** A segment written to disk and not yet part of any generation. */
export interface WrittenSegment {
  info: SegmentInfo;
  files: Manifest['files'];
}

/**
 * Writes one immutable segment (fsync'd) into `dir/seg-…/`. It is not served until a
 * generation that lists it is committed with {@link commitGeneration}.
 *
 * @example const segment = await writeSegment('index', buildIndexData(articles).data, sources)
 */
export async function writeSegment(dir: string, data: IndexData, sources: readonly SourceFile[]): Promise<WrittenSegment> {
  return writeSegmentFiles(dir, encodeSegment(data), sources);
}

/** Writes one immutable segment already encoded (a merge's output), as {@link writeSegment} does. */
export async function writeSegmentFiles(dir: string, segmentFiles: SegmentFiles, sources: readonly SourceFile[]): Promise<WrittenSegment> {
  const name = `seg-${Date.now()}-${process.pid}-${segmentCounter++}`;
  await mkdir(path.join(dir, name), { recursive: true });
  const files: Manifest['files'] = {};
  for (const [file, content] of Object.entries(serialize(segmentFiles, sources))) {
    await writeDurably(path.join(dir, name, file), content);
    files[`${name}/${file}`] = { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength, sha256: sha256(content) };
  }
  return { info: { name, documents: sources.length, deletedDocs: [], dictionaryVersion: dictionaryVersion() }, files };
}

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

/** The segments of a committed generation as {@link commitGeneration} takes them back. */
export function writtenSegments(manifest: Manifest): WrittenSegment[] {
  return manifest.segments.map((info) => ({
    info: { ...info, dictionaryVersion: segmentDictionary(manifest, info) },
    files: Object.fromEntries(segmentFiles(info).map((name) => [name, manifest.files[name]])),
  }));
}

/** The names of the data files of one segment, as a manifest lists them (`seg-…/segment.bin`). */
export function segmentFiles(segment: SegmentInfo): string[] {
  return SEGMENT_FILES.map((file) => `${segment.name}/${file}`);
}

/** The name of the generation `dir` serves now (what `CURRENT` holds). */
export async function currentGeneration(dir: string): Promise<string> {
  return (await readFile(path.join(dir, CURRENT), 'utf8')).trim();
}

function rebuildHint(dir: string): string {
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

/** Why an index cannot be served by this build of jiansuo, or `null` when it can. */
export function incompatibility(manifest: Manifest): string | null {
  if (manifest.formatVersion !== FORMAT_VERSION) {
    return `format version ${manifest.formatVersion}, this jiansuo reads ${FORMAT_VERSION}`;
  }
  const analyzer = currentAnalyzer();
  if (manifest.analyzer?.description !== analyzer.description) return `analyzer "${manifest.analyzer?.description}", expected "${analyzer.description}"`;
  return dictionaryIncompatibility(manifest);
}

/** How the files of a generation are named in errors: where they live, and the command that rebuilds them. */
export interface GenerationSource {
  /** The generation as a whole (`index`, `redis://host:6379/0`). */
  name: string;
  /** One data file of it (a path, a store key). */
  file: (name: string) => string;
  /** What to run to rebuild it. */
  hint: string;
}

/**
 * Checks the data files of a generation against its manifest — versions, then each file's
 * size and SHA-256 — wherever they were read from (a folder, a store): a stale or damaged
 * generation is refused with the file and the command that fixes it.
 */
export async function verifyFiles(manifest: Manifest, contents: Record<string, Buffer>, source: GenerationSource): Promise<void> {
  checkVersions(manifest, source);
  await checkFiles(manifest.files, Object.keys(manifest.files), contents, source);
}

/** SHA-256 in hex, computed off the main thread (Web Crypto runs in the thread pool), so several files hash at once. */
async function sha256OffThread(data: Uint8Array): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', data)).toString('hex');
}

/** Checks the size and SHA-256 of the files `names` against what a manifest lists for them, hashing them in parallel. */
export async function checkFiles(expectedFiles: Manifest['files'], names: string[], contents: Record<string, Buffer | undefined>, source: GenerationSource): Promise<void> {
  const damaged = await Promise.all(
    names.map(async (name) => {
      const expected = expectedFiles[name];
      const content = contents[name];
      return content === undefined || content.byteLength !== expected.bytes || (await sha256OffThread(content)) !== expected.sha256;
    }),
  );
  const first = damaged.indexOf(true);
  if (first >= 0) {
    throw new JiansuoError('index_damaged', `${source.file(names[first])} does not match its checksum in the manifest (truncated or corrupted); ${source.hint}`);
  }
}

function checkVersions(manifest: Manifest, source: GenerationSource): void {
  const problem = incompatibility(manifest);
  if (problem === null) useManifestDictionary(manifest);
  if (problem) throw new JiansuoError('index_stale', `${source.name} was built with ${problem}; ${source.hint}`);
}

function folderSource(dir: string): GenerationSource {
  return { name: dir, file: (name) => path.join(dir, name), hint: rebuildHint(dir) };
}

async function readFiles(dir: string, names: string[]): Promise<Record<string, Buffer>> {
  const contents: Record<string, Buffer> = {};
  for (const name of names) {
    const file = path.join(dir, name);
    contents[name] = await readFile(file).catch((error: Error) => {
      throw new JiansuoError('index_damaged', `${file} cannot be read (${error.message}); ${rebuildHint(dir)}`);
    });
  }
  return contents;
}

/** The files of one segment a served index reads whole. */
function servedFiles(segment: SegmentInfo): string[] {
  return SERVED_FILES.map((file) => `${segment.name}/${file}`);
}

/** Throws `index_damaged` unless each of `names` exists in `dir` with the size the manifest lists. */
async function checkSizesOnDisk(dir: string, expectedFiles: Manifest['files'], names: string[]): Promise<void> {
  for (const name of names) {
    const file = path.join(dir, name);
    const { size } = await stat(file).catch((error: Error) => {
      throw new JiansuoError('index_damaged', `${file} cannot be read (${error.message}); ${rebuildHint(dir)}`);
    });
    if (size !== expectedFiles[name].bytes) {
      throw new JiansuoError('index_damaged', `${file} does not match its checksum in the manifest (truncated or corrupted); ${rebuildHint(dir)}`);
    }
  }
}

/**
 * Reads what a served index holds of one segment — `segment.bin` and `texts.bin`, checked
 * against their SHA-256 — and opens its `docs.bin`, checked for size: an article is read from
 * it when shown and checked against its own hash then. (`sources.json`, read by builds only,
 * is checked for size here and in full by the build that reads it.)
 */
export async function readSegmentPart(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<SegmentPart> {
  const names = servedFiles(segment);
  const contents = await readSegmentFiles(dir, manifest.files, names);
  const others = segmentFiles(segment).filter((name) => !names.includes(name));
  await checkSizesOnDisk(dir, manifest.files, others);
  const docsName = `${segment.name}/docs.bin`;
  try {
    return new SegmentPart(contents[names[0]], contents[names[1]], storedOnDisk(path.join(dir, docsName), manifest.files[docsName].bytes), rebuildHint(dir));
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(dir, segment.name)} holds data that cannot be decoded (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
}

/**
 * Checks that the index `dir` serves can be loaded (versions, sizes, the checksums of what a
 * served index reads whole) without loading it: what a process that serves nothing itself
 * (the cluster primary) needs.
 */
export async function verifyIndex(dir: string): Promise<Manifest> {
  const { manifest } = await readManifest(dir);
  checkVersions(manifest, folderSource(dir));
  for (const segment of manifest.segments) {
    const names = servedFiles(segment);
    await readSegmentFiles(dir, manifest.files, names);
    await checkSizesOnDisk(dir, manifest.files, segmentFiles(segment).filter((name) => !names.includes(name)));
  }
  return manifest;
}

/**
 * Loads the index `dir` serves, checking the manifest's versions and each file first (see
 * {@link readSegmentPart}): a stale or damaged index is refused with the file and the command
 * that fixes it, never served. Nothing is decoded per document: segments are served from
 * their files as they lie.
 *
 * @example const { index, manifest } = await readIndex('index')
 */
export async function readIndex(dir: string): Promise<{ index: SearchIndex; manifest: Manifest; generation: string }> {
  const { manifest, genDir } = await readManifest(dir);
  // Versions first: a stale index is refused before its files are read for nothing.
  checkVersions(manifest, folderSource(dir));
  const index = new SearchIndex();
  // Segments are read and checked a few at a time (hashing runs on every core), added in order.
  const reads: Array<Promise<SegmentPart>> = [];
  for (let s = 0; s < manifest.segments.length; s++) {
    if (s >= LOAD_AHEAD) await reads[s - LOAD_AHEAD];
    const read = readSegmentPart(dir, manifest, manifest.segments[s]);
    // Awaited below in order; a failure before then must not count as unhandled.
    read.catch(() => undefined);
    reads.push(read);
  }
  for (let s = 0; s < manifest.segments.length; s++) index.addSegment(await reads[s], manifest.segments[s].deletedDocs);
  for (const id of manifest.writtenIds ?? []) index.written.add(id);
  return { index, manifest, generation: path.basename(genDir) };
}

/** One segment's documents, postings and sources, decoded from its files. */
export interface SegmentData {
  data: IndexData;
  sources: SourceFile[];
}

/**
 * Decodes one segment's files, already checked with {@link checkFiles}, wherever they were
 * read from (a folder, a store). Throws a plain `Error` on data that cannot be decoded.
 */
function decodeSegment(name: string, contents: Record<string, Buffer>): SegmentData {
  const { files, sources } = segmentContents(name, contents);
  return { data: decodeSegmentFiles(files), sources };
}

function segmentContents(name: string, contents: Record<string, Buffer>): { files: SegmentFiles; sources: SourceFile[] } {
  const file = (suffix: string): Buffer => contents[`${name}/${suffix}`];
  const files = { segment: file('segment.bin'), texts: file('texts.bin'), docs: file('docs.bin') };
  const sources = JSON.parse(file('sources.json').toString('utf8')) as SourceFile[];
  if (sources.length !== decodeLayout(files.segment).documents) throw new Error(`segment ${name} has ${sources.length} sources for another number of documents`);
  return { files, sources };
}

/** Reads and checks one segment's files as they are, with its sources (for merges, which copy them). */
export async function readSegmentContents(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<{ files: SegmentFiles; sources: SourceFile[] }> {
  const contents = await readSegmentFiles(dir, manifest.files, segmentFiles(segment));
  try {
    return segmentContents(segment.name, contents);
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(dir, segment.name)} holds data that cannot be decoded (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
}

/** One segment of a generation whose files are all in memory (read from a store), as a served part. */
export function segmentPartFromFiles(name: string, contents: Record<string, Buffer>, source: GenerationSource): SegmentPart {
  const file = (suffix: string): Buffer => contents[`${name}/${suffix}`];
  return new SegmentPart(file('segment.bin'), file('texts.bin'), storedInMemory(file('docs.bin'), source.file(`${name}/docs.bin`)), source.hint);
}

/**
 * Reads and checks one segment of the generation `dir` serves (for merges and incremental
 * builds, which need its documents and sources, not a searchable index).
 */
export async function readSegment(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<SegmentData> {
  const contents = await readSegmentFiles(dir, manifest.files, segmentFiles(segment));
  try {
    return decodeSegment(segment.name, contents);
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(dir, segment.name)} holds data that cannot be decoded (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
}

/** Where each document of one segment came from (only that segment's `sources.json` is read). */
export async function readSegmentSources(dir: string, { info: segment, files }: WrittenSegment): Promise<SourceFile[]> {
  const name = `${segment.name}/sources.json`;
  const contents = await readSegmentFiles(dir, files, [name]);
  try {
    const sources = JSON.parse(contents[name].toString('utf8')) as SourceFile[];
    if (sources.length !== segment.documents) throw new Error(`${sources.length} sources for ${segment.documents} documents`);
    return sources;
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(dir, name)} cannot be decoded (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
}

async function readSegmentFiles(dir: string, expectedFiles: Manifest['files'], names: string[]): Promise<Record<string, Buffer>> {
  const contents = await readFiles(dir, names);
  await checkFiles(expectedFiles, names, contents, folderSource(dir));
  return contents;
}

/**
 * Decodes the data files of a generation, already checked with {@link verifyFiles}, into a
 * servable index: the one decode path whether the files came from a folder or a store.
 * Throws a plain `Error` on data that cannot be decoded.
 *
 * @example const index = indexFromFiles(manifest, contents, source)
 */
export function indexFromFiles(manifest: Manifest, contents: Record<string, Buffer>, source: GenerationSource): SearchIndex {
  const index = new SearchIndex();
  for (const segment of manifest.segments) index.addSegment(segmentPartFromFiles(segment.name, contents, source), segment.deletedDocs);
  for (const id of manifest.writtenIds ?? []) index.written.add(id);
  return index;
}

/** Total bytes of the generation `dir` serves (for stats and metrics). */
export async function indexBytes(dir: string): Promise<number> {
  const { manifest, genDir } = await readManifest(dir);
  let total = (await stat(path.join(genDir, MANIFEST))).size;
  for (const file of Object.values(manifest.files)) total += file.bytes;
  return total;
}
