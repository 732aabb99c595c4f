import { utcOffsetMinutes, type Config } from '../config';
import { buildIndexFromCorpus, type BuildResult } from '../index/ensure-index';
import { buildIntoStore, connectStore, redactedUrl, storeKeys, type UploadReport } from '../store';
import { buildProgress, type CommandIo } from '../index/build-progress';
import { useUserDictionary } from '../analysis';
import { resegmentIndex } from '../index/resegment';
import { readUserDictionary } from '../index/user-dictionary-file';

/** Exit code of `index` when every file was indexed. */
export const EXIT_OK = 0;
/** Exit code of a command that could not do its work (no corpus, no index, bad flags). */
export const EXIT_FAILED = 1;
/** Exit code of `index` when the index was built but some files were rejected (listed in the summary). */
export const EXIT_REJECTED = 2;

/** Builds the next generation of the store `config.store` (see `buildIntoStore`). */
async function buildInStore(config: Config, update: ReturnType<typeof buildProgress>['update']): Promise<BuildResult & { upload: UploadReport & { ms: number } }> {
  const client = await connectStore(config.store);
  try {
    return await buildIntoStore(client, storeKeys(config.storePrefix), config.corpusDir, utcOffsetMinutes(config.timeZone), update);
  } finally {
    client.destroy();
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
  const inStore = config.store !== 'memory';
  // New documents are cut with the dictionary last put in force (kept in the folder), and
  // segments cut with another one are cut again after the build.
  useUserDictionary(await readUserDictionary(inStore ? null : config.indexDir, config.userDictFile));
  const progress = buildProgress(io);
  const result: BuildResult & { upload?: UploadReport & { ms: number } } = await (inStore
    ? buildInStore(config, progress.update)
    : buildIndexFromCorpus(config.corpusDir, config.indexDir, progress.update, utcOffsetMinutes(config.timeZone), options)
  ).finally(progress.stop);
  let recut = 0;
  if (!inStore) await resegmentIndex(config.indexDir, { onSegment: ({ done }) => (recut = done) });
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
    ...(recut > 0 ? [`recut     ${recut} segment${recut === 1 ? '' : 's'} cut again with the user dictionary in force`] : []),
    ...(upload
      ? [`upload    ${(upload.uploadedBytes / 1e6).toFixed(1)} MB sent of ${(upload.bytes / 1e6).toFixed(1)} MB, as generation ${upload.generation} in ${(upload.ms / 1000).toFixed(2)} s; ${upload.deletedKeys} keys of segments no longer listed deleted`]
      : []),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return report.rejected.length > 0 ? EXIT_REJECTED : EXIT_OK;
}
