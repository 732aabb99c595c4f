import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readChecked as readInProcess } from '../../src/index/checked-read';
import { fileChecksum } from '../../src/index/checksum';

/** The compiled module: only compiled code can start reading threads (`npm test` builds it first). */
const COMPILED = path.resolve(__dirname, '../../dist/src/index/checked-read.js');

describe('readChecked', () => {
  let dir: string;
  let onThreads: typeof readInProcess;
  const big = Buffer.alloc(3 << 20);
  beforeAll(async () => {
    if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run \`npm run build\` (npm test does it first)`);
    onThreads = (require(COMPILED) as { readChecked: typeof readInProcess }).readChecked;
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-checked-read-'));
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    await writeFile(path.join(dir, 'big.bin'), big);
    await writeFile(path.join(dir, 'tiny.txt'), '海通证券');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });


  it.each([
    ['on the reading threads', () => onThreads],
    ['in process', () => readInProcess],
  ])('returns the bytes and their checksum of a large and a tiny file %s', async (_where, reader) => {
    const [large, tiny] = await Promise.all([reader()({ file: path.join(dir, 'big.bin'), keep: true, expectedBytes: 0 }), reader()({ file: path.join(dir, 'tiny.txt'), keep: true, expectedBytes: 0 })]);
    // Buffers compared as a whole: a deep equality of 3 MB byte by byte takes minutes.
    if (!('content' in large)) throw new Error(large.error);
    expect({ same: large.content?.equals(big), crc32: large.crc32, bytes: large.bytes }).toEqual({ same: true, crc32: fileChecksum(big), bytes: big.length });
    expect(tiny).toEqual({ content: Buffer.from('海通证券'), crc32: fileChecksum('海通证券'), bytes: 12 });
  });

  it('returns only the checksum when the bytes are not kept', async () => {
    expect(await onThreads({ file: path.join(dir, 'big.bin'), keep: false, expectedBytes: 0 })).toEqual({ content: null, crc32: fileChecksum(big), bytes: big.length });
  });

  it('resolves to the error of a file that cannot be read, on threads and in process', async () => {
    const missing = path.join(dir, 'missing.bin');
    const expected = { error: `ENOENT: no such file or directory, open '${missing}'` };
    expect(await onThreads({ file: missing, keep: true, expectedBytes: 0 })).toEqual(expected);
    expect(await readInProcess({ file: missing, keep: true, expectedBytes: 0 })).toEqual(expected);
  });

  it('reads many files at once in the order asked', async () => {
    const files = Array.from({ length: 12 }, (_, i) => path.join(dir, `f${i}.txt`));
    await Promise.all(files.map((file, i) => writeFile(file, `第${i}篇`)));
    const reads = await Promise.all(files.map((file) => onThreads({ file, keep: true, expectedBytes: 0 })));
    expect(reads.map((read) => ('content' in read ? read.content?.toString('utf8') : read.error))).toEqual(files.map((_, i) => `第${i}篇`));
  });
});
