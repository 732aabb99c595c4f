import { fileChecksum } from '../../src/index/checksum';

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
