import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { start } from '../../src/server/main';
import { parseCodes } from '../../src/search/code-synonyms';
import { LocalSynonyms } from '../../src/search/synonym-rules';
import { parseSynonyms } from '../../src/search/synonyms';
import { captureIo } from '../cli/io';
import { SAMPLE_CORPUS, testConfig } from './helpers';

const CODES_FIXTURES = path.join(__dirname, '..', 'fixtures', 'codes');
const TOKEN = 'codes-token';
const HAITONG = '2023-06-12-haitong-announcement';
const MARGIN = '2023-06-13-margin-ranking';
const HKEX = '2023-06-14-hkex-rating';

const MINED = [
  { kind: 'equivalent', terms: ['00388.HK', '0388.HK', '港交所'], source: 'mined', articles: 1 },
  { kind: 'equivalent', terms: ['600837', '海通证券'], source: 'mined', articles: 1 },
  { kind: 'equivalent', terms: ['INTC.O', '英特尔'], source: 'mined', articles: 1 },
];
const CODES_FILE = { kind: 'equivalent', terms: ['601211', '国泰君安'], source: 'codes file', line: 1 };

describe('stock codes in /api/synonyms and /api/search', () => {
  let fixtures: Article[];
  beforeAll(async () => {
    fixtures = (await loadCorpus(CODES_FIXTURES)).articles;
  });
  const app = () =>
    createApp({
      index: buildIndex(fixtures),
      config: testConfig({ adminToken: TOKEN }),
      synonyms: new LocalSynonyms(parseSynonyms('央行, 中国人民银行')),
      codes: parseCodes('601211, 国泰君安\n', 'codes.txt'),
    });
  const rules = async (server: ReturnType<typeof app>): Promise<unknown[]> => (await request(server).get('/api/synonyms').expect(200)).body.rules;
  const hits = async (server: ReturnType<typeof app>, q: string): Promise<string[]> =>
    (await request(server).get('/api/search').query({ q }).expect(200)).body.hits.map((hit: { id: string }) => hit.id);

  it('returns the user rules, the codes file and the mined pairs, each flagged with its source', async () => {
    expect(await rules(app())).toEqual([{ line: 1, kind: 'equivalent', terms: ['央行', '中国人民银行'], source: 'user' }, CODES_FILE, ...MINED]);
  });

  it('replaces the user rules only when synonyms are PUT, leaving the codes file and the mined pairs in force', async () => {
    const server = app();
    const res = await request(server).put('/api/synonyms').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/plain').send('沪上, 上海\n').expect(200);
    const expected = [{ line: 1, kind: 'equivalent', terms: ['沪上', '上海'], source: 'user' }, CODES_FILE, ...MINED];
    expect(res.body.rules).toEqual(expected);
    expect(await rules(server)).toEqual(expected);
    expect(await hits(server, '海通证券')).toEqual([HAITONG, MARGIN]);
  });

  it('returns the article that writes the name for the code, the one that writes the code for the name, and the codes file pairs', async () => {
    const server = app();
    expect(await hits(server, '600837')).toEqual([MARGIN, HAITONG]);
    expect(await hits(server, '海通证券')).toEqual([HAITONG, MARGIN]);
    expect(await hits(server, '00388.HK')).toEqual([HKEX]);
    expect(await hits(server, '国泰君安')).toEqual([MARGIN]);
  });

  it('drops a mined pair once its only article is deleted through the API', async () => {
    const server = app();
    await request(server).delete(`/api/docs/${HAITONG}`).set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(await rules(server)).toEqual([{ line: 1, kind: 'equivalent', terms: ['央行', '中国人民银行'], source: 'user' }, CODES_FILE, MINED[0], MINED[2]]);
    expect(await hits(server, '海通证券')).toEqual([]);
  });
});

describe('start with a codes file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-start-codes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the pairs of JIANSUO_CODES', async () => {
    await writeFile(path.join(dir, 'codes.txt'), '# 港股\n00388.HK, 港交所\n');
    const env = { NODE_ENV: 'test', JIANSUO_CODES: path.join(dir, 'codes.txt') };
    const config = { ...loadConfig({ corpus: SAMPLE_CORPUS, index: path.join(dir, 'index'), port: 0 }, env), host: '127.0.0.1' };
    const running = await start(config, { io: captureIo() });
    try {
      const body = (await (await fetch(`http://127.0.0.1:${running.port}/api/synonyms`)).json()) as { rules: Array<{ source: string }> };
      expect(body.rules.filter((rule) => rule.source === 'codes file')).toEqual([{ kind: 'equivalent', terms: ['00388.HK', '港交所'], source: 'codes file', line: 2 }]);
    } finally {
      await running.stop();
    }
  });

  it('rejects with the file and line when the codes file is malformed', async () => {
    const bad = path.join(dir, 'bad.txt');
    await writeFile(bad, '海通, 海通证券\n');
    const config = { ...loadConfig({ corpus: SAMPLE_CORPUS, index: path.join(dir, 'other-index'), port: 0 }, { NODE_ENV: 'test', JIANSUO_CODES: bad }), host: '127.0.0.1' };
    await expect(start(config, { io: captureIo() })).rejects.toThrow(`invalid synonyms: line 1 of ${bad}: "海通, 海通证券" has no stock code (write the code and the names: 600837, 海通证券)`);
  });
});
