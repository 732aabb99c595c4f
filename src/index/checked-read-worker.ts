import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { move, transferableSymbol, valueSymbol } from 'piscina';

/** One file to read whole on a reading thread. */
export interface CheckedReadTask {
  file: string;
  /** `false` when only the checksum is wanted: the bytes are dropped on the thread. */
  keep: boolean;
  /** The size the file should have: how much work the task is, to spread tasks evenly over the threads. */
  expectedBytes: number;
}

/** What a reading thread sends back: the file's SHA-256 and, when kept, its bytes (transferred, not copied). */
export interface CheckedReadResult {
  sha256: string;
  bytes: number;
  content: ArrayBuffer | null;
}

/** Reads one file and hashes it on this thread; a failure to read rejects with the system's message. */
export default async function readAndHash({ file, keep }: CheckedReadTask): Promise<unknown> {
  // The thread holds many tasks at once, all begun together: each reads in a turn of its own,
  // so that its result goes back before the next file is read.
  await nextTurn();
  const data = readFileSync(file);
  const result: CheckedReadResult = { sha256: createHash('sha256').update(data).digest('hex'), bytes: data.byteLength, content: null };
  if (!keep) return result;
  // A file read whole has a buffer of its own; a pooled slice (a tiny file) is copied out first.
  const own = data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data.buffer : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  result.content = own as ArrayBuffer;
  return move({
    get [transferableSymbol]() {
      return [own];
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
