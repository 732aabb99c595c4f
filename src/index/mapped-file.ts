import mmap from '@riaskov/mmap-io';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/** The largest file the mapping library maps (it takes the size as a C `int`); larger ones are read. */
const MAX_MAPPED_BYTES = 2 ** 31 - 1;

/** The memory of every Buffer {@link mapFile} mapped (a Buffer read into memory is not in it). */
const mappings = new WeakSet<ArrayBufferLike>();

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
  const fd = openSync(file, 'r');
  try {
    const { size } = fstatSync(fd);
    if (size === 0 || size > MAX_MAPPED_BYTES) return readFileSync(fd);
    const bytes = mmap.map(size, (mmap.PROT_READ | mmap.PROT_WRITE) as 3, mmap.MAP_PRIVATE, fd, 0);
    mappings.add(bytes.buffer);
    return bytes;
  } finally {
    // A mapping outlives the descriptor it was made with.
    closeSync(fd);
  }
}

/**
 * Gives the whole pages of bytes `from … to - 1` of `bytes` (a Buffer of {@link mapFile}, or
 * a view of one, such as a typed array over a section of it) back to the kernel: they stay in
 * its page cache, out of this process's resident memory, and read the same if touched again.
 * For what was read once (a checksum, texts decoded into strings) or is read seldom enough to
 * be brought in again (postings). Does nothing to memory that is not mapped.
 *
 * @example releasePages(texts, 0, texts.byteLength)
 */
export function releasePages(bytes: ArrayBufferView, from = 0, to = bytes.byteLength): void {
  if (!mappings.has(bytes.buffer)) return;
  // A mapping starts on a page boundary: offsets into its memory align as they are.
  const start = Math.ceil((bytes.byteOffset + from) / mmap.PAGESIZE) * mmap.PAGESIZE;
  const end = Math.floor((bytes.byteOffset + to) / mmap.PAGESIZE) * mmap.PAGESIZE;
  if (end > start) mmap.advise(Buffer.from(bytes.buffer), start, end - start, mmap.MADV_DONTNEED);
}
