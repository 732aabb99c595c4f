import { normalize, segmentNormalized } from '../analysis';
import type { Article } from '../corpus/article';

/** What the index keeps of one article's analysis. */
export interface AnalyzedDocument {
  normTitle: string;
  normBody: string;
  /** word → `titleTf * 65536 + bodyTf` (search-mode words, see {@link packTf}). */
  words: Map<string, number>;
  /** Number of word tokens in the title and the body: BM25's field lengths. */
  titleLength: number;
  bodyLength: number;
}

/** Term frequencies of one word in one document, title and body in one number. */
export function packTf(titleTf: number, bodyTf: number): number {
  return Math.min(titleTf, 0x7fff) * 0x10000 + Math.min(bodyTf, 0xffff);
}

export function titleTfOf(packed: number): number {
  return Math.floor(packed / 0x10000);
}

export function bodyTfOf(packed: number): number {
  return packed % 0x10000;
}

/**
 * Normalises and segments an article once, for everything the index needs from it.
 *
 * @example analyzeDocument(article).words.get('海通证券') // 65537: once in the title, once in the body
 */
export function analyzeDocument(article: Pick<Article, 'title' | 'text'>): AnalyzedDocument {
  const normTitle = normalize(article.title);
  const normBody = normalize(article.text);
  const words = new Map<string, number>();
  const titleTokens = segmentNormalized(normTitle);
  for (const token of titleTokens) words.set(token.word, (words.get(token.word) ?? 0) + 0x10000);
  const bodyTokens = segmentNormalized(normBody);
  for (const token of bodyTokens) words.set(token.word, (words.get(token.word) ?? 0) + 1);
  return { normTitle, normBody, words, titleLength: titleTokens.length, bodyLength: bodyTokens.length };
}

/**
 * The distinct unigrams and bigrams (UTF-16 units) of the fields — the keys of the candidate
 * index — each as one number (`unit`, or `(first + 1) * 65536 + second` for a bigram), so that
 * building postings needs no string per gram. Fields are passed separately so that no bigram
 * spans the title and the body.
 *
 * @example gramCodesOf(['ab']).map(gramText) // ['a', 'b', 'ab']
 */
export function gramCodesOf(fields: string[]): Float64Array {
  let total = 0;
  for (const field of fields) total += 2 * field.length;
  const codes = new Float64Array(total);
  let n = 0;
  for (const field of fields) {
    for (let i = 0; i < field.length; i++) {
      const unit = field.charCodeAt(i);
      codes[n++] = unit;
      if (i + 1 < field.length) codes[n++] = (unit + 1) * 0x10000 + field.charCodeAt(i + 1);
    }
  }
  const sorted = codes.subarray(0, n).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i];
  return sorted.subarray(0, distinct);
}

/** The gram a number of {@link gramCodesOf} stands for. */
export function gramText(code: number): string {
  return code < 0x10000 ? String.fromCharCode(code) : String.fromCharCode(Math.floor(code / 0x10000) - 1, code % 0x10000);
}
