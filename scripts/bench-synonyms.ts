/**
 * `npm run bench:synonyms`: builds the index of a corpus (default ../shared/corpus), then runs
 * queries naming abbreviations and full names of Chinese institutions with and without a set
 * of synonym rules, and prints the engine time (`took_ms`) p50/p99, how many more articles the
 * rules find, and how often an article holding only a synonym ranks above one holding the term
 * as typed in the top 10.
 */
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { normalize } from '../src/analysis';
import { buildIndexFromCorpus, readIndex } from '../src/index';
import { parseQuery } from '../src/search/query-parser';
import { search } from '../src/search/search';
import { parseSynonyms } from '../src/search/synonyms';

const corpusDir = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '../../../shared/corpus');
const indexDir = path.join(os.tmpdir(), `jiansuo-bench-synonyms-${process.pid}`);

const RULES = parseSynonyms(
  [
    '央行, 中国人民银行, 人民银行',
    '证监会, 中国证监会, 中国证券监督管理委员会',
    '发改委, 国家发改委, 国家发展改革委, 国家发展和改革委员会',
    '国资委, 国务院国资委',
    '港交所, 香港交易所',
    '上交所, 上海证券交易所',
    '深交所, 深圳证券交易所',
    '北交所, 北京证券交易所',
    '美联储, 联储局',
    '沪指, 上证指数, 上证综指',
    '国常会 => 国务院常务会议',
    '两会 => 全国两会',
    '中概股 => 中国概念股',
    '新冠 => 新冠肺炎, 新冠病毒',
    '浙大 => 浙江大学',
    '北大 => 北京大学',
    '清华 => 清华大学',
    '世卫组织, 世界卫生组织',
  ].join('\n'),
);

const QUERIES = [
  ...RULES.rules.flatMap((rule) => (rule.kind === 'equivalent' ? rule.terms : rule.from)),
  '央行 降准', '证监会 -处罚', '港交所 OR 上交所', 'title:发改委', '美联储 加息', '两会 代表', '新冠 疫苗',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  await buildIndexFromCorpus(corpusDir, indexDir);
  const { index } = await readIndex(indexDir);
  const withRules: number[] = [];
  const without: number[] = [];
  for (let round = 0; round < 11; round++) {
    for (const query of QUERIES) {
      const a = search(index, query, { synonyms: RULES }).took_ms;
      const b = search(index, query).took_ms;
      if (round > 0) {
        withRules.push(a);
        without.push(b);
      }
    }
  }
  withRules.sort((x, y) => x - y);
  without.sort((x, y) => x - y);

  // A synonym-only article above an article holding the typed term, among the top 10.
  let pairs = 0;
  let inverted = 0;
  let found = 0;
  let foundWithout = 0;
  for (const query of QUERIES) {
    const response = search(index, query, { synonyms: RULES });
    found += response.total;
    foundWithout += search(index, query).total;
    const typed = parseQuery(query).groups.flat().map((term) => term.norm);
    const holdsTyped = response.hits.map((hit) => {
      const article = index.get(hit.id);
      const text = normalize(`${article.title}\n${article.text}`);
      return typed.some((term) => text.includes(term));
    });
    holdsTyped.forEach((holds, i) => {
      if (!holds) return;
      for (let j = 0; j < i; j++) {
        pairs++;
        if (!holdsTyped[j]) inverted++;
      }
    });
  }
  rmSync(indexDir, { recursive: true, force: true });

  const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;
  console.log(`corpus: ${corpusDir} (${index.size} documents), ${RULES.rules.length} rules, ${QUERIES.length} queries × 10 rounds (after one warm-up), machine: ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}`);
  console.log();
  console.log(row(['rules', 'p50 took_ms', 'p99 took_ms', 'max', 'articles found']));
  console.log(row(['---', '---', '---', '---', '---']));
  console.log(row(['synonyms', withRules[Math.floor(withRules.length / 2)].toFixed(3), percentile(withRules, 99).toFixed(3), withRules[withRules.length - 1].toFixed(3), found]));
  console.log(row(['none', without[Math.floor(without.length / 2)].toFixed(3), percentile(without, 99).toFixed(3), without[without.length - 1].toFixed(3), foundWithout]));
  console.log();
  console.log(`top-10 pairs (typed-term article below another): ${pairs}; the other holds only a synonym in ${inverted} (${((100 * inverted) / (pairs || 1)).toFixed(1)} %)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
