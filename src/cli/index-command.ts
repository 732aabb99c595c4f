import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { utcOffsetMinutes, type Config } from '../config';
import { buildIndexFromCorpus, type BuildResult } from '../index/ensure-index';
import { connectStore, redactedUrl, storeKeys, uploadGeneration, type UploadReport } from '../store';
import { buildProgress, type CommandIo } from '../index/build-progress';

/** Exit code of `index` when every file was indexed. */
export const EXIT_OK = 0;
/** Exit code of a command that could not do its work (no corpus, no index, bad flags). */
export const EXIT_FAILED = 1;
/** Exit code of `index` when the index was built but some files were rejected (listed in the summary). */
export const EXIT_REJECTED = 2;

/**
 * Builds the index in a temporary folder, then uploads it to the store `config.store` and
 * switches the store to it (see `uploadGeneration`): a kill before the switch leaves the store
 * serving its previous index, and running the command again uploads everything again.
 */
async function buildIntoStore(config: Config, update: ReturnType<typeof buildProgress>['update']): Promise<BuildResult & { upload: UploadReport & { ms: number } }> {
  const client = await connectStore(config.store);
  const dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-index-'));
  try {
    const result = await buildIndexFromCorpus(config.corpusDir, dir, update, utcOffsetMinutes(config.timeZone));
    const started = performance.now();
    const upload = await uploadGeneration(client, storeKeys(config.storePrefix), dir, ({ done, total }) => update({ stage: 'write', done, total }));
    return { ...result, upload: { ...upload, ms: performance.now() - started } };
  } finally {
    client.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `jiansuo index`: builds `config.indexDir` from `config.corpusDir` (or, with a `redis://`
 * store, builds it and uploads it to the store) with a progress bar on stderr, then prints a
 * summary — files indexed, files rejected with their reasons, time, docs/s.
 * Returns 0, or 2 when some files were rejected.
 *
 * @example process.exitCode = await runIndex(loadConfig({ corpus: 'corpus' }), processIo())
 */
export async function runIndex(config: Config, io: CommandIo, options: { full: boolean } = { full: false }): Promise<number> {
  const progress = buildProgress(io);
  const inStore = config.store !== 'memory';
  const result: BuildResult & { upload?: UploadReport & { ms: number } } = await (inStore
    ? buildIntoStore(config, progress.update)
    : buildIndexFromCorpus(config.corpusDir, config.indexDir, progress.update, utcOffsetMinutes(config.timeZone), options)
  ).finally(progress.stop);
  const { report, manifest, timings } = result;
  const seconds = timings.totalMs / 1000;
  const { upload } = result;
  const lines = [
    `indexed   ${report.indexed} files from ${config.corpusDir} into ${inStore ? redactedUrl(config.store) : config.indexDir}${result.incremental ? ` (${report.kept} unchanged kept, ${report.removed} changed or removed)` : ''}`,
    `rejected  ${report.rejected.length} files`,
    ...report.rejected.map((rejection) => `  ${rejection.path}: ${rejection.reason}: ${rejection.message}`),
    `time      ${seconds.toFixed(2)} s (read and analyse ${(timings.analyzeMs / 1000).toFixed(2)} s on ${timings.threads} thread${timings.threads === 1 ? '' : 's'}, merge ${(timings.mergeMs / 1000).toFixed(2)} s, write ${(timings.writeMs / 1000).toFixed(2)} s)`,
    `speed     ${Math.round(report.indexed / Math.max(seconds, 1e-3))} docs/s`,
    `segments  ${manifest.segments.length} holding ${manifest.documentCount} documents${result.merges > 0 ? ` after ${result.merges} merge${result.merges === 1 ? '' : 's'}` : ''}`,
    ...(upload
      ? [`upload    ${(upload.bytes / 1e6).toFixed(1)} MB as generation ${upload.generation} in ${(upload.ms / 1000).toFixed(2)} s; ${upload.deletedKeys} keys of older generations deleted`]
      : []),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return report.rejected.length > 0 ? EXIT_REJECTED : EXIT_OK;
}
