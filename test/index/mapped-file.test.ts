import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mapFile, releasePages } from '../../src/index/mapped-file';

describe('mapFile', () => {
  let dir: string;
  const bytes = Buffer.from('海通证券 AB轮岗 7*24小时'.repeat(5000));
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jiansuo-mapped-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fileOf(name: string, content: Uint8Array | string): string {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  it('returns the bytes of the file', () => {
    expect(mapFile(fileOf('a.bin', bytes)).equals(bytes)).toBe(true);
  });

  it('returns an empty Buffer for an empty file, which cannot be mapped', () => {
    expect(mapFile(fileOf('empty.bin', '')).byteLength).toBe(0);
  });

  it('changes its own copy, never the file, when the Buffer is written to', () => {
    const file = fileOf('written.bin', bytes);
    const mapped = mapFile(file);
    mapped.fill(0, 0, 4096);
    expect({ mapped: mapped[0], file: readFileSync(file).equals(bytes) }).toEqual({ mapped: 0, file: true });
  });

  it('keeps reading a file deleted after it was mapped, as a replaced generation is', () => {
    const file = fileOf('deleted.bin', bytes);
    const mapped = mapFile(file);
    unlinkSync(file);
    expect(mapped.toString('utf8', 0, 12)).toBe('海通证券');
    expect(mapped.equals(bytes)).toBe(true);
  });

  it('throws the system error for a missing file', () => {
    const missing = path.join(dir, 'missing.bin');
    expect(() => mapFile(missing)).toThrow(`ENOENT: no such file or directory, open '${missing}'`);
  });
});

describe('releasePages', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'jiansuo-release-pages-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drops the whole pages of the range, which then read as the file holds them', () => {
    const file = path.join(dir, 'pages.bin');
    writeFileSync(file, Buffer.alloc(4 * 4096, 7));
    const mapped = mapFile(file);
    // Written pages are this process's own copies: giving them back shows the file's bytes again.
    mapped.fill(1);
    releasePages(mapped, 100, 3 * 4096 + 100);
    // Pages 1 and 2 lie wholly inside the range; pages 0 and 3 only in part, and are kept.
    expect([mapped[0], mapped[4096], mapped[2 * 4096 + 5], mapped[3 * 4096]]).toEqual([1, 7, 7, 1]);
  });

  it('releases the pages of a view at their place in the mapping', () => {
    const file = path.join(dir, 'view.bin');
    writeFileSync(file, Buffer.alloc(4 * 4096, 7));
    const mapped = mapFile(file);
    mapped.fill(1);
    const view = mapped.subarray(4096);
    releasePages(view, 0, 4096);
    expect([mapped[4095], mapped[4096], mapped[2 * 4096]]).toEqual([1, 7, 1]);
  });

  it('releases the whole pages of a typed array over the mapping when given no range', () => {
    const file = path.join(dir, 'typed.bin');
    writeFileSync(file, Buffer.alloc(4 * 4096, 7));
    const mapped = mapFile(file);
    mapped.fill(1);
    // Bytes 2 … 8195 of the file: page 0 in part, page 1 whole, page 2 in part.
    releasePages(new Uint16Array(mapped.buffer, mapped.byteOffset + 2, 4096 + 1));
    expect([mapped[4095], mapped[4096], mapped[2 * 4095], mapped[2 * 4096 + 1]]).toEqual([1, 7, 7, 1]);
  });

  it('leaves a Buffer that was read, not mapped, as it is', () => {
    const read = Buffer.alloc(4 * 4096, 3);
    releasePages(read, 0, read.byteLength);
    expect(read.equals(Buffer.alloc(4 * 4096, 3))).toBe(true);
  });
});
