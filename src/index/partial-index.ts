import type { Article } from '../corpus/article';
import { analyzeDocument } from './analyze-document';
import { GramPostings } from './gram-postings';

/**
 * The postings of a run of consecutive documents, numbered from `base`: what a build thread
 * sends back. Gram postings travel as JSON text (`"3,17,42"`), which is how they are written
 * to disk anyway; word postings as typed arrays.
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
 * Analyses consecutive documents one at a time (normalisation, segmentation, word and gram
 * postings) and hands back their {@link PartialIndex}.
 */
export class PartialIndexBuilder {
  private readonly titleLengths: number[] = [];
  private readonly bodyLengths: number[] = [];
  private readonly words = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly grams = new GramPostings();

  constructor(private readonly base: number) {}

  /** Adds the next document (number `base + documents added so far`). */
  add(article: Pick<Article, 'title' | 'text'>): void {
    const doc = this.base + this.titleLengths.length;
    const analyzed = analyzeDocument(article);
    this.titleLengths.push(analyzed.titleLength);
    this.bodyLengths.push(analyzed.bodyLength);
    for (const [word, tf] of analyzed.words) {
      const posting = this.words.get(word);
      if (posting) {
        posting.docs.push(doc);
        posting.tfs.push(tf);
      } else {
        this.words.set(word, { docs: [doc], tfs: [tf] });
      }
    }
    this.grams.add(doc, [analyzed.normTitle, analyzed.normBody]);
  }

  finish(): PartialIndex {
    let total = 0;
    for (const posting of this.words.values()) total += posting.docs.length;
    const wordOffsets = new Uint32Array(this.words.size + 1);
    const wordDocs = new Uint32Array(total);
    const wordTfs = new Uint32Array(total);
    let at = 0;
    let w = 0;
    for (const posting of this.words.values()) {
      wordOffsets[w++] = at;
      wordDocs.set(posting.docs, at);
      wordTfs.set(posting.tfs, at);
      at += posting.docs.length;
    }
    wordOffsets[w] = at;
    const grams: string[] = [];
    const gramDocs: string[] = [];
    for (const [gram, docs] of this.grams.entries()) {
      grams.push(gram);
      gramDocs.push(docs.join(','));
    }
    return {
      base: this.base,
      titleLengths: Uint32Array.from(this.titleLengths),
      bodyLengths: Uint32Array.from(this.bodyLengths),
      words: [...this.words.keys()],
      wordOffsets,
      wordDocs,
      wordTfs,
      grams,
      gramDocs,
    };
  }
}

/**
 * Analyses a batch of articles numbered from `base`.
 *
 * @example analyzeBatch([{ title: '海通证券', text: '' }], 0).words // ['海通', '证券', '海通证券']
 */
export function analyzeBatch(articles: Array<Pick<Article, 'title' | 'text'>>, base: number): PartialIndex {
  const builder = new PartialIndexBuilder(base);
  for (const article of articles) builder.add(article);
  return builder.finish();
}
