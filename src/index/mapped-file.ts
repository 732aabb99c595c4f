import mmap from '@riaskov/mmap-io';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/** The largest file the mapping library maps (it takes the size as a C `int`); larger ones are read. */
const MAX_MAPPED_BYTES = 2 ** 31 - 1;

function map(file: string): { bytes: Buffer; mapped: boolean } {
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size === 0 || size > MAX_MAPPED_BYTES) return { bytes: readFileSync(fd), mapped: false };
    return { bytes: mmap.map(size, (mmap.PROT_READ | mmap.PROT_WRITE) as 3, mmap.MAP_PRIVATE, fd, 0), mapped: true };
  } finally {
    // A mapping outlives the descriptor it was made with.
    closeSync(fd);
  }
}

/**
 * The bytes of `file` as a Buffer mapped onto the file (`mmap`), as Lucene's MMapDirectory
 * opens segments: nothing is copied or allocated up front, the kernel brings a page in from
 * its page cache when it is first touched, and the mapping is released with the Buffer.
 * Segment files are immutable once written (a new generation writes new files; a deleted file
 * stays readable while mapped), which is what makes a mapping safe. The mapping is private:
 * a write into the Buffer changes this process's copy of the page, never the file. An empty
 * file, or one too large to map, is read into memory instead. Throws the system's error for a
 * file that cannot be opened or mapped.
 *
 * @example const texts = mapFile('index/seg-1/texts.bin')
 */
export function mapFile(file: string): Buffer {
  return map(file).bytes;
}

/**
 * `use(bytes)` over `file` mapped, for a file read once (a checksum): afterwards the pages go
 * back to the kernel (they stay in its page cache, out of this process's resident memory)
 * instead of staying mapped until the garbage collector frees the Buffer.
 *
 * @example const sum = withMappedFile('index/seg-1/segment.bin', (bytes) => createHash('sha256').update(bytes).digest('hex'))
 */
export function withMappedFile<T>(file: string, use: (bytes: Buffer) => T): T {
  const { bytes, mapped } = map(file);
  try {
    return use(bytes);
  } finally {
    if (mapped) mmap.advise(bytes, mmap.MADV_DONTNEED);
  }
}
