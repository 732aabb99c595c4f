import { randomBytes } from 'node:crypto';
import { fileChecksum, fileChecksumInTurns } from '../../src/index/checksum';
import { turnsDuring } from '../event-loop-turns';

describe('fileChecksum', () => {
  it('returns the CRC-32 check value of "123456789" as eight hex digits', () => {
    expect(fileChecksum('123456789')).toBe('cbf43926');
  });

  it('returns the same checksum for a string and its UTF-8 bytes, padded to eight digits', () => {
    expect(fileChecksum('海通证券')).toBe(fileChecksum(Buffer.from('海通证券')));
    expect(fileChecksum('')).toBe('00000000');
  });

  it('returns another checksum when one bit of the bytes flips', () => {
    const bytes = Buffer.from('jiansuo 检索 segment bytes');
    const flipped = Buffer.from(bytes);
    flipped[5] ^= 1;
    expect(fileChecksum(flipped)).not.toBe(fileChecksum(bytes));
  });
});

describe('fileChecksumInTurns', () => {
  it('returns what fileChecksum returns, for bytes of several slices, of one and of none', async () => {
    const large = randomBytes(9 * 1024 * 1024 + 17);
    expect(await fileChecksumInTurns(large)).toBe(fileChecksum(large));
    expect(await fileChecksumInTurns(Buffer.from('123456789'))).toBe('cbf43926');
    expect(await fileChecksumInTurns(new Uint8Array(0))).toBe('00000000');
  });

  it('lets the event loop turn between slices of a large file', async () => {
    const { result, turns } = await turnsDuring(() => fileChecksumInTurns(Buffer.alloc(40 * 1024 * 1024, 7)));
    expect(result).toBe(fileChecksum(Buffer.alloc(40 * 1024 * 1024, 7)));
    expect(turns).toBeGreaterThanOrEqual(9);
  });
});
