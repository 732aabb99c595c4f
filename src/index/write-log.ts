import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import type { Article } from '../corpus/article';
import { JiansuoError } from '../errors';
import type { SearchIndex } from './search-index';

/** Name of the write log inside the index folder; rebuilds of the index leave it in place. */
export const WRITE_LOG = 'writes.log';

/** One acknowledged write, one JSON line of the log. */
export type WriteEntry =
  | { op: 'put'; at: string; article: Article }
  | { op: 'delete'; at: string; id: string };

/** What a replay did. */
export interface ReplayReport {
  /** Entries applied to the index. */
  applied: number;
  /** An unfinished last line (a crash while appending; never acknowledged), cut off the log; `null` when none. */
  tornLine: string | null;
}

/** Applies one logged write to an index. */
export function applyWrite(index: SearchIndex, entry: WriteEntry): void {
  if (entry.op === 'put') index.upsert(entry.article);
  else index.remove(entry.id);
}

function isEntry(value: unknown): value is WriteEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  if (entry.op === 'delete') return typeof entry.id === 'string';
  if (entry.op !== 'put' || typeof entry.article !== 'object' || entry.article === null) return false;
  const article = entry.article as Record<string, unknown>;
  return typeof article.id === 'string' && typeof article.title === 'string' && typeof article.text === 'string';
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
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = undefined;
    }
    if (!isEntry(entry)) {
      throw new JiansuoError(
        'index_damaged',
        `${file} line ${i + 1} is not a write entry; move the file away to serve the index without its writes`,
      );
    }
    applyWrite(index, entry);
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

  /** Makes a write durable, then visible in `index`. Resolves once both are done. */
  commit(index: SearchIndex, entry: WriteEntry): Promise<void> {
    return this.append(entry, () => applyWrite(index, entry));
  }

  /**
   * Appends a write and fsyncs it, then runs `then` before the next append starts, so writes
   * are applied in log order. (A cluster primary, which holds no index, broadcasts there.)
   */
  append(entry: WriteEntry, then: () => void = () => undefined): Promise<void> {
    const step = this.queue.then(async () => {
      this.handle ??= open(this.file, 'a');
      const handle = await this.handle.catch((error: unknown) => {
        this.handle = null;
        throw error;
      });
      await handle.write(`${JSON.stringify(entry)}\n`);
      await handle.datasync();
      then();
    });
    // A failed write must not block the ones queued after it.
    this.queue = step.catch(() => undefined);
    return step;
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
