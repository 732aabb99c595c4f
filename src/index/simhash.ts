/**
 * Near-duplicate signatures: a 64-bit SimHash (Charikar) over the character shingles of a
 * normalised body. Two bodies that share most of their shingles get signatures a few bits
 * apart; the number of differing bits estimates how much of the text differs.
 */

/** Characters per shingle: long enough that unrelated Chinese texts share few of them. */
export const SHINGLE_CHARS = 4;

/** Bodies with fewer shingles than this get no signature: a few shingles give no stable vote. */
export const MIN_SHINGLES = 16;

/** Signatures at most this many bits apart are near-duplicates. */
export const MAX_DISTANCE = 3;

/** Everything but letters and digits: punctuation, spacing and layout never tell two texts apart. */
const NOT_TEXT = /[^\p{L}\p{N}]+/gu;

/** Two 32-bit hashes of units `at … at + SHINGLE_CHARS - 1` (FNV-1a, then two murmur3 finalisers). */
function shingleHashes(text: string, at: number, out: Uint32Array): void {
  let h = 0x811c9dc5;
  for (let i = at; i < at + SHINGLE_CHARS; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  let a = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  let b = Math.imul(h ^ 0x9e3779b9, 0xcc9e2d51);
  b = Math.imul(b ^ (b >>> 15), 0x1b873593);
  b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35);
  out[0] = a ^ (a >>> 16);
  out[1] = b ^ (b >>> 16);
}

/**
 * The SimHash of a normalised body, as two 32-bit words; `[0, 0]` when the body has
 * fewer than {@link MIN_SHINGLES} shingles (such a document is never a near-duplicate).
 *
 * @example simhash(normalize(article.text)) // Uint32Array [ 2868313283, 1622012519 ]
 */
export function simhash(normBody: string): Uint32Array {
  const text = normBody.replace(NOT_TEXT, '');
  const shingles = text.length - SHINGLE_CHARS + 1;
  const signature = new Uint32Array(2);
  if (shingles < MIN_SHINGLES) return signature;
  const ones = new Uint32Array(64);
  // Bit-sliced counting: nibble j of accumulator k counts bit 4j + k of one word, so a shingle
  // costs 8 additions instead of 64; the nibbles are emptied before they can overflow.
  const nibbles = new Uint32Array(8);
  const hashes = new Uint32Array(2);
  let pending = 0;
  for (let at = 0; at < shingles; at++) {
    shingleHashes(text, at, hashes);
    for (let k = 0; k < 4; k++) {
      nibbles[k] += (hashes[0] >>> k) & 0x11111111;
      nibbles[4 + k] += (hashes[1] >>> k) & 0x11111111;
    }
    if (++pending === 15 || at === shingles - 1) {
      for (let a = 0; a < 8; a++) {
        const counts = nibbles[a];
        for (let j = 0; j < 8; j++) ones[32 * (a >> 2) + 4 * j + (a & 3)] += (counts >>> (4 * j)) & 0xf;
        nibbles[a] = 0;
      }
      pending = 0;
    }
  }
  for (let w = 0; w < 2; w++) {
    let word = 0;
    for (let bit = 0; bit < 32; bit++) if (2 * ones[32 * w + bit] > shingles) word |= 1 << bit;
    signature[w] = word >>> 0;
  }
  return signature;
}

/** Bits set in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Bits in which two signatures differ: the two words at offset `a` of `x` and at offset `b` of `y`. */
export function hammingDistance(x: ArrayLike<number>, a: number, y: ArrayLike<number>, b: number): number {
  return popcount((x[a] ^ y[b]) >>> 0) + popcount((x[a + 1] ^ y[b + 1]) >>> 0);
}
