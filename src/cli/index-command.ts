import { utcOffsetMinutes, type Config } from '../config';
import { buildIndexFromCorpus } from '../index/ensure-index';
import { buildProgress, type CommandIo } from './progress';

/** Exit code of `index` when every file was indexed. */
export const EXIT_OK = 0;
/** Exit code of a command that could not do its work (no corpus, no index, bad flags). */
export const EXIT_FAILED = 1;
/** Exit code of `index` when the index was built but some files were rejected (listed in the summary). */
export const EXIT_REJECTED = 2;

/**
 * `jiansuo index`: builds `config.indexDir` from `config.corpusDir` with a progress bar on
 * stderr, then prints a summary — files indexed, files rejected with their reasons, time, docs/s.
 * Returns 0, or 2 when some files were rejected.
 *
 * @example process.exitCode = await runIndex(loadConfig({ corpus: 'corpus' }), processIo())
 */
export async function runIndex(config: Config, io: CommandIo): Promise<number> {
  const progress = buildProgress(io);
  const result = await buildIndexFromCorpus(config.corpusDir, config.indexDir, progress.update, utcOffsetMinutes(config.timeZone)).finally(progress.stop);
  const { report, manifest, timings } = result;
  const seconds = timings.totalMs / 1000;
  const lines = [
    `indexed   ${report.articles.length} files from ${config.corpusDir} into ${config.indexDir}`,
    `rejected  ${report.rejected.length} files`,
    ...report.rejected.map((rejection) => `  ${rejection.path}: ${rejection.reason}: ${rejection.message}`),
    `time      ${seconds.toFixed(2)} s (read and analyse ${(timings.analyzeMs / 1000).toFixed(2)} s on ${timings.threads} thread${timings.threads === 1 ? '' : 's'}, merge ${(timings.mergeMs / 1000).toFixed(2)} s, write ${(timings.writeMs / 1000).toFixed(2)} s)`,
    `speed     ${Math.round(manifest.documentCount / Math.max(seconds, 1e-3))} docs/s`,
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return report.rejected.length > 0 ? EXIT_REJECTED : EXIT_OK;
}
