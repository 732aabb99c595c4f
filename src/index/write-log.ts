import { createHash } from 'node:crypto';
import { open, readFile, rename, truncate, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { articleSchema } from '../corpus/article';
import { JiansuoError } from '../errors';
import type { SearchIndex } from './search-index';

/** Name of the write log inside the index folder; rebuilds of the index leave it in place. */
export const WRITE_LOG = 'writes.log';

const writeEntrySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), at: z.string(), article: articleSchema }),
  z.object({ op: z.literal('delete'), at: z.string(), id: z.string() }),
]);

/** One acknowledged write, one JSON line of the log. */
export type WriteEntry = z.infer<typeof writeEntrySchema>;

/** What a write did, decided when it is applied in log order: `absent` is a delete of an id not there. */
export type WriteOutcome = 'created' | 'replaced' | 'deleted' | 'absent';

/** What a replay did. */
export interface ReplayReport {
  /** Entries applied to the index. */
  applied: number;
  /** An unfinished last line (a crash while appending; never acknowledged), cut off the log; `null` when none. */
  tornLine: string | null;
}

/**
 * Applies one logged write to an index and says what it did.
 *
 * @example applyWrite(index, { op: 'delete', at: '2024-10-01T00:00:00.000Z', id: 'gone' }) // 'absent'
 */
export function applyWrite(index: SearchIndex, entry: WriteEntry): WriteOutcome {
  index.written.add(entry.op === 'delete' ? entry.id : entry.article.id);
  if (entry.op === 'delete') return index.remove(entry.id) ? 'deleted' : 'absent';
  const existed = index.docNumber(entry.article.id) !== undefined;
  index.upsert(entry.article);
  return existed ? 'replaced' : 'created';
}

/**
 * Reads one line of a write log, every field checked with the schema the API uses for
 * articles: the entry, or what is wrong with it.
 *
 * @example readWriteEntry('{"op":"delete","at":"t"}') // { problem: 'id: Invalid input: expected string, received undefined' }
 */
export function readWriteEntry(line: string): { entry: WriteEntry } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = writeEntrySchema.safeParse(value);
  if (parsed.success) return { entry: parsed.data };
  return { problem: parsed.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ') };
}

/** The first `bytes` bytes of a write log, with their SHA-256: the writes a generation holds already. */
export interface FoldedWrites {
  bytes: number;
  sha256: string;
}

/** The complete entries of a write log, each with the byte offset where its line ends. */
export interface WriteLogContent {
  file: string;
  entries: Array<{ entry: WriteEntry; end: number }>;
  /** Bytes of complete lines. */
  bytes: number;
  /** An unfinished last line (a crash while appending; never acknowledged); `null` when none. */
  tornLine: string | null;
  /** SHA-256 of the first `bytes` bytes, and of any shorter prefix that ends a line. */
  prefixSha256: (bytes: number) => string;
}

/**
 * Reads a write log, every line checked: an unreadable line other than a torn last one means
 * the log is damaged, refused with its line number. A missing log is an empty one.
 *
 * @example (await readWriteLog('index')).entries.length
 */
export async function readWriteLog(indexDir: string): Promise<WriteLogContent> {
  const file = path.join(indexDir, WRITE_LOG);
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new JiansuoError('index_damaged', `${file} cannot be read (${(error as Error).message})`);
    content = Buffer.alloc(0);
  }
  const entries: WriteLogContent['entries'] = [];
  let start = 0;
  for (let line = 1, end = content.indexOf(0x0a); end >= 0; line++, start = end + 1, end = content.indexOf(0x0a, start)) {
    const read = readWriteEntry(content.toString('utf8', start, end));
    if ('problem' in read) {
      throw new JiansuoError('index_damaged', `${file} line ${line} is not a write entry (${read.problem}); move the file away to serve the index without its writes`);
    }
    entries.push({ entry: read.entry, end: end + 1 });
  }
  // A complete log ends with "\n"; anything after the last one is torn.
  const tornLine = start < content.length ? content.toString('utf8', start) : null;
  return { file, entries, bytes: start, tornLine, prefixSha256: (bytes) => createHash('sha256').update(content.subarray(0, bytes)).digest('hex') };
}

