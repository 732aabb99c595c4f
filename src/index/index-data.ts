import type { Article } from '../corpus/article';
import { normalize } from '../analysis';
import { SearchIndex, compactGrams, createGramIndex } from './search-index';

/**
 * An index in the form it is written to and read from disk. The gram index is kept in
 * FlexSearch's own export format (`[key, json]` chunks), so loading is FlexSearch's `import`.
 */
export interface IndexData {
  docs: Article[];
  titleLengths: number[];
  bodyLengths: number[];
  /** Word postings in CSR form: the postings of `words[i]` are `[offsets[i], offsets[i+1])`. */
  words: string[];
  offsets: Uint32Array;
  postingDocs: Uint32Array;
  postingTfs: Uint32Array;
  gramChunks: Array<[string, string]>;
}

/**
 * Rebuilds the in-memory index from its persisted form. Text is normalised again (cheap, and
 * the analyzer version in the manifest guarantees the same result); nothing is re-segmented.
 */
export function indexFromData(data: IndexData): SearchIndex {
  const grams = createGramIndex();
  for (const [key, json] of data.gramChunks) grams.import(key, json);
  compactGrams(grams);
  const index = new SearchIndex(grams);
  const noWords = new Map<string, number>();
  data.docs.forEach((article, doc) => {
    index.appendAnalyzed(article, {
      normTitle: normalize(article.title),
      normBody: normalize(article.text),
      words: noWords,
      titleLength: data.titleLengths[doc],
      bodyLength: data.bodyLengths[doc],
    });
  });
  for (let w = 0; w < data.words.length; w++) {
    const from = data.offsets[w];
    const to = data.offsets[w + 1];
    index.words.set(data.words[w], { docs: data.postingDocs.subarray(from, to), tfs: data.postingTfs.subarray(from, to) });
  }
  return index;
}
