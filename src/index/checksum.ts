import { crc32 } from 'node:zlib';

/**
 * The checksum a manifest records for each data file: its CRC-32 in hex, as Lucene ends each
 * segment file with one. It catches what it is there for — a file truncated, torn or with a
 * flipped bit — at two to three times the speed of SHA-256, and a start of a million-article
 * archive checks 7 GB with it.
 *
 * @example fileChecksum('jiansuo') // '3b086bf9'
 */
export function fileChecksum(data: string | Uint8Array): string {
  return crc32(data).toString(16).padStart(8, '0');
}
