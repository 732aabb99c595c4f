import nodejieba from 'nodejieba';
import { loadDictionary } from './dictionary';
import { normalizeWithMap } from './normalize';

/** A word of the text with its place: `start`/`end` are UTF-16 offsets, end exclusive. */
export interface Token {
  word: string;
  start: number;
  end: number;
  /** `true` for a search-mode sub-word (`证券` inside `海通证券`), `false` for a segmented word. */
  sub: boolean;
}

/** Latin/digit runs are one token whatever jieba does with them (`600837.sh`, `iphone15`, `5g`). */
const LATIN_RUN = /[a-z0-9]+(?:[._-][a-z0-9]+)*/y;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function isAsciiAlnum(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

function isHan(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/** Receives each word of a text: `sub` marks a search-mode sub-word. */
export type WordVisitor = (word: string, start: number, end: number, sub: boolean) => void;

/**
 * Calls `visit` for each word and search-mode sub-word of NORMALISED text, in order, offsets in
 * that text; whitespace and punctuation are skipped. The index counts words through it without
 * building a token per word; {@link segmentNormalized} collects them.
 */
export function forEachWord(text: string, visit: WordVisitor): void {
  const { shortWords } = loadDictionary();
  const pieces = nodejieba.cut(text, true);
  const emit = (start: number, end: number): void => {
    const word = text.slice(start, end);
    const first = word.charCodeAt(0);
    if (word.length > 2 && (isHan(first) || isHan(word.charCodeAt(word.length - 1)))) {
      // jieba's search mode: dictionary 2-grams, then 3-grams, inside a longer word.
      for (let n = 2; n <= 3 && n < word.length; n++) {
        for (let i = 0; i + n <= word.length; i++) {
          const sub = word.slice(i, i + n);
          if (shortWords.has(sub)) visit(sub, start + i, start + i + n, true);
        }
      }
    } else if (!isAsciiAlnum(first) && !WORD_CHAR.test(word)) {
      return;
    }
    visit(word, start, end, false);
  };
  let pos = 0;
  for (let p = 0; p < pieces.length; p++) {
    const start = pos;
    let end = pos + pieces[p].length;
    pos = end;
    if (isAsciiAlnum(text.charCodeAt(start)) && (start === 0 || !isAsciiAlnum(text.charCodeAt(start - 1)))) {
      LATIN_RUN.lastIndex = start;
      LATIN_RUN.test(text);
      const runEnd = LATIN_RUN.lastIndex;
      // Join the pieces jieba made of one run; a piece that leaves the run (a dictionary
      // word such as `ab轮岗`) is kept as jieba cut it.
      let q = p;
      while (end < runEnd && q + 1 < pieces.length) {
        q++;
        end += pieces[q].length;
      }
      if (end === runEnd) {
        p = q;
        pos = end;
        emit(start, end);
        continue;
      }
      end = start + pieces[p].length;
    }
    emit(start, end);
  }
}

/**
 * Segments NORMALISED text into words and search-mode sub-words, offsets in that text.
 * Whitespace and punctuation are not tokens.
 *
 * @example segmentNormalized('ab轮岗实行7*24小时').map((t) => t.word)
 * // ['轮岗', 'ab轮岗', '实行', '7', '24', '小时']
 */
export function segmentNormalized(text: string): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, (word, start, end, sub) => tokens.push({ word, start, end, sub }));
  return tokens;
}

/**
 * Normalises ORIGINAL text and segments it; offsets point into the original string, so
 * `text.slice(t.start, t.end)` normalises to `t.word`.
 *
 * @example tokenize('海通證券').map((t) => [t.word, t.start, t.end])
 * // [['海通', 0, 2], ['证券', 2, 4], ['海通证券', 0, 4]]
 */
export function tokenize(text: string): Token[] {
  const norm = normalizeWithMap(text);
  const tokens: Token[] = [];
  for (const token of segmentNormalized(norm.text)) {
    // A token that begins or ends inside one original character's expansion (㈱ → (株))
    // cannot be sliced from the original; such pieces are not words a reader would search.
    if (token.start > 0 && norm.starts[token.start] === norm.starts[token.start - 1]) continue;
    if (token.end < norm.text.length && norm.starts[token.end] === norm.starts[token.end - 1]) continue;
    tokens.push({ ...token, start: norm.starts[token.start], end: norm.ends[token.end - 1] });
  }
  return tokens;
}
