import { parentPort } from 'node:worker_threads';
import type { Article } from '../corpus/article';
import { analyzeBatch } from './partial-index';

/** A build thread: analyses the batches it is sent and returns their postings. */
parentPort!.on('message', (batch: { base: number; articles: Array<Pick<Article, 'title' | 'text'>> }) => {
  const partial = analyzeBatch(batch.articles, batch.base);
  const transfer = [partial.titleLengths, partial.bodyLengths, partial.wordOffsets, partial.wordDocs, partial.wordTfs].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(partial, transfer);
});
