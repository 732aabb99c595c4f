import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { firstCsvField, runBulk } from '../../src/cli/bulk-command';
import { EXIT_REJECTED, runIndex } from '../../src/cli/index-command';
import { formatResults, runSearch } from '../../src/cli/search-command';
import { markToTerminal } from '../../src/cli/terminal';
import { loadConfig, type Config } from '../../src/config';
import { SAMPLE_CORPUS } from '../server/helpers';
import { captureIo } from './io';

let dir: string;
let config: Config;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-cli-'));
  const corpusDir = path.join(dir, 'corpus');
  await cp(SAMPLE_CORPUS, corpusDir, { recursive: true });
  await writeFile(path.join(corpusDir, 'broken.md'), '<p>没有前言</p>\n');
  config = loadConfig({ corpus: corpusDir, index: path.join(dir, 'index') }, { NODE_ENV: 'test' });
  const io = captureIo();
  expect(await runIndex(config, io)).toBe(EXIT_REJECTED);
  indexOutput = io.out();
  indexProgress = io.err();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let indexOutput = '';
let indexProgress = '';

describe('runIndex', () => {
  it('prints indexed and rejected files with the reason, time and speed when some files are bad', () => {
    const lines = indexOutput.split('\n');
    expect(lines[0]).toBe(`indexed   32 files from ${config.corpusDir} into ${config.indexDir}`);
    expect(lines[1]).toBe('rejected  1 files');
    expect(lines[2]).toBe(`  ${path.join(config.corpusDir, 'broken.md')}: no-front-matter: no front matter: the file must start with a "---" line`);
    expect(lines[3]).toMatch(/^time {6}\d+\.\d\d s \(read /);
    expect(lines[4]).toMatch(/^speed {5}\d+ docs\/s$/);
  });

  it('prints that unchanged files were kept when it runs again on the same corpus, and reads every file with full', async () => {
    const again = captureIo();
    expect(await runIndex(config, again)).toBe(EXIT_REJECTED);
    expect(again.out().split('\n')[0]).toBe(`indexed   0 files from ${config.corpusDir} into ${config.indexDir} (32 unchanged kept, 0 changed or removed)`);
    const full = captureIo();
    expect(await runIndex(config, full, { full: true })).toBe(EXIT_REJECTED);
    expect(full.out().split('\n')[0]).toBe(`indexed   32 files from ${config.corpusDir} into ${config.indexDir}`);
    expect(full.out()).toContain('segments  1 holding 32 documents');
  });

  it('reports progress on stderr when stderr is not a terminal', () => {
    expect(indexProgress.split('\n')).toEqual(expect.arrayContaining(['reading files: 33/33', 'analysing: 32/32', 'writing index: 1/1']));
  });
});

describe('runSearch', () => {
  it('prints the JSON response of /api/search when --json is given', async () => {
    const io = captureIo();
    expect(await runSearch('海通证券', { limit: 3, json: true }, config, io)).toBe(0);
    const response = JSON.parse(io.out());
    expect([response.total, response.hits.length, response.hits[0].id]).toEqual([6, 3, '2022-04-15-202204152018033627']);
  });

  it('prints a numbered list with brackets for marks when stdout is not a terminal', async () => {
    const io = captureIo();
    await runSearch('国务院常务会议', { limit: 10, json: false }, config, io);
    const lines = io.out().split('\n');
    expect(lines[0]).toMatch(/^1 results for 国务院常务会议 in [\d.]+ ms$/);
    expect(lines[2]).toMatch(/^1\. .*\[国务院常务会议\]/);
    expect(lines[3]).toBe('   2023-07-21  xinwenlianbo');
  });

  it('rejects with index_missing naming the command to run when there is no index and no corpus', async () => {
    const orphan = { ...config, corpusDir: path.join(dir, 'no-corpus'), indexDir: path.join(dir, 'none') };
    await expect(runSearch('x', { limit: 1, json: true }, orphan, captureIo())).rejects.toThrow(
      /^index missing: no index in .*none; run `npm run index -- --index .*none`/,
    );
  });

  it('builds the missing index from the corpus first, as start does', async () => {
    const io = captureIo();
    await runSearch('海通证券', { limit: 1, json: true }, { ...config, indexDir: path.join(dir, 'built-by-search') }, io);
    expect((JSON.parse(io.out()) as { total: number }).total).toBeGreaterThan(0);
    expect(io.err()).toContain('writing index');
  });
});

describe('runBulk', () => {
  it('streams one JSONL row per line in input order and an error row for a bad line', async () => {
    const file = path.join(dir, 'queries.jsonl');
    await writeFile(file, ['"海通证券"', '{"q": "AB轮岗", "limit": 1}', '{not json', '', '"国泰君安"', '{"q": "CPI", "limit": 0}'].join('\n'));
    const io = captureIo();
    expect(await runBulk(file, { format: 'jsonl', limit: 2 }, config, io)).toBe(2);
    const rows = io.out().trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.line, row.query, row.total ?? row.error.code])).toEqual([
      [1, '海通证券', 6],
      [2, 'AB轮岗', 5],
      [3, null, 'invalid_query'],
      [5, '国泰君安', 3],
      [6, 'CPI', 'invalid_parameter'],
    ]);
    expect(rows[0].hits).toHaveLength(2);
    expect(rows[1].hits).toHaveLength(1);
    expect(rows[4].error.message).toBe('invalid parameter limit: must be an integer from 1 to 100 (got 0)');
    expect(io.err()).toMatch(/^bulk: 5 queries, 2 errors, [\d.]+ s, \d+ queries\/s\n$/);
  });

  it('writes CSV rows with the ids when the input is CSV with a header', async () => {
    const file = path.join(dir, 'queries.csv');
    await writeFile(file, 'query,note\n国务院常务会议,x\n"""未闭合\n"北向资金, 汇率",y\n');
    const io = captureIo();
    expect(await runBulk(file, { format: 'csv', limit: 1 }, config, io)).toBe(2);
    expect(io.out().split('\n')).toEqual([
      'line,query,total,ids,error',
      '2,国务院常务会议,1,VIDEh3Vn8YtPw6QaZ2rJm5Ue230721,',
      '3,,,,invalid query: unclosed quote in the CSV field',
      '4,"北向资金, 汇率",0,,',
      '',
    ]);
  });
});

