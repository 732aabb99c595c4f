import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { runExport } from '../../src/cli/export-command';
import { runIndex } from '../../src/cli/index-command';
import { runSearch } from '../../src/cli/search-command';
import { loadConfig, type Config } from '../../src/config';
import { SAMPLE_CORPUS } from '../server/helpers';
import { captureIo } from './io';

const CLI = path.join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

let dir: string;
let config: Config;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-export-'));
  config = loadConfig({ corpus: SAMPLE_CORPUS, index: path.join(dir, 'index') }, { NODE_ENV: 'test' });
  expect(await runIndex(config, captureIo())).toBe(0);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runExport', () => {
  it('writes every match as CSV in the order of the search and a summary on stderr', async () => {
    const io = captureIo();
    expect(await runExport('的', { format: 'csv', sort: 'relevance', snippet: false }, config, io)).toBe(0);
    const rows = parse(io.out(), { bom: true, columns: true }) as Array<Record<string, string>>;
    const searched = captureIo();
    await runSearch('的', { limit: 100, json: true }, config, searched);
    const response = JSON.parse(searched.out());
    expect(rows.map((row) => row.id)).toEqual(response.hits.map((hit: { id: string }) => hit.id));
    expect(rows).toHaveLength(30);
    expect(io.err()).toMatch(/^export: 30 rows, \d+\.\d\d s, \d+ rows\/s\n$/);
  });

  it('writes JSONL newest first with snippets and filters when given them', async () => {
    const io = captureIo();
    await runExport('海通证券', { format: 'jsonl', sort: 'date', snippet: true, from: '2022-03-01', to: '2022-03-31' }, config, io);
    const rows = io.out().trim().split('\n').map((line) => JSON.parse(line));
    expect(rows.map((row) => [row.id, row.score])).toEqual([
      ['2022-03-31-202203311842051960', 0],
      ['2022-03-29-202203292326272624', 0],
    ]);
    expect(rows[1].snippet).toMatch(/^财联社3月29日讯，面对本轮疫情，沪上券商抗疫工作全面升级。海通证券/);
  });

  it('rejects with the message of the API when an option is bad', async () => {
    await expect(runExport('海通证券', { format: 'csv', sort: 'relevance', snippet: false, from: '2022-3-1' }, config, captureIo())).rejects.toThrow(
      'invalid parameter from: must be a date of the form YYYY-MM-DD (got "2022-3-1")',
    );
  });
});

describe('jiansuo export', () => {
  it('prints the CSV with its byte order mark on stdout and nothing else when run as a program', async () => {
    // A corpus named in the environment (as CI names the shared one) would be this index's to rebuild from.
    const { JIANSUO_CORPUS: _named, ...env } = process.env;
    const { stdout, stderr } = await promisify(execFile)('node', [CLI, 'export', '海通证券', '--index', config.indexDir, '--category', 'hkstocks'], { encoding: 'buffer', env });
    expect(stdout.toString('utf8')).toBe(
      '\ufeffid,title,date,url,categories,tags,score\r\n' +
        '2024-09-06-202409063160830042,國泰君安與海通證券籌劃合併重組 兩家公司A股及H股停牌,2024-09-06T08:30:00+08:00,"https://finance.example.com/news/1354,202409063160830042.html",securities;hkstocks,证券;港股,6.9279\r\n',
    );
    expect(stderr.toString('utf8')).toMatch(/^export: 1 rows, /);
  });
});
