import type { Article } from '../corpus/article';
import { analyzeDocument } from './analyze-document';
import { GramPostings } from './gram-postings';
import type { PostingLists } from './posting-lists';

/**
 * The postings of a run of consecutive documents, numbered from `base`: what a build thread
 * sends back, as typed arrays that travel without a copy.
 */
export interface PartialIndex {
  base: number;
  titleLengths: Uint32Array;
  bodyLengths: Uint32Array;
  /** Near-duplicate signatures, two words per document. */
  signatures: Uint32Array;
  /** Word postings; `values` holds the packed `titleTf * 65536 + bodyTf` of each. */
  words: PostingLists;
  /** Unigram and bigram postings. */
  grams: PostingLists;
}

/**
 * Analyses consecutive documents one at a time (normalisation, segmentation, word and gram
 * postings) and hands back their {@link PartialIndex}.
 */
export class PartialIndexBuilder {
  private readonly titleLengths: number[] = [];
  private readonly bodyLengths: number[] = [];
  private readonly signatures: number[] = [];
  /** Word → word number; each (word, document, tf) is appended to the pair arrays. */
  private readonly wordIds = new Map<string, number>();
  private pairWord = new Uint32Array(1 << 16);
  private pairDoc = new Uint32Array(1 << 16);
  private pairTf = new Uint32Array(1 << 16);
  private pairCount = 0;
  private readonly grams = new GramPostings();

  constructor(private readonly base: number) {}

  /** Adds the next document (number `base + documents added so far`). */
  add(article: Pick<Article, 'title' | 'text'>): void {
    const doc = this.base + this.titleLengths.length;
    const analyzed = analyzeDocument(article);
    this.titleLengths.push(analyzed.titleLength);
    this.bodyLengths.push(analyzed.bodyLength);
    this.signatures.push(...analyzed.signature);
    if (this.pairCount + analyzed.words.size > this.pairWord.length) this.growPairs(this.pairCount + analyzed.words.size);
    for (const [word, tf] of analyzed.words) {
      let id = this.wordIds.get(word);
      if (id === undefined) {
        id = this.wordIds.size;
        this.wordIds.set(word, id);
      }
      this.pairWord[this.pairCount] = id;
      this.pairDoc[this.pairCount] = doc;
      this.pairTf[this.pairCount++] = tf;
    }
    this.grams.add(doc, [analyzed.normTitle, analyzed.normBody]);
  }

  private growPairs(needed: number): void {
    let size = this.pairWord.length;
    while (size < needed) size *= 2;
    for (const name of ['pairWord', 'pairDoc', 'pairTf'] as const) {
      const bigger = new Uint32Array(size);
      bigger.set(this[name]);
      this[name] = bigger;
    }
  }

  finish(): PartialIndex {
    // Group the pairs by word (a counting sort keeps each word's documents ascending).
    const wordOffsets = new Uint32Array(this.wordIds.size + 1);
    for (let p = 0; p < this.pairCount; p++) wordOffsets[this.pairWord[p] + 1]++;
    for (let w = 0; w < this.wordIds.size; w++) wordOffsets[w + 1] += wordOffsets[w];
    const fill = wordOffsets.slice(0, this.wordIds.size);
    const wordDocs = new Uint32Array(this.pairCount);
    const wordTfs = new Uint32Array(this.pairCount);
    for (let p = 0; p < this.pairCount; p++) {
      const at = fill[this.pairWord[p]]++;
      wordDocs[at] = this.pairDoc[p];
      wordTfs[at] = this.pairTf[p];
    }
    return {
      base: this.base,
      titleLengths: Uint32Array.from(this.titleLengths),
      bodyLengths: Uint32Array.from(this.bodyLengths),
      signatures: Uint32Array.from(this.signatures),
      words: { keys: [...this.wordIds.keys()], offsets: wordOffsets, docs: wordDocs, values: wordTfs },
      grams: this.grams.lists(),
    };
  }
}

/**
 * Analyses a batch of articles numbered from `base`.
 *
 * @example analyzeBatch([{ title: '海通证券', text: '' }], 0).words.keys // ['海通', '证券', '海通证券']
 */
export function analyzeBatch(articles: Array<Pick<Article, 'title' | 'text'>>, base: number): PartialIndex {
  const builder = new PartialIndexBuilder(base);
  for (const article of articles) builder.add(article);
  return builder.finish();
}
