import type { Article } from '../corpus/article';
import { buildIndexData } from './build';
import type { Manifest } from './manifest';
import { readSegmentSources, writeSegment, type BuildMeta, type WrittenSegment } from './persist';
import { readWriteLog, unfoldedEntries } from './write-log';

/**
 * Folds the writes of `indexDir/writes.log` that the previous generation does not hold into
 * the segments of the next one: the latest put of each written id goes into one new segment,
 * and every other live document of a written id is tombstoned — a document written through
 * the API (replaced by a newer write), or a corpus document (a write is newer than any file,
 * so a corpus file never holds an id that was written). The log itself is not touched: replay
 * skips the part a generation holds, so nothing acknowledged can be lost on the way.
 * Returns what the manifest records, and how many writes were folded now.
 */
export async function foldWrites(indexDir: string, previous: Manifest | null, segments: WrittenSegment[]): Promise<{ writes: BuildMeta['writes']; folded: number }> {
  const log = await readWriteLog(indexDir);
  const entries = unfoldedEntries(log, previous?.writeLog);
  const latest = new Map<string, Article | null>();
  for (const entry of entries) {
    if (entry.op === 'put') latest.set(entry.article.id, entry.article);
    else latest.set(entry.id, null);
  }
  const ids = new Set([...(previous?.writtenIds ?? []), ...latest.keys()]);
  if (ids.size === 0) return { writes: undefined, folded: 0 };
  for (const segment of segments) {
    const sources = await readSegmentSources(indexDir, segment);
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
  return { writes: { log: { bytes: log.bytes, sha256: log.prefixSha256(log.bytes) }, ids: [...ids].sort() }, folded: entries.length };
}
