import { parentPort, workerData } from 'node:worker_threads';
import { loadDictionary, parseUserDictionary, useUserDictionary, versionOf } from '../analysis';
import type { Article } from '../corpus/article';
import { PartialIndexBuilder } from './partial-index';

/** Messages a build thread takes: its first document number, then batches, then `finish`. */
export type BuildWorkerMessage =
  | { type: 'start'; base: number }
  | { type: 'batch'; articles: Array<Pick<Article, 'title' | 'text'>> }
  | { type: 'finish' };

/** What a build thread is started with: the text of the user dictionary in force. */
export interface BuildWorkerData {
  userDictionary: string;
}

// A thread cuts with the dictionary of the process that started it. It takes a second or more
// to load: load it while the main thread is still reading the files this thread will be sent.
useUserDictionary(parseUserDictionary((workerData as BuildWorkerData).userDictionary, 'the build thread', versionOf));
loadDictionary();

/** A build thread: analyses the consecutive documents it is sent and returns their postings. */
let builder: PartialIndexBuilder | undefined;
parentPort!.on('message', (message: BuildWorkerMessage) => {
  if (message.type === 'start') {
    builder = new PartialIndexBuilder(message.base);
  } else if (message.type === 'batch') {
    for (const article of message.articles) builder!.add(article);
    parentPort!.postMessage({ type: 'progress', count: message.articles.length });
  } else {
    const partial = builder!.finish();
    const { words, grams } = partial;
    const transfer = [partial.titleLengths, partial.bodyLengths, partial.signatures, words.offsets, words.docs, words.values!, grams.offsets, grams.docs].map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ type: 'done', partial }, transfer);
  }
});
