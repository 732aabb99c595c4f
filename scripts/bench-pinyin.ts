/**
 * `npm run bench:pinyin`: builds the index of a corpus (default ../shared/corpus), then, for
 * its 300 most frequent words of 2–4 Chinese characters, types each word's toneless full
 * pinyin and prints the recall of the query against a brute-force scan of the Chinese word,
 * how often the word is among the top 8 suggestions for its initials, the engine time
 * (`took_ms`) p50/p99 of the pinyin queries and the time of the suggestions, and what the
 * background build of the pinyin tables costs: wall and CPU time, the longest the event loop
 * waited on it, the heap the tables hold (with `--expose-gc`).
 */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pinyinSpellings } from '../src/analysis/pinyin';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import type { SearchIndex } from '../src/index/search-index';
import { matchTerm } from '../src/search/match';
import { preparePinyin } from '../src/search/pinyin-build';
import { union } from '../src/search/sorted';
import { search } from '../src/search/search';
import { suggest } from '../src/search/suggest';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-pinyin-${process.pid}`);
const WORDS = 300;
const SUGGESTIONS = 8;
const ROUNDS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The live words of 2–4 Chinese characters with the most documents, most first. */
function frequentWords(index: SearchIndex): string[] {
  const words = new Set<string>();
  index.forEachPart((part) => {
    for (const word of part.wordKeys()) if (/^\p{Script=Han}{2,4}$/u.test(word)) words.add(word);
  });
  return [...words]
    .map((word) => ({ word, count: index.wordFrequency(word) }))
    .sort((a, b) => b.count - a.count || (a.word < b.word ? -1 : 1))
    .slice(0, WORDS)
    .map(({ word }) => word);
}

async function main(): Promise<void> {
  await buildIndexFromCorpus(corpusDir, indexDir);
  const { index } = await readIndex(indexDir);
  const words = frequentWords(index);
  const docs = [...index.liveDocs()];

  // The first search of a loaded index reads its columns and texts: paid here, as the service pays it before listening.
  search(index, words[0]);
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  let longestWait = 0;
  let tick = performance.now();
  const ticking = setInterval(() => {
    longestWait = Math.max(longestWait, performance.now() - tick);
    tick = performance.now();
  }, 1);
  const cpuBefore = process.cpuUsage();
  const buildStarted = performance.now();
  await preparePinyin(index);
  const buildMs = performance.now() - buildStarted;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(ticking);
  collect();
  const tablesMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const first = search(index, pinyinSpellings(words[0]).full[0]).took_ms;
  const times: number[] = [];
  const suggestTimes: number[] = [];
  const chineseTimes: number[] = [];
  let truthDocs = 0;
  let foundDocs = 0;
  let exactTotals = 0;
  let matchedDocs = 0;
  let suggested = 0;
  const misses: string[] = [];
  const unsuggested: string[] = [];
  for (const word of words) {
    const { full, initials } = pinyinSpellings(word);
    const key = full[0];
    for (let round = 0; round < ROUNDS; round++) {
      times.push(search(index, key).took_ms);
      chineseTimes.push(search(index, word).took_ms);
    }
    const response = search(index, key, { explain: true, limit: 1 });
    // The documents the query matched: those of the term as typed and of each word it stands for.
    const matched = union(response.explain!.terms.map((term) => matchTerm(index, { raw: term.normalized, norm: term.normalized, field: 'any' }).docs));
    if (matched.length === response.total) exactTotals++;
    matchedDocs += response.total;
    const inResult = new Set(matched);
    const truth = docs.filter((doc) => index.normTitle(doc).includes(word) || index.normBody(doc).includes(word));
    truthDocs += truth.length;
    const hit = truth.filter((doc) => inResult.has(doc)).length;
    foundDocs += hit;
    if (hit < truth.length) misses.push(`${word} (${key}: ${hit}/${truth.length})`);
    const started = performance.now();
    const suggestions = suggest(index, initials[0], SUGGESTIONS);
    suggestTimes.push(performance.now() - started);
    if (suggestions.some((suggestion) => suggestion.text === word)) suggested++;
    else unsuggested.push(`${word} (${initials[0]})`);
  }
  rmSync(indexDir, { recursive: true, force: true });
  times.sort((x, y) => x - y);
  suggestTimes.sort((x, y) => x - y);
  chineseTimes.sort((x, y) => x - y);

  const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  console.log(`corpus: ${corpusDir} (${index.size} documents), ${words.length} words × ${ROUNDS} rounds, machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}`);
  console.log();
  console.log(row(['measure', 'value', 'target']));
  console.log(row(['---', '---', '---']));
  console.log(row(['recall of the full-pinyin query against the scan of the word', `${(foundDocs / truthDocs).toFixed(3)} (${foundDocs}/${truthDocs} articles)`, '1.000']));
  console.log(row(['word among the top 8 suggestions for its initials', `${((100 * suggested) / words.length).toFixed(1)} % (${suggested}/${words.length})`, '≥ 90 %']));
  console.log(row(['p50 took_ms of the pinyin queries', percentile(times, 50).toFixed(3), '≤ 1 ms']));
  console.log(row(['p99 took_ms of the pinyin queries', percentile(times, 99).toFixed(3), '≤ 10 ms']));
  console.log(row(['max took_ms', times[times.length - 1].toFixed(3), '']));
  console.log(row(['p50 / p99 took_ms of the same words typed in Chinese', `${percentile(chineseTimes, 50).toFixed(3)} / ${percentile(chineseTimes, 99).toFixed(3)}`, '']));
  console.log(row(['p50 / p99 ms of the suggestions for the initials', `${percentile(suggestTimes, 50).toFixed(3)} / ${percentile(suggestTimes, 99).toFixed(3)}`, '']));
  console.log(row(['pinyin tables, background build: wall / CPU ms', `${buildMs.toFixed(0)} / ${((cpu.user + cpu.system) / 1000).toFixed(0)}`, '']));
  console.log(row(['longest wait of a 1 ms timer during the build, ms', longestWait.toFixed(1), '']));
  console.log(row(['heap of the pinyin tables, MB', tablesMb.toFixed(1), '']));
  console.log(row(['first pinyin query after the build, took_ms', first.toFixed(3), '']));
  console.log(row(['articles matched / articles holding the word', (matchedDocs / truthDocs).toFixed(3), '']));
  console.log(row(['queries whose total is their matched set', `${exactTotals}/${words.length}`, '']));
  console.log();
  console.log(`recall misses: ${misses.join(', ') || 'none'}`);
  console.log(`not suggested: ${unsuggested.join(', ') || 'none'}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
