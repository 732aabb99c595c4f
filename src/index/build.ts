import type { Article } from '../corpus/article';
import { analyzeDocument } from './analyze-document';
import { GramPostings } from './gram-postings';
import { dataFromIndex, indexFromData, type IndexData } from './index-data';
import { SearchIndex } from './search-index';

/** Grams per FlexSearch import chunk: small enough to parse without a long pause. */
const GRAMS_PER_CHUNK = 50_000;

/** Seconds spent in each stage of a build, printed by the CLI and the benchmark. */
export interface BuildTimings {
  analyzeMs: number;
  postingsMs: number;
  importMs: number;
}

/**
 * Serialises gram postings in FlexSearch 0.8's export format (`reg` = ids, `map` = term →
 * slots of ids, one slot at resolution 1), so the gram index is filled by one `import`
 * per chunk instead of one `add` per document — several times faster on a large corpus.
 */
export function gramChunksOf(postings: GramPostings, docCount: number): Array<[string, string]> {
  const chunks: Array<[string, string]> = [['reg', JSON.stringify(Array.from({ length: docCount }, (_, i) => i))]];
  let batch: Array<[string, number[][]]> = [];
  for (const [gram, docs] of postings.entries()) {
    batch.push([gram, [docs]]);
    if (batch.length === GRAMS_PER_CHUNK) {
      chunks.push([`${chunks.length}.map`, JSON.stringify(batch)]);
      batch = [];
    }
  }
  if (batch.length > 0) chunks.push([`${chunks.length}.map`, JSON.stringify(batch)]);
  return chunks;
}

/**
 * Builds an index over articles in this thread.
 *
 * @example buildIndexData(report.articles).data.docs.length
 */
export function buildIndexData(articles: Article[], onProgress?: (done: number) => void): { data: IndexData; timings: BuildTimings } {
  const index = new SearchIndex();
  const postings = new GramPostings();
  let analyzeMs = 0;
  let postingsMs = 0;
  articles.forEach((article, i) => {
    const t0 = performance.now();
    const analyzed = analyzeDocument(article);
    const t1 = performance.now();
    const doc = index.appendAnalyzed(article, analyzed);
    postings.add(doc, [analyzed.normTitle, analyzed.normBody]);
    analyzeMs += t1 - t0;
    postingsMs += performance.now() - t1;
    if (onProgress && (i % 500 === 499 || i === articles.length - 1)) onProgress(i + 1);
  });
  const t2 = performance.now();
  const data = dataFromIndex(index, gramChunksOf(postings, articles.length));
  return { data, timings: { analyzeMs, postingsMs, importMs: performance.now() - t2 } };
}

/** Builds a searchable in-memory index (what tests and `PUT` replays use). */
export function buildIndex(articles: Article[]): SearchIndex {
  return indexFromData(buildIndexData(articles).data);
}
