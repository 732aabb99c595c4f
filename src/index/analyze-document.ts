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
