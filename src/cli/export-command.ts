import type { Config } from '../config';
import type { CommandIo } from '../index/build-progress';
import { exportMatches } from '../search/export';
import { type ExportFormat, streamExport } from '../api/export-stream';
import { apiSchemas, matchOptionsOf } from '../api/schemas';
import { validate } from '../api/validate';
import { openIndexToQuery } from '../service/served-index';

/** Options of `jiansuo export QUERY`: the parameters of `/api/export`. */
export interface ExportCommandOptions {
  format: ExportFormat;
  sort: 'relevance' | 'date';
  /** Add the plain-text snippet column. */
  snippet: boolean;
  category?: string;
  tag?: string;
  from?: string;
  to?: string;
}

/**
 * `jiansuo export "海通证券"`: every match to stdout, exactly as `GET /api/export` streams it,
 * and a summary on stderr (rows, time, rows/s). Output waits for stdout to drain; a reader
 * that stops early (`| head`) ends the export. Bad options fail as the API's 400s do.
 *
 * @example await runExport('海通证券', { format: 'csv', sort: 'relevance', snippet: false }, loadConfig(), processIo())
 */
export async function runExport(query: string, options: ExportCommandOptions, config: Config, io: CommandIo): Promise<number> {
  const { format, snippet, ...filters } = options;
  const params = validate(apiSchemas(config.limits).exportQuery, { q: query, format, snippet: String(snippet), ...filters });
  const { index, synonyms } = await openIndexToQuery(config, io);
  const started = performance.now();
  const exported = exportMatches(index, params.q, { ...matchOptionsOf(params, config), synonyms }, params.snippet);
  const outcome = await streamExport(exported, params.format, io.stdout, { end: false });
  const seconds = (performance.now() - started) / 1000;
  io.stderr.write(
    outcome === 'complete'
      ? `export: ${exported.total} rows, ${seconds.toFixed(2)} s, ${Math.round(exported.total / Math.max(seconds, 1e-3))} rows/s\n`
      : `export: stopped by the reader after ${seconds.toFixed(2)} s (${exported.total} rows matched)\n`,
  );
  return 0;
}
