import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
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

/**
 * Applies the write log of `indexDir` to an index just read from it, in the order the writes
 * were acknowledged. A torn last line — the process died while appending, so the write was
 * never acknowledged — is ignored, cut off the file (the next append must start on a fresh
 * line) and reported. Any other unreadable line means the log is damaged: refused, not skipped.
 *
 * @example
 * const { index } = await readIndex('index');
 * const { applied, tornLine } = await replayWrites(index, 'index');
 */
export async function replayWrites(index: SearchIndex, indexDir: string): Promise<ReplayReport> {
  const file = path.join(indexDir, WRITE_LOG);
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { applied: 0, tornLine: null };
    throw new JiansuoError('index_damaged', `${file} cannot be read (${(error as Error).message})`);
  }
  const lines = content.split('\n');
  // A complete log ends with "\n", so its last piece is empty; anything else there is torn.
  const last = lines.pop() as string;
  let tornLine: string | null = last === '' ? null : last;
  let applied = 0;
  lines.forEach((line, i) => {
    const read = readWriteEntry(line);
    if ('problem' in read) {
      throw new JiansuoError(
        'index_damaged',
        `${file} line ${i + 1} is not a write entry (${read.problem}); move the file away to serve the index without its writes`,
      );
    }
    applyWrite(index, read.entry);
    applied++;
  });
  if (tornLine !== null) await truncate(file, Buffer.byteLength(content) - Buffer.byteLength(tornLine));
  return { applied, tornLine };
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
