import type { RejectReason } from './article';

/** A file's text, or why it has none. */
export type DecodeOutcome =
  | { ok: true; text: string }
  | { ok: false; reason: Extract<RejectReason, 'binary' | 'invalid-encoding'>; message: string };

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Control characters other than tab, newline, vertical tab, form feed and carriage return (NUL aside). */
const CONTROL_CHARACTER = /[\x01-\x08\x0e-\x1f\x7f]/;

/**
 * Decodes a corpus file as UTF-8 (a leading BOM is dropped), refusing binary files and other
 * encodings instead of indexing mojibake.
 *
 * A file is binary when it holds a NUL byte or when more than 10% of its bytes are control
 * characters other than tab, newline, vertical tab, form feed and carriage return.
 *
 * @example
 * decodeArticleBytes(Buffer.from('---\ntitle: 新闻\n---\n')); // => { ok: true, text: '---\ntitle: 新闻\n---\n' }
 * decodeArticleBytes(Buffer.from([0x2d, 0x0a, 0xba, 0xa3])).message;
 * // => 'invalid encoding: line 2 is not UTF-8 (GBK? convert the file to UTF-8)'
 */
export function decodeArticleBytes(bytes: Uint8Array): DecodeOutcome {
  if (bytes.indexOf(0) !== -1) {
    return { ok: false, reason: 'binary', message: 'binary file: contains NUL bytes' };
  }
  let text: string | null = null;
  try {
    text = STRICT_UTF8.decode(bytes);
  } catch {
    // Not UTF-8: binary, or text in another encoding; the share of control bytes tells which.
  }
  // Counting is the slow path, taken only for files that hold a control character at all.
  if (text === null || CONTROL_CHARACTER.test(text)) {
    const controls = countControlBytes(bytes);
    if (controls * 10 > bytes.length) {
      const percent = Math.round((controls * 100) / bytes.length);
      return { ok: false, reason: 'binary', message: `binary file: ${percent}% of the bytes are control characters` };
    }
  }
  if (text === null) {
    return {
      ok: false,
      reason: 'invalid-encoding',
      message: `invalid encoding: line ${firstBadUtf8Line(bytes)} is not UTF-8 (GBK? convert the file to UTF-8)`,
    };
  }
  return { ok: true, text };
}

function countControlBytes(bytes: Uint8Array): number {
  let controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte < 0x20 ? byte < 0x09 || byte > 0x0d : byte === 0x7f) controls++;
  }
  return controls;
}

/** Line (1-based) of the first byte sequence that is not UTF-8, for a message a person can act on. */
function firstBadUtf8Line(bytes: Uint8Array): number {
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  let replacement = lenient.indexOf('\uFFFD');
  while (replacement !== -1) {
    const before = lenient.slice(0, replacement);
    const offset = Buffer.byteLength(before);
    // A U+FFFD written in the file (EF BF BD) is valid text; only the decoder's own ones mark bad bytes.
    const written = bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;
    if (!written) return before.split('\n').length;
    replacement = lenient.indexOf('\uFFFD', replacement + 1);
  }
  return lenient.split('\n').length;
}
