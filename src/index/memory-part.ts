import { Encoder, Index } from 'flexsearch';
import type { Article } from '../corpus/article';
import type { AnalyzedDocument } from './analyze-document';
import { GramPostings } from './gram-postings';
import type { IndexPart, Posting } from './index-part';

/** Separates grams in the strings handed to FlexSearch; normalisation removes it from all text. */
export const GRAM_SEPARATOR = '\u0000';

/**
 * The FlexSearch index of grams: its keys are unigrams and bigrams, its ids document numbers.
 * The encoder only splits on the separator: the grams are already normalised, and FlexSearch's
 * own normalisation (dedupe of repeated letters, numeric triplets) would change them.
 */
export function createGramIndex(): Index {
  const encoder = new Encoder({
    normalize: false,
    dedupe: false,
    numeric: false,
    split: GRAM_SEPARATOR,
    cache: false,
    minlength: 1,
    maxlength: 4,
  });
  return new Index({ tokenize: 'strict', resolution: 1, encoder, fastupdate: false, cache: false });
}

/**
 * FlexSearch's term map (`Index.map`): term → resolution slots of ids; at resolution 1, one
 * slot, ascending because documents are added in order.
 */
function gramSlots(grams: Index): Map<string, Array<number[]>> {
  return (grams as unknown as { map: Map<string, Array<number[]>> }).map;
}

/**
 * The documents written since the index was loaded, held in memory until a build folds them
 * into a segment: articles as objects, word postings as arrays, grams in a FlexSearch index,
 * the grams of the titles (a few dozen per document) in a map of arrays.
 */
export class MemoryPart implements IndexPart {
  private readonly articles: Article[] = [];
  private readonly titles: string[] = [];
  private readonly bodies: string[] = [];
  private readonly words = new Map<string, { docs: number[]; tfs: number[] }>();
  private grams = createGramIndex();
  private readonly titleGrams = new Map<string, number[]>();

  get documents(): number {
    return this.articles.length;
  }

  /** Appends an analysed article; returns its number within the part. */
  add(article: Article, analyzed: AnalyzedDocument): number {
    const doc = this.articles.length;
    this.articles.push(article);
    this.titles.push(analyzed.normTitle);
    this.bodies.push(analyzed.normBody);
    for (const [word, tf] of analyzed.words) {
      let posting = this.words.get(word);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.words.set(word, posting);
      }
      posting.docs.push(doc);
      posting.tfs.push(tf);
    }
    const postings = new GramPostings();
    postings.add(doc, [analyzed.normTitle, analyzed.normBody]);
    this.grams.add(doc, postings.lists().keys.join(GRAM_SEPARATOR));
    const titlePostings = new GramPostings();
    titlePostings.add(doc, [analyzed.normTitle]);
    for (const gram of titlePostings.lists().keys) {
      const docs = this.titleGrams.get(gram);
      if (docs) docs.push(doc);
      else this.titleGrams.set(gram, [doc]);
    }
    return doc;
  }

  article(doc: number): Article {
    return this.articles[doc];
  }

  titleIncludes(doc: number, text: string): boolean {
    return this.normTitle(doc).includes(text);
  }

  normTitle(doc: number): string {
    return this.titles[doc];
  }

  normBody(doc: number): string {
    return this.bodies[doc];
  }

  wordPosting(word: string): Posting | undefined {
    return this.words.get(word);
  }

  gramPosting(gram: string): ArrayLike<number> | undefined {
    const count = this.gramCount(gram);
    return count === 0 ? undefined : (this.grams.search(gram, { limit: count }) as number[]);
  }

  titleGramPosting(gram: string): ArrayLike<number> | undefined {
    return this.titleGrams.get(gram);
  }

  private gramCount(gram: string): number {
    return gramSlots(this.grams).get(gram)?.[0]?.length ?? 0;
  }

  wordKeys(): Iterable<string> {
    return this.words.keys();
  }

  *wordsWithPrefix(prefix: string): IterableIterator<[string, number]> {
    for (const [word, posting] of this.words) if (word.startsWith(prefix)) yield [word, posting.docs.length];
  }

  *titlesWithPrefix(prefix: string): IterableIterator<number> {
    for (let doc = 0; doc < this.titles.length; doc++) if (this.titles[doc].startsWith(prefix)) yield doc;
  }

  release(): void {
    this.words.clear();
    this.titles.fill('');
    this.bodies.fill('');
    this.grams = createGramIndex();
    this.titleGrams.clear();
  }
}