/** The entries of a log that a generation does not hold yet: those after its folded prefix, when the log still starts with it. */
export function unfoldedEntries(log: WriteLogContent, folded: FoldedWrites | undefined): WriteEntry[] {
  const skip = folded !== undefined && folded.bytes <= log.bytes && log.prefixSha256(folded.bytes) === folded.sha256 ? folded.bytes : 0;
  return log.entries.filter(({ end }) => end > skip).map(({ entry }) => entry);
}

/**
 * Applies the write log of `indexDir` to an index just read from it, in the order the writes
 * were acknowledged, except the writes its generation holds already (`folded`). A torn last
 * line — the process died while appending, so the write was never acknowledged — is ignored,
 * cut off the file (the next append must start on a fresh line) and reported. Any other
 * unreadable line means the log is damaged: refused, not skipped.
 *
 * @example
 * const { index, manifest } = await readIndex('index');
 * const { applied, tornLine } = await replayWrites(index, 'index', manifest.writeLog);
 */
export async function replayWrites(index: SearchIndex, indexDir: string, folded?: FoldedWrites): Promise<ReplayReport> {
  const log = await readWriteLog(indexDir);
  const entries = unfoldedEntries(log, folded);
  for (const entry of entries) applyWrite(index, entry);
  if (log.tornLine !== null) await truncate(log.file, log.bytes);
  return { applied: entries.length, tornLine: log.tornLine };
}

/**
 * The append-only log of `PUT`/`DELETE` writes beside the index (`<indexDir>/writes.log`).
 * {@link WriteLog.commit} appends a write, fsyncs it, and only then applies it to the index,
 * one write at a time, so the log order is the order the index saw.
 */
export class WriteLog {
  readonly file: string;
  private handle: Promise<FileHandle> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(indexDir: string) {
    this.file = path.join(indexDir, WRITE_LOG);
  }

  /**
   * Makes a write durable, then visible in `index`, and resolves with what it did. Its outcome
   * is decided in its turn, after every write queued before it: a delete of an id that is not
   * there by then changes nothing and is not logged.
   */
  commit(index: SearchIndex, entry: WriteEntry): Promise<WriteOutcome> {
    return this.enqueue(async () => {
      if (entry.op === 'delete' && index.docNumber(entry.id) === undefined) return 'absent';
      await this.write(entry);
      return applyWrite(index, entry);
    });
  }

  /**
   * Appends a write and fsyncs it, then runs `then` before the next append starts, so writes
   * are applied in log order. (A cluster primary, which holds no index, broadcasts there.)
   */
  append(entry: WriteEntry, then: () => void): Promise<void> {
    return this.enqueue(async () => {
      await this.write(entry);
      then();
    });
  }

  /** Runs `step` once every step queued before it has finished. */
  private enqueue<T>(step: () => Promise<T>): Promise<T> {
    const done = this.queue.then(step);
    // A failed write must not block the ones queued after it.
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async write(entry: WriteEntry): Promise<void> {
    this.handle ??= open(this.file, 'a');
    const handle = await this.handle.catch((error: unknown) => {
      this.handle = null;
      throw error;
    });
    await handle.write(`${JSON.stringify(entry)}\n`);
    await handle.datasync();
  }

  /**
   * Drops from the log the writes a generation holds (`folded`: the log's first bytes, checked
   * by their SHA-256), in its turn among the writes: the rest is written to a new file, fsync'd
   * and renamed over the log, so a crash leaves either the old log (whose folded start replay
   * skips) or the new one. Nothing happens when the log no longer starts with `folded`.
   * Resolves with the bytes dropped.
   */
  compact(folded: FoldedWrites): Promise<number> {
    return this.enqueue(async () => {
      const content = await readFile(this.file).catch(() => Buffer.alloc(0));
      if (folded.bytes === 0 || folded.bytes > content.length || createHash('sha256').update(content.subarray(0, folded.bytes)).digest('hex') !== folded.sha256) return 0;
      const rest = `${this.file}.${process.pid}.tmp`;
      const handle = await open(rest, 'w');
      try {
        await handle.writeFile(content.subarray(folded.bytes));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await (await this.handle?.catch(() => null))?.close();
      this.handle = null;
      await rename(rest, this.file);
      return folded.bytes;
    });
  }

  /** Waits for queued writes and closes the file. */
  async close(): Promise<void> {
    await this.queue;
    if (this.handle) {
      const handle = await this.handle.catch(() => null);
      this.handle = null;
      await handle?.close();
    }
  }
}
