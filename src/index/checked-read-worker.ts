import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileChecksum } from './checksum';
import { mapFile, releasePages } from './mapped-file';

/** One file to hash whole on a reading thread. */
export interface HashTask {
  file: string;
  /** The size the file should have: how much work the task is, to spread tasks evenly over the threads. */
  expectedBytes: number;
}

/** A file's checksum (see {@link fileChecksum}) and size. */
export interface FileHash {
  crc32: string;
  bytes: number;
}

/**
 * The checksum of `file`, computed where it lies in the page cache (mapped, not copied), its
 * pages given back once hashed. Throws the system's error for a file that cannot be read.
 */
export function hashFile(file: string): FileHash {
  const bytes = mapFile(file);
  const crc32 = fileChecksum(bytes);
  releasePages(bytes);
  return { crc32, bytes: bytes.byteLength };
}

/** Hashes one file on this thread; a failure to read rejects with the system's message. */
export default async function hashOnThisThread({ file }: HashTask): Promise<FileHash> {
  // The thread holds many tasks at once, all begun together: each hashes in a turn of its own,
  // so that its result goes back before the next file is hashed.
  await nextTurn();
  return hashFile(file);
}
