import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { discoverFiles } from './discover';

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
  const { files, rejected } = await discoverFiles(dir);
  const stats = await Promise.all(
    // A file deleted since the walk is a change like any other, not an error.
    files.map((file) => stat(file.path).then((s) => `${s.size}\t${s.mtimeMs}`, () => 'missing')),
  );
  const hash = createHash('sha256');
  files.forEach((file, i) => hash.update(`${file.relPath}\t${stats[i]}\n`));
  for (const rejection of rejected) {
    hash.update(`!${path.relative(dir, rejection.path).split(path.sep).join('/')}\t${rejection.reason}\n`);
  }
  return hash.digest('hex');
}
