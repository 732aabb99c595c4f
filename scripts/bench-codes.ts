/**
 * `npm run bench:codes`: builds the index of a corpus (default ../shared/corpus), then prints
 * the stock code / company name pairs its articles write, what mining them costs at load (A/B
 * against loading alone, alternating, fresh index each round) and after a write, and the engine
 * time (`took_ms`) p50/p99 of the codes and names as queries, with and without the pairs.
 */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDictionary } from '../src/analysis';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import { withCodes } from '../src/search/code-synonyms';
import { minedCodes } from '../src/search/mined-codes';
import { search } from '../src/search/search';
import { noSynonyms } from '../src/search/synonyms';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-codes-${process.pid}`);
const ROUNDS = 7;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const median = (values: number[]): number => percentile([...values].sort((a, b) => a - b), 50);

async function timed<T>(run: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

async function main(): Promise<void> {
  loadDictionary();
  const built = await timed(() => buildIndexFromCorpus(corpusDir, indexDir, undefined, undefined, { full: true }));
  const loads: number[] = [];
  const minings: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const load = await timed(() => readIndex(indexDir));
    loads.push(load.ms);
    minings.push((await timed(() => minedCodes(load.value.index))).ms);
  }
  const { index } = await readIndex(indexDir);
  const pairs = minedCodes(index);
  const afterWrites: number[] = [];
  for (let write = 0; write < ROUNDS; write++) {
    index.upsert({ id: `bench-write-${write}`, title: '公告', date: null, categories: [], tags: [], url: null, text: '公告称海通证券(600837.SH)拟发行公司债券。' });
    afterWrites.push((await timed(() => minedCodes(index))).ms);
  }
  for (let write = 0; write < ROUNDS; write++) index.remove(`bench-write-${write}`);
  const synonyms = withCodes(noSynonyms, noSynonyms, minedCodes(index));

  const queries = pairs.flatMap((pair) => [...pair.forms, pair.name]);
  const withPairs: number[] = [];
  const without: number[] = [];
  let found = 0;
  let foundWithout = 0;
  const slowest = new Map<string, number>();
  for (let round = 0; round < 21; round++) {
    for (const query of queries) {
      const a = search(index, query, { synonyms });
      const b = search(index, query);
      if (round === 0) {
        found += a.total;
        foundWithout += b.total;
      } else {
        withPairs.push(a.took_ms);
        without.push(b.took_ms);
        slowest.set(query, Math.max(slowest.get(query) ?? 0, a.took_ms));
      }
    }
  }
  withPairs.sort((x, y) => x - y);
  without.sort((x, y) => x - y);

  console.log(`corpus ${corpusDir}: ${index.size} articles, full build ${(built.ms / 1000).toFixed(1)} s (mining is not part of it)`);
  console.log(`pairs mined: ${pairs.length}`);
  for (const pair of pairs) console.log(`  ${pair.articles}  ${pair.forms.join(', ')}  ↔  ${pair.name}`);
  console.log('| step | median ms |');
  console.log('|---|---:|');
  console.log(`| readIndex (load) | ${median(loads).toFixed(1)} |`);
  console.log(`| mining the loaded index (first use) | ${median(minings).toFixed(1)} |`);
  console.log(`| mining after one write | ${median(afterWrites).toFixed(2)} |`);
  console.log(`${queries.length} code and name queries × 20 rounds: articles found ${foundWithout} → ${found} with the pairs`);
  console.log('| took_ms | p50 | p99 |');
  console.log('|---|---:|---:|');
  console.log(`| with the pairs | ${percentile(withPairs, 50).toFixed(3)} | ${percentile(withPairs, 99).toFixed(3)} |`);
  console.log(`| without | ${percentile(without, 50).toFixed(3)} | ${percentile(without, 99).toFixed(3)} |`);
  const worst = [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 5);
  console.log(`slowest with the pairs (max took_ms): ${worst.map(([query, ms]) => `${query} ${ms.toFixed(1)}`).join(', ')}`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(indexDir, { recursive: true, force: true }));
