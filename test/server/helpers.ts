import * as path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';

/** The sample corpus of the repository (corpus/README.md says which article covers what). */
export const SAMPLE_CORPUS = path.join(__dirname, '..', '..', 'corpus');

let articles: Promise<Article[]> | undefined;

/** The sample articles, read once per test file. */
export function sampleArticles(): Promise<Article[]> {
  articles ??= loadCorpus(SAMPLE_CORPUS).then((report) => report.articles);
  return articles;
}

/** The configuration of a test: defaults and no environment, with overrides. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}, { NODE_ENV: 'test' }), ...overrides };
}
