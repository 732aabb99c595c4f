import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { JiansuoError } from '../errors';
import { readChecked } from './checked-read';
import { fileChecksumInTurns } from './checksum';
import { readManifest, rebuildHint } from './index-folder';
import { currentAnalyzer, dictionaryIncompatibility, FORMAT_VERSION, useManifestDictionary, type Manifest, type SegmentInfo } from './manifest';
import { segmentFiles } from './segment-files';

/** The files a served index reads whole at load; `docs.bin` is read an article at a time, `sources.json` only by builds. */
const SERVED_FILES = ['segment.bin', 'texts.bin'];

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
 * size and checksum — wherever they were read from (a folder, a store): a stale or damaged
 * generation is refused with the file and the command that fixes it.
 */
export async function verifyFiles(manifest: Manifest, contents: Record<string, Buffer>, source: GenerationSource): Promise<void> {
  checkVersions(manifest, source);
  await checkFiles(manifest.files, Object.keys(manifest.files), contents, source);
}

/**
 * Checks the size and checksum of the files `names` (in memory: read from a store) against
 * what a manifest lists for them, a slice at a time between turns of the event loop.
 */
export async function checkFiles(expectedFiles: Manifest['files'], names: string[], contents: Record<string, Buffer | undefined>, source: GenerationSource): Promise<void> {
  for (const name of names) {
    const expected = expectedFiles[name];
    const content = contents[name];
    if (content !== undefined && content.byteLength === expected.bytes && (await fileChecksumInTurns(content)) === expected.crc32) continue;
    throw new JiansuoError('index_damaged', `${source.file(name)} does not match its checksum in the manifest (truncated or corrupted); ${source.hint}`);
  }
}

export function checkVersions(manifest: Manifest, source: GenerationSource): void {
  const problem = incompatibility(manifest);
  if (problem === null) useManifestDictionary(manifest);
  if (problem) throw new JiansuoError('index_stale', `${source.name} was built with ${problem}; ${source.hint}`);
}

export function folderSource(dir: string): GenerationSource {
  return { name: dir, file: (name) => path.join(dir, name), hint: rebuildHint(dir) };
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
 * Reads the files `names` of the index `dir` whole and checks each against the size and
 * checksum a manifest lists for it; the reading and checksumming run on the reading threads, all
 * files at once. With `keep: false` only the checks are made and nothing is returned.
 */
export async function readSegmentFiles(dir: string, expectedFiles: Manifest['files'], names: string[], keep = true): Promise<Record<string, Buffer>> {
  const reads = await Promise.all(names.map((name) => readChecked({ file: path.join(dir, name), keep, expectedBytes: expectedFiles[name].bytes })));
  const contents: Record<string, Buffer> = {};
  names.forEach((name, i) => {
    const read = reads[i];
    const file = path.join(dir, name);
    if ('error' in read) throw new JiansuoError('index_damaged', `${file} cannot be read (${read.error}); ${rebuildHint(dir)}`);
    if (read.bytes !== expectedFiles[name].bytes || read.crc32 !== expectedFiles[name].crc32) {
      throw new JiansuoError('index_damaged', `${file} does not match its checksum in the manifest (truncated or corrupted); ${rebuildHint(dir)}`);
    }
    if (read.content) contents[name] = read.content;
  });
  return contents;
}

/**
 * Checks that the index `dir` serves can be loaded (versions, sizes, the checksums of what a
 * served index reads whole) without loading it: what a process that serves nothing itself
 * (the cluster primary) needs.
 */
export async function verifyIndex(dir: string): Promise<Manifest> {
  const { manifest } = await readManifest(dir);
  checkVersions(manifest, folderSource(dir));
  for (const segment of manifest.segments) await checkServedSegment(dir, manifest, segment, false);
  return manifest;
}

/**
 * Checks what a served index reads of one segment: the files it reads whole against their
 * checksum (returned when `keep`), the others for their size.
 */
export async function checkServedSegment(dir: string, manifest: Manifest, segment: SegmentInfo, keep: boolean): Promise<Record<string, Buffer>> {
  const names = servedFiles(segment);
  const contents = await readSegmentFiles(dir, manifest.files, names, keep);
  await checkSizesOnDisk(dir, manifest.files, segmentFiles(segment).filter((name) => !names.includes(name)));
  return contents;
}
