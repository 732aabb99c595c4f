import type { Article } from '../corpus/article';

/** Documents containing one word, ascending, with packed `titleTf * 65536 + bodyTf` frequencies. */
export interface Posting {
  docs: ArrayLike<number>;
  tfs: ArrayLike<number>;
}

/**
 * A run of consecutive documents of an index — a segment read from disk, or the documents
 * written since — numbered from 0 within it. The index numbers them after the parts before.
 */
export interface IndexPart {
  /** Documents in the part, deleted ones included. */
  readonly documents: number;
  article(doc: number): Article;
  normTitle(doc: number): string;
  /** Whether the normalised title holds `text`: `normTitle(doc).includes(text)`, without making the title a string. */
  titleIncludes(doc: number, text: string): boolean;
  normBody(doc: number): string;
  /** The part's documents containing `word`, ascending. */
  wordPosting(word: string): Posting | undefined;
  /** The part's documents containing the gram, ascending. */
  gramPosting(gram: string): ArrayLike<number> | undefined;
  /** The part's documents whose normalised title contains the gram, ascending. */
  titleGramPosting(gram: string): ArrayLike<number> | undefined;
  /**
   * Every word of the part's documents (deleted ones included), each once; a part that grows
   * lists the words it had before the ones its new documents brought.
   */
  wordKeys(): Iterable<string>;
  /** The words starting with `prefix`, with the number of the part's documents holding each. */
  wordsWithPrefix(prefix: string): Iterable<[string, number]>;
  /** The part's documents (deleted ones included) whose normalised title starts with `prefix`. */
  titlesWithPrefix(prefix: string): Iterable<number>;
  /**
   * What is left of the work `titlesWithPrefix` needs done first, as steps to run in the
   * background (see `prepareTitleOrders`); none when there is nothing left, or nothing to do.
   */
  titleOrderSteps?(): Iterator<unknown> | undefined;
  /** Lets go of the part's data once none of its documents can be found any more. */
  release(): void;
}
