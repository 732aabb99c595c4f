import * as path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import type { SearchIndex } from '../../src/index/search-index';

/** The sample corpus of the repository (corpus/README.md says which article covers what). */
export const SAMPLE_CORPUS = path.join(__dirname, '..', '..', 'corpus');

let articles: Promise<Article[]> | undefined;

/** The sample articles, read once per test file. */
export function sampleArticles(): Promise<Article[]> {
  articles ??= loadCorpus(SAMPLE_CORPUS).then((report) => report.articles);
  return articles;
}

/**
 * The sample articles served two ways: `split` as two segments, the first article deleted,
 * and the last written since; `whole` as one index of the same live articles. Both must
 * answer alike.
 */
export async function splitSampleIndex(): Promise<{ split: SearchIndex; whole: SearchIndex }> {
  const all = await sampleArticles();
  const cut = Math.floor(all.length / 2);
  const split = indexFromSegments([
    { data: buildIndexData(all.slice(0, cut)).data, deletedDocs: [0] },
    { data: buildIndexData(all.slice(cut, -1)).data, deletedDocs: [] },
  ]);
  split.upsert(all[all.length - 1]);
  return { split, whole: buildIndex([...all.slice(1, cut), ...all.slice(cut)]) };
}

/** The configuration of a test: defaults and no environment, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, { NODE_ENV: 'test' }), ...overrides };
}
