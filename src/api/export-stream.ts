import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { stringify, type Options as CsvOptions } from 'csv-stringify/sync';
import { EXPORT_COLUMNS, type ExportedMatches, type ExportRow } from '../search/export';

export type ExportFormat = 'csv' | 'jsonl';

/** The media type of each export format. */
export const EXPORT_MEDIA_TYPES: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' };

/**
 * The file name an export is saved as: `jiansuo-` and the query's letters and digits, other
 * runs of characters as `_`.
 *
 * @example exportFileName('海通证券 -银行', 'csv') // 'jiansuo-海通证券_银行.csv'
 */
export function exportFileName(query: string, format: ExportFormat): string {
  const words = query.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').slice(0, 60);
  return `jiansuo-${words || 'export'}.${format}`;
}

/**
 * RFC 4180 records (CRLF). A field holding a lone LF or CR is quoted too: Excel, and most
 * parsers, end a row at either. A text field starting with `=`, `+`, `-`, `@`, a tab or a CR
 * (or their full-width forms) gets a leading `'`: a spreadsheet would otherwise run an
 * article's title written as a formula (CSV injection).
 */
const CSV: CsvOptions = { record_delimiter: 'windows', quote_record_delimiter: true, escape_formulas: true };

/** Longest stretch an export computes before letting other requests in. */
const EXPORT_SLICE_MS = 4;

/** A row as CSV cells: several categories or tags in one cell, joined by `;`. */
function csvCells(row: ExportRow): Record<string, unknown> {
  return { ...row, categories: row.categories.join(';'), tags: row.tags.join(';') };
}

async function* exportChunks(exported: ExportedMatches, format: ExportFormat): AsyncGenerator<string> {
  const columns = EXPORT_COLUMNS.filter((column) => column !== 'snippet' || exported.snippet);
  // The byte order mark makes Excel read the file as UTF-8.
  if (format === 'csv') yield stringify([], { ...CSV, columns: [...columns], header: true, bom: true });
  let sliceStarted = performance.now();
  for (const page of exported.pages()) {
    yield format === 'csv' ? stringify(page.map(csvCells), { ...CSV, columns: [...columns] }) : page.map((row) => `${JSON.stringify(row)}\n`).join('');
    // An export of 100,000 rows takes seconds: searches get the core between its slices.
    if (performance.now() - sliceStarted > EXPORT_SLICE_MS) {
      await setImmediate();
      sliceStarted = performance.now();
    }
  }
}

/**
 * Writes an export to `out` as CSV (UTF-8 BOM, a header row, RFC 4180 quoting) or JSONL (one
 * object per line), a page of rows at a time and only as fast as `out` takes it. Resolves
 * `'complete'`, or `'closed'` when `out` went away first (a client that disconnected, a
 * closed pipe): no more rows are read. Rejects, `out` destroyed, when a row cannot be read.
 * `end: false` leaves `out` open (stdout).
 *
 * @example await streamExport(exportMatches(index, '海通证券', {}, false), 'csv', res)
 */
export async function streamExport(exported: ExportedMatches, format: ExportFormat, out: Writable | NodeJS.WritableStream, options: { end?: boolean } = {}): Promise<'complete' | 'closed'> {
  try {
    await pipeline(Readable.from(exportChunks(exported, format), { objectMode: false }), out, { end: options.end ?? true });
    return 'complete';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'EPIPE') return 'closed';
    throw error;
  }
}
