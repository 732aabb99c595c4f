import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { discoverFiles, type CorpusListing } from './discover';

/** Size and modification time of one article file. */
export interface FileStat {
  size: number;
  mtimeMs: number;
}

/** A walk of a corpus folder with every file's size and modification time, and its fingerprint. */
export interface CorpusSnapshot {
  listing: CorpusListing;
  /** By path inside the corpus; a file deleted since the walk is absent. */
  stats: Map<string, FileStat>;
  /** See {@link fingerprintCorpus}. */
  fingerprint: string;
}

/** Files stat'ed at the same time: enough to keep a disk busy, few enough to keep memory flat. */
const STAT_CONCURRENCY = 64;

/**
 * Walks a corpus folder once and stats every article file (a few at a time, so memory does
 * not grow with the archive beyond one entry per file), without reading any file.
 *
 * @example const { listing, stats, fingerprint } = await snapshotCorpus('corpus')
 */
export async function snapshotCorpus(dir: string): Promise<CorpusSnapshot> {
  const listing = await discoverFiles(dir);
  const stats = new Map<string, FileStat>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < listing.files.length) {
      const file = listing.files[next++];
      // A file deleted since the walk is a change like any other, not an error.
      const found = await stat(file.path).catch(() => null);
      if (found) stats.set(file.relPath, { size: found.size, mtimeMs: found.mtimeMs });
    }
  };
  await Promise.all(Array.from({ length: STAT_CONCURRENCY }, worker));
  const hash = createHash('sha256');
  for (const file of listing.files) {
    const found = stats.get(file.relPath);
    hash.update(`${file.relPath}\t${found ? `${found.size}\t${found.mtimeMs}` : 'missing'}\n`);
  }
  for (const rejection of listing.rejected) {
    hash.update(`!${path.relative(dir, rejection.path).split(path.sep).join('/')}\t${rejection.reason}\n`);
  }
  return { listing, stats, fingerprint: hash.digest('hex') };
}

/**
 * A cheap staleness check for a built index: SHA-256 (hex) over the sorted article files' paths
 * inside `dir`, sizes and modification times, plus the folder problems found, without reading any
 * file. It changes when a file is added, removed, renamed or written; it does not depend on where
 * the corpus folder is or how its path is spelled.
 *
 * @example
 * if (manifest.corpusFingerprint !== (await fingerprintCorpus('corpus'))) await rebuild();
 */
export async function fingerprintCorpus(dir: string): Promise<string> {
  return (await snapshotCorpus(dir)).fingerprint;
}
