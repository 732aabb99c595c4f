import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Config } from '../config';
import { JiansuoError } from '../errors';
import type { SearchIndex } from '../index/search-index';
import type { Synonyms } from '../search/synonyms';
import { search } from '../search/search';
import type { SearchResponse } from '../search/search-response';
import { apiSchemas, searchOptionsOf, type ApiSchemas } from '../api/schemas';
import { validate } from '../api/validate';
import type { CommandIo } from '../index/build-progress';
import { openIndexToQuery } from '../service/served-index';

/** Options of `jiansuo bulk FILE`. */
export interface BulkCommandOptions {
  /** `jsonl`: one JSON string or `{ "q": …, "limit": … }` object per line; `csv`: the query in the first column. */
  format: 'jsonl' | 'csv';
  /** Hits per query, unless a JSONL line sets its own. */
  limit: number;
}

/** One output row: a result, or the error of its line. */
type Row = { line: number; query: string | null } & (SearchResponse | { error: { code: string; message: string } });

/** The first field of a CSV line (RFC 4180 quoting), trimmed, or an error for an unclosed quote. */
export function firstCsvField(line: string): string {
  try {
    const [fields] = parse(line, { trim: true, relax_column_count: true, relax_quotes: true }) as string[][];
    return fields?.[0] ?? '';
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') throw new JiansuoError('invalid_query', 'unclosed quote in the CSV field');
    throw new JiansuoError('invalid_query', `not a CSV line (${(error as Error).message})`);
  }
}

function rowOf({ index, synonyms }: { index: SearchIndex; synonyms: Synonyms }, text: string, line: number, options: BulkCommandOptions, schemas: ApiSchemas, config: Config): Row {
  let query: string | null = null;
  try {
    let input: Record<string, unknown>;
    if (options.format === 'csv') {
      input = { q: firstCsvField(text) };
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        throw new JiansuoError('invalid_query', `line is not JSON (${(error as Error).message})`);
      }
      input = typeof parsed === 'string' ? { q: parsed } : (parsed as Record<string, unknown>);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new JiansuoError('invalid_query', 'a line must be a JSON string or an object with "q"');
      }
    }
    if (typeof input.q === 'string') query = input.q;
    const params = validate(schemas.bulkEntry, { limit: options.limit, ...input });
    return { line, ...search(index, params.q, { ...searchOptionsOf(params, config), synonyms }) };
  } catch (error) {
    if (!(error instanceof JiansuoError)) throw error;
    return { line, query, error: { code: error.code, message: error.message } };
  }
}

function csvRow(row: Row): string {
  const cells =
    'error' in row
      ? [String(row.line), row.query ?? '', '', '', row.error.message]
      : [String(row.line), row.query ?? '', String(row.total), row.hits.map((hit) => hit.id).join(' '), ''];
  return stringify([cells]);
}

/**
 * `jiansuo bulk FILE`: one query per line, results streamed to stdout in input order (JSONL
 * rows with the API's response plus `line` and `query`, or CSV rows `line,query,total,ids,error`),
 * progress on stderr. A bad line gets an `error` row and the run goes on; blank lines and a CSV
 * header `q`/`query` are skipped. Memory stays flat: one line is held at a time and output
 * waits for stdout to drain. Returns 0, or 2 when some lines were bad.
 *
 * @example await runBulk('queries.jsonl', { format: 'jsonl', limit: 10 }, loadConfig(), processIo())
 */
export async function runBulk(file: string, options: BulkCommandOptions, config: Config, io: CommandIo): Promise<number> {
  const size = (await stat(file)).size;
  const served = await openIndexToQuery(config, io);
  const schemas = apiSchemas(config.limits);
  const bar = io.stderr.isTTY === true ? new SingleBar({ stream: io.stderr as NodeJS.WriteStream, format: 'bulk [{bar}] {percentage}% | {queries} queries | {eta_formatted} left' }) : null;
  bar?.start(size, 0, { queries: 0 });
  const started = performance.now();
  let bytes = 0;
  let queries = 0;
  let errors = 0;
  let lineNumber = 0;
  if (options.format === 'csv') io.stdout.write('line,query,total,ids,error\n');
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    lineNumber++;
    bytes += Buffer.byteLength(text) + 1;
    const blank = text.trim() === '';
    const header = options.format === 'csv' && lineNumber === 1 && /^"?(q|query)"?\s*(,|$)/i.test(text);
    if (blank || header) continue;
    const row = rowOf(served, text, lineNumber, options, schemas, config);
    queries++;
    if ('error' in row) errors++;
    const out = options.format === 'csv' ? csvRow(row) : `${JSON.stringify(row)}\n`;
    if (!io.stdout.write(out)) await once(io.stdout, 'drain');
    if (bar) bar.update(bytes, { queries });
    else if (queries % 10_000 === 0) io.stderr.write(`bulk: ${queries} queries\n`);
  }
  bar?.update(size, { queries });
  bar?.stop();
  const seconds = (performance.now() - started) / 1000;
  io.stderr.write(`bulk: ${queries} queries, ${errors} errors, ${seconds.toFixed(2)} s, ${Math.round(queries / Math.max(seconds, 1e-3))} queries/s\n`);
  return errors > 0 ? 2 : 0;
}
