import { forEachWord, normalize } from '../analysis';
import type { Article } from '../corpus/article';
import { simhash } from './simhash';

/** What the index keeps of one article's analysis. */
export interface AnalyzedDocument {
  normTitle: string;
  normBody: string;
  /** word → `titleTf * 65536 + bodyTf` (search-mode words; each count stops at 65,535). */
  words: Map<string, number>;
  /** Number of word tokens in the title and the body: BM25's field lengths. */
  titleLength: number;
  bodyLength: number;
  /** The body's near-duplicate signature (see {@link simhash}). */
  signature: Uint32Array;
}

/** Most occurrences counted per field: the two counts share one 32-bit number. */
const MAX_TF = 0xffff;

/** Title frequency of a packed `titleTf * 65536 + bodyTf`. */
export function titleTfOf(packed: number): number {
  return Math.floor(packed / 0x10000);
}

/** Body frequency of a packed `titleTf * 65536 + bodyTf`. */
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
  let titleLength = 0;
  forEachWord(normTitle, (word) => {
    const tf = words.get(word) ?? 0;
    if (titleTfOf(tf) < MAX_TF) words.set(word, tf + 0x10000);
    titleLength++;
  });
  let bodyLength = 0;
  forEachWord(normBody, (word) => {
    const tf = words.get(word) ?? 0;
    if (bodyTfOf(tf) < MAX_TF) words.set(word, tf + 1);
    bodyLength++;
  });
  return { normTitle, normBody, words, titleLength, bodyLength, signature: simhash(normBody) };
}
