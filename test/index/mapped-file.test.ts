import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mapFile, withMappedFile } from '../../src/index/mapped-file';

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

describe('withMappedFile', () => {
  it('returns what `use` returns over the bytes of the file, which read the same after their pages were given back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jiansuo-mapped-once-'));
    try {
      const file = path.join(dir, 'once.bin');
      writeFileSync(file, '新闻联播'.repeat(3000));
      let kept: Buffer | undefined;
      const length = withMappedFile(file, (mapped) => {
        kept = mapped;
        return mapped.byteLength;
      });
      expect(length).toBe(36_000);
      expect(kept!.toString('utf8', 0, 12)).toBe('新闻联播');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