describe('firstCsvField', () => {
  it('returns the unquoted first field when it holds quotes and commas', () => {
    expect(firstCsvField('"a ""b"", c",d')).toBe('a "b", c');
    expect(firstCsvField(' 海通证券 ,x')).toBe('海通证券');
  });

  it('returns a field with a quote inside it as it is, and names an unclosed quote', () => {
    expect(firstCsvField('7*24"小时,x')).toBe('7*24"小时');
    expect(() => firstCsvField('"""未闭合')).toThrow('invalid query: unclosed quote in the CSV field');
  });
});

describe('markToTerminal', () => {
  it('returns bold colour on a terminal and brackets otherwise, with entities decoded', () => {
    expect(markToTerminal('<mark>AB</mark>轮岗 &lt;证券法&gt;', true)).toBe('\u001b[1;33mAB\u001b[0m轮岗 <证券法>');
    expect(markToTerminal('<mark>AB</mark>轮岗 &amp;', false)).toBe('[AB]轮岗 &');
  });
});

describe('formatResults', () => {
  it('returns the count line only when nothing matched', () => {
    const empty = { query: 'x', total: 0, took_ms: 1, relaxed: false, pinyin: false, hits: [], facets: { categories: {}, tags: {}, months: {} } };
    expect(formatResults(empty, false)).toBe('0 results for x in 1 ms\n');
  });

  it('returns the count line saying so when Latin terms matched by pinyin', () => {
    const spelled = { query: 'yinhang', total: 0, took_ms: 1, relaxed: false, pinyin: true, hits: [], facets: { categories: {}, tags: {}, months: {} } };
    expect(formatResults(spelled, false)).toBe('0 results for yinhang (pinyin: Latin terms matched the Chinese words they spell) in 1 ms\n');
  });
});
