import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { dictionaryVersion } from '../analysis';
import { fileChecksum } from './checksum';
import { writeDurably } from './durable-file';
import type { IndexData } from './index-data';
import { segmentDictionary, type Manifest, type SegmentInfo } from './manifest';
import { encodeSegment, type SegmentFiles } from './segment-format';

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

/** Make segment names unique within a process, even within one millisecond. */
let segmentCounter = 0;

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
    files[`${name}/${file}`] = { bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength, crc32: fileChecksum(content) };
  }
  return { info: { name, documents: sources.length, deletedDocs: [], dictionaryVersion: dictionaryVersion() }, files };
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
