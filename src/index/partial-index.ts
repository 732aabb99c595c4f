import type { Article } from '../corpus/article';
import { analyzeDocument } from './analyze-document';
import { GramPostings } from './gram-postings';

/**
 * The postings of one batch of consecutive documents, numbered from `base`: what a build
 * worker sends back. Gram postings travel as JSON text (`"3,17,42"`), which is how they are
 * written to disk anyway; word postings as typed arrays.
 */
export interface PartialIndex {
  base: number;
  titleLengths: Uint32Array;
  bodyLengths: Uint32Array;
  words: string[];
  wordOffsets: Uint32Array;
  wordDocs: Uint32Array;
  wordTfs: Uint32Array;
  grams: string[];
  /** Per gram, its ascending document numbers joined by commas. */
  gramDocs: string[];
}

/**
 * Analyses a batch of articles: normalisation, segmentation, word and gram postings.
 *
 * @example analyzeBatch([{ title: '海通证券', text: '' }], 0).words // ['海通', '证券', '海通证券']
 */
export function analyzeBatch(articles: Array<Pick<Article, 'title' | 'text'>>, base: number): PartialIndex {
  const titleLengths = new Uint32Array(articles.length);
  const bodyLengths = new Uint32Array(articles.length);
  const words = new Map<string, { docs: number[]; tfs: number[] }>();
  const grams = new GramPostings();
  articles.forEach((article, i) => {
    const doc = base + i;
    const analyzed = analyzeDocument(article);
    titleLengths[i] = analyzed.titleLength;
    bodyLengths[i] = analyzed.bodyLength;
    for (const [word, tf] of analyzed.words) {
      const posting = words.get(word);
      if (posting) {
        posting.docs.push(doc);
        posting.tfs.push(tf);
      } else {
        words.set(word, { docs: [doc], tfs: [tf] });
      }
    }
    grams.add(doc, [analyzed.normTitle, analyzed.normBody]);
  });
  let total = 0;
  for (const posting of words.values()) total += posting.docs.length;
  const wordOffsets = new Uint32Array(words.size + 1);
  const wordDocs = new Uint32Array(total);
  const wordTfs = new Uint32Array(total);
  let at = 0;
  let w = 0;
  for (const posting of words.values()) {
    wordOffsets[w++] = at;
    wordDocs.set(posting.docs, at);
    wordTfs.set(posting.tfs, at);
    at += posting.docs.length;
  }
  wordOffsets[w] = at;
  const gramNames: string[] = [];
  const gramDocs: string[] = [];
  for (const [gram, docs] of grams.entries()) {
    gramNames.push(gram);
    gramDocs.push(docs.join(','));
  }
  return { base, titleLengths, bodyLengths, words: [...words.keys()], wordOffsets, wordDocs, wordTfs, grams: gramNames, gramDocs };
}
