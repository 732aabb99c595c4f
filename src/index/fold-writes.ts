import type { Article } from '../corpus/article';
import { buildIndexData } from './build';
import type { Manifest } from './manifest';
import { JiansuoError } from '../errors';
import { type BuildMeta } from './index-folder';
import { readSegment, readSegmentSources } from './read-index';
import { type SourceFile, writeSegment, type WrittenSegment, writtenSegments } from './segment-files';
import { readWriteLog, unfoldedEntries } from './write-log';

/**
 * The documents written through the API that the generation `current` serves, when its
 * segments are not kept (a full rebuild): they must survive it, since the log they came from
 * may be compacted already. `null` when they cannot be read (a damaged index): the build then
 * folds the whole log, and writes already dropped from it are lost with the damaged segments.
 */
async function writtenDocuments(indexDir: string, current: Manifest): Promise<Article[] | null> {
  try {
    const documents: Article[] = [];
    const written = new Set(current.writtenIds ?? []);
    for (const segment of writtenSegments(current)) {
      const deleted = new Set(segment.info.deletedDocs);
      const sources = await readSegmentSources(indexDir, segment);
      // A document with no corpus file is a write only if the manifest says its id was written.
      const isWrite = (source: SourceFile, doc: number): boolean => source.path === null && !deleted.has(doc) && written.has(source.id);
      if (!sources.some(isWrite)) continue;
      const { data } = await readSegment(indexDir, current, segment.info);
      sources.forEach((source, doc) => isWrite(source, doc) && documents.push(data.docs[doc]));
    }
    return documents;
  } catch (error) {
    if (error instanceof JiansuoError && error.code === 'index_damaged') return null;
    throw error;
  }
}

/**
 * Folds the writes of `indexDir/writes.log` that the generation `current` does not hold into
 * the segments of the next one: the latest put of each written id goes into one new segment,
 * and every other live document of a written id is tombstoned — a document written through
 * the API (replaced by a newer write), or a corpus document (a write is newer than any file,
 * so a corpus file never holds an id that was written). When the build does not keep
 * `current`'s segments (`kept` false), the documents written through the API that it holds are
 * carried over first. The log itself is not touched: replay skips the part a generation holds,
 * so nothing acknowledged can be lost on the way. `sourcesOf` gives each segment's sources
 * (read once per build). Returns what the manifest records, and how many writes were folded.
 */
export async function foldWrites(
  indexDir: string,
  current: Manifest | null,
  kept: boolean,
  segments: WrittenSegment[],
  sourcesOf: (segment: WrittenSegment) => Promise<SourceFile[]>,
): Promise<{ writes: BuildMeta['writes']; folded: number }> {
  const log = await readWriteLog(indexDir);
  const carried = current && !kept ? await writtenDocuments(indexDir, current) : [];
  const holder = carried === null ? null : current;
  const latest = new Map<string, Article | null>((carried ?? []).map((article) => [article.id, article]));
  const entries = unfoldedEntries(log, holder?.writeLog);
  for (const entry of entries) {
    if (entry.op === 'put') latest.set(entry.article.id, entry.article);
    else latest.set(entry.id, null);
  }
  const ids = new Set([...(current?.writtenIds ?? []), ...latest.keys()]);
  if (ids.size === 0) return { writes: undefined, folded: 0 };
  for (const segment of segments) {
    const sources = await sourcesOf(segment);
    const deleted = new Set(segment.info.deletedDocs);
    const before = deleted.size;
    sources.forEach((source, doc) => {
      if (source.path === null ? latest.has(source.id) : ids.has(source.id)) deleted.add(doc);
    });
    if (deleted.size > before) segment.info = { ...segment.info, deletedDocs: [...deleted].sort((a, b) => a - b) };
  }
  const puts = [...latest.values()].filter((article): article is Article => article !== null);
  if (puts.length > 0) {
    segments.push(await writeSegment(indexDir, buildIndexData(puts).data, puts.map((article) => ({ path: null, id: article.id, size: 0, mtimeMs: 0 }))));
  }
  return { writes: { log: { bytes: log.bytes, sha256: log.prefixSha256(log.bytes) }, ids: [...ids].sort() }, folded: entries.length + (carried?.length ?? 0) };
}
