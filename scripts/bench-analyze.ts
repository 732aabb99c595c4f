/**
 * `npm run bench:analyze`: over a corpus (env JIANSUO_CORPUS, default ../shared/corpus) times
 * loading, raw `nodejieba.cutForSearch`, the analyzer (normalize + segmentNormalized) on the same
 * texts, and load + analyse end to end, and prints a table of seconds and MB/s.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import nodejieba from 'nodejieba';
import { loadDictionary } from '../src/analysis/dictionary';
import { normalize } from '../src/analysis/normalize';
import { segmentNormalized } from '../src/analysis/segment';
import type { Article } from '../src/corpus/article';
import { loadCorpus } from '../src/corpus/load-corpus';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');

/** Minimum share of raw jieba's throughput the analyzer should keep. */
const TARGET_PERCENT = 70;

interface Stage {
  name: string;
  seconds: number;
}

/** What every stage analyses: the title and the body of an article, as the index sees them. */
function textsOf(articles: Article[]): string[] {
  return articles.map((article) => `${article.title}\n${article.text}`);
}

/** Runs the analyzer over `texts` and returns the number of tokens, so the work cannot be skipped. */
function analyze(texts: string[]): number {
  let tokens = 0;
  for (const text of texts) tokens += segmentNormalized(normalize(text)).length;
  return tokens;
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e9];
}

async function main(): Promise<void> {
  loadDictionary();

  const [report, loadSeconds] = await timeAsync(() => loadCorpus(corpusDir));
  const texts = textsOf(report.articles);
  const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0) / 1e6;

  const [rawPieces, rawSeconds] = await timeAsync(async () => {
    let pieces = 0;
    for (const text of texts) pieces += nodejieba.cutForSearch(text, true).length;
    return pieces;
  });
  const [tokens, analyzerSeconds] = await timeAsync(async () => analyze(texts));
  const [, endToEndSeconds] = await timeAsync(async () => analyze(textsOf((await loadCorpus(corpusDir)).articles)));

  const stages: Stage[] = [
    { name: 'load corpus (loadCorpus)', seconds: loadSeconds },
    { name: 'raw jieba (cutForSearch, HMM)', seconds: rawSeconds },
    { name: 'analyzer (normalize + segmentNormalized)', seconds: analyzerSeconds },
    { name: 'load + normalise + segment', seconds: endToEndSeconds },
  ];
  const cpus = os.cpus();
  console.log(`Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(
    `Corpus: ${corpusDir} — ${report.articles.length} articles (${report.rejected.length} rejected), ${megabytes.toFixed(1)} MB of title + text (UTF-8)`,
  );
  console.log(`Tokens: raw jieba ${rawPieces} pieces, analyzer ${tokens} tokens\n`);
  console.log('| stage | seconds | MB/s | throughput / raw jieba |');
  console.log('|---|---:|---:|---:|');
  for (const stage of stages) {
    const ofRaw = `${((rawSeconds / stage.seconds) * 100).toFixed(0)}%`;
    console.log(`| ${stage.name} | ${stage.seconds.toFixed(2)} | ${(megabytes / stage.seconds).toFixed(2)} | ${ofRaw} |`);
  }
  const percent = (rawSeconds / analyzerSeconds) * 100;
  console.log(
    `\nanalyzer / raw jieba: ${percent.toFixed(0)}% (target ≥ ${TARGET_PERCENT}%: ${percent >= TARGET_PERCENT ? 'met' : 'NOT met'})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
