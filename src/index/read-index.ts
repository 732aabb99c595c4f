import * as path from 'node:path';
import { loadDictionary } from '../analysis';
import { JiansuoError } from '../errors';
import type { IndexData } from './index-data';
import { readManifest, rebuildHint } from './index-folder';
import type { Manifest, SegmentInfo } from './manifest';
import { SearchIndex } from './search-index';
import { decodeLayout, decodeSegmentFiles, type SegmentFiles } from './segment-format';
import { segmentFiles, type SourceFile, type WrittenSegment } from './segment-files';
import { SegmentPart, storedInMemory, storedOnDisk } from './segment-part';
import { checkServedSegment, checkVersions, folderSource, readSegmentFiles, type GenerationSource } from './verify-index';

/**
 * Reads what a served index holds of one segment — `segment.bin` and `texts.bin`, checked
 * against their checksums — and maps its `docs.bin`, checked for size: an article is read from
 * it when shown and checked against its own hash then. (`sources.json`, read by builds only,
 * is checked for size here and in full by the build that reads it.)
 */
export async function readSegmentPart(dir: string, manifest: Manifest, segment: SegmentInfo): Promise<SegmentPart> {
  const contents = await checkServedSegment(dir, manifest, segment, true);
  const docsName = `${segment.name}/docs.bin`;
  try {
    return new SegmentPart(contents[`${segment.name}/segment.bin`], contents[`${segment.name}/texts.bin`], storedOnDisk(path.join(dir, docsName)), rebuildHint(dir));
  } catch (error) {
    throw new JiansuoError('index_damaged', `${path.join(dir, segment.name)} holds data that cannot be decoded (${(error as Error).message}); ${rebuildHint(dir)}`);
  }
}

/**
 * Loads the index `dir` serves, checking the manifest's versions and each file first (see
 * {@link readSegmentPart}): a stale or damaged index is refused with the file and the command
 * that fixes it, never served. Nothing is decoded per document: segments are served from
 * their files as they lie. jieba is loaded meanwhile (a served index is searched with it).
 *
 * @example const { index, manifest } = await readIndex('index')
 */
export async function readIndex(dir: string): Promise<{ index: SearchIndex; manifest: Manifest; generation: string }> {
  const { manifest, genDir } = await readManifest(dir);
  // Versions first: a stale index is refused before its files are read for nothing.
  checkVersions(manifest, folderSource(dir));
  // Every file is handed to the reading threads at once; segments are added in order as they
  // arrive, decoded on this thread while the threads read the next ones.
  const reads = manifest.segments.map((segment) => {
    const read = readSegmentPart(dir, manifest, segment);
    // Awaited below in order; a failure before then must not count as unhandled.
    read.catch(() => undefined);
    return read;
  });
  const index = new SearchIndex();
  for (let s = 0; s < manifest.segments.length; s++) {
    index.addSegment(await reads[s], manifest.segments[s].deletedDocs);
    // A served index is cut with jieba, loaded with the dictionary the manifest put in force
    // (1–3 s, blocking this thread): once the first segment is in, the threads hold all their
    // tasks and read on meanwhile.
    if (s === 0) loadDictionary();
  }
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
