import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { JiansuoError } from '../../src/errors';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { createApp } from '../../src/server/app';
import { start } from '../../src/server/main';
import { loadSynonyms, SynonymFile } from '../../src/search/synonym-file';
import { noSynonyms } from '../../src/search/synonyms';
import { captureIo } from '../cli/io';
import { SAMPLE_CORPUS, sampleArticles, testConfig } from './helpers';

const TOKEN = 'synonym-token';
const RULES = '# 简称\n央行 => 中国人民银行\n港交所, 香港交易所\n';
/** The pairs of stock code and company name the sample articles write: in force whatever the rules. */
const SAMPLE_MINED = [
  { kind: 'equivalent', terms: ['600837', '海通证券'], source: 'mined', articles: 2 },
  { kind: 'equivalent', terms: ['00388.HK', '香港交易所'], source: 'mined', articles: 1 },
  { kind: 'equivalent', terms: ['600030', '中信证券'], source: 'mined', articles: 1 },
  { kind: 'equivalent', terms: ['600999', '招商证券'], source: 'mined', articles: 1 },
  { kind: 'equivalent', terms: ['601633', '长城汽车'], source: 'mined', articles: 1 },
];
const RULES_VERSION = '55bb28068c9edd94';
const RULES_JSON = {
  version: RULES_VERSION,
  rules: [
    { line: 2, kind: 'one-way', from: ['央行'], to: ['中国人民银行'], source: 'user' },
    { line: 3, kind: 'equivalent', terms: ['港交所', '香港交易所'], source: 'user' },
    ...SAMPLE_MINED,
  ],
};
const NO_RULES_JSON = { version: noSynonyms.version, rules: SAMPLE_MINED };

describe('/api/synonyms', () => {
  let index: SearchIndex;
  beforeAll(async () => {
    index = buildIndex(await sampleArticles());
  });
  const app = (adminToken: string | null = TOKEN) => createApp({ index, config: testConfig({ adminToken }) });
  const put = (server: ReturnType<typeof app>, body: string, token = TOKEN) =>
    request(server).put('/api/synonyms').set('Authorization', `Bearer ${token}`).set('Content-Type', 'text/plain').send(body);
  const total = async (server: ReturnType<typeof app>, q: string): Promise<number> => (await request(server).get('/api/search').query({ q }).expect(200)).body.total;

  it('returns only the pairs the articles write when no rules were loaded', async () => {
    expect((await request(app()).get('/api/synonyms').expect(200)).body).toEqual(NO_RULES_JSON);
  });

  it('replaces the rules, answers them and applies them to the next search when PUT with the token', async () => {
    const server = app();
    expect(await total(server, '央行')).toBe(0);
    const res = await put(server, RULES).expect(200);
    expect(res.body).toEqual(RULES_JSON);
    expect((await request(server).get('/api/synonyms').expect(200)).body).toEqual(RULES_JSON);
    expect(await total(server, '央行')).toBe(2);
    const bulk = await request(server).post('/api/search/bulk').send({ queries: ['央行', '港交所'] }).expect(200);
    expect(bulk.body.results.map((result: { total: number }) => result.total)).toEqual([2, 2]);
  });

  it('answers 400 naming the line and keeps the rules in force when the body is malformed', async () => {
    const server = app();
    await put(server, RULES).expect(200);
    const res = await put(server, '央行 => 中国人民银行\n浙大 =>\n').expect(400);
    expect(res.body).toEqual({ error: { code: 'invalid_synonyms', message: 'invalid synonyms: line 2: nothing on the right of "=>"' } });
    expect((await request(server).get('/api/synonyms').expect(200)).body).toEqual(RULES_JSON);
    expect(await total(server, '央行')).toBe(2);
  });

  it('removes every rule but the pairs the articles write when the body is empty', async () => {
    const server = app();
    await put(server, RULES).expect(200);
    expect((await put(server, '').expect(200)).body).toEqual(NO_RULES_JSON);
    expect(await total(server, '央行')).toBe(0);
  });

  it('answers 401 without a token, 403 with a wrong one or when writes are disabled, and keeps the rules', async () => {
    const server = app();
    const missing = await request(server).put('/api/synonyms').set('Content-Type', 'text/plain').send(RULES).expect(401);
    expect(missing.body.error).toEqual({ code: 'unauthorized', message: 'unauthorized: send the admin token as "Authorization: Bearer <token>"' });
    expect((await put(server, RULES, 'wrong').expect(403)).body.error.message).toBe('forbidden: the bearer token is wrong');
    expect((await put(app(null), RULES).expect(403)).body.error.message).toBe('forbidden: writes are disabled because JIANSUO_ADMIN_TOKEN is unset');
    expect((await request(server).get('/api/synonyms').expect(200)).body.rules).toEqual(SAMPLE_MINED);
  });

  it('answers 415 when the body is not text/plain', async () => {
    const res = await request(app()).put('/api/synonyms').set('Authorization', `Bearer ${TOKEN}`).send({ rules: RULES }).expect(415);
    expect(res.body.error).toEqual({ code: 'unsupported_media_type', message: 'unsupported media type: send the synonyms as text/plain, not application/json' });
  });
});

describe('loadSynonyms', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-synonyms-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the rules of the index folder over the configured file, and the configured file without them', async () => {
    const configured = path.join(dir, 'configured.txt');
    await writeFile(configured, '浙大 => 浙江大学\n');
    expect((await loadSynonyms(dir, configured)).synonyms.rules).toEqual([{ line: 1, kind: 'one-way', from: ['浙大'], to: ['浙江大学'] }]);
    await new SynonymFile(dir).write(RULES);
    expect(await loadSynonyms(dir, configured)).toMatchObject({ file: path.join(dir, 'synonyms.txt'), synonyms: { version: RULES_VERSION } });
    expect(await loadSynonyms(path.join(dir, 'none'), null)).toEqual({ synonyms: noSynonyms, file: null });
  });

  it('throws naming the file and line when the configured file is malformed, and naming the variable when it is missing', async () => {
    const configured = path.join(dir, 'bad.txt');
    await writeFile(configured, '央行, 中国人民银行\n央行\n');
    await expect(loadSynonyms(null, configured)).rejects.toThrow(
      new JiansuoError('invalid_synonyms', `line 2 of ${configured}: "央行" has no synonym (write two entries or more, separated by commas)`),
    );
    await expect(loadSynonyms(null, path.join(dir, 'missing.txt'))).rejects.toThrow(`invalid parameter JIANSUO_SYNONYMS: cannot read "${path.join(dir, 'missing.txt')}" (ENOENT)`);
  });
});

describe('SynonymFile', () => {
  it('keeps the last of concurrent writes and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-synonyms-'));
    try {
      const file = new SynonymFile(dir);
      await Promise.all(['a, b\n', 'c, d\n', 'e, f\n'].map((text) => file.write(text)));
      expect(await readFile(path.join(dir, 'synonyms.txt'), 'utf8')).toBe('e, f\n');
      expect(await readdir(dir)).toEqual(['synonyms.txt']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('start with synonyms', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-start-synonyms-'));
    await cp(SAMPLE_CORPUS, path.join(dir, 'corpus'), { recursive: true });
    await writeFile(path.join(dir, 'configured.txt'), '港交所, 香港交易所\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the configured file, then keeps the rules PUT last across a restart', async () => {
    const env = { NODE_ENV: 'test', JIANSUO_ADMIN_TOKEN: TOKEN, JIANSUO_SYNONYMS: path.join(dir, 'configured.txt') };
    const config = { ...loadConfig({ corpus: path.join(dir, 'corpus'), index: path.join(dir, 'index'), port: 0 }, env), host: '127.0.0.1' };
    const first = await start(config, { io: captureIo() });
    try {
      const base = `http://127.0.0.1:${first.port}`;
      expect(((await (await fetch(`${base}/api/synonyms`)).json()) as { rules: unknown[] }).rules).toEqual([{ line: 1, kind: 'equivalent', terms: ['港交所', '香港交易所'], source: 'user' }, ...SAMPLE_MINED]);
      const put = await fetch(`${base}/api/synonyms`, { method: 'PUT', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'text/plain' }, body: RULES });
      expect(put.status).toBe(200);
    } finally {
      await first.stop();
    }
    expect(await readFile(path.join(dir, 'index', 'synonyms.txt'), 'utf8')).toBe(RULES);

    const second = await start(config, { io: captureIo() });
    try {
      expect(await (await fetch(`http://127.0.0.1:${second.port}/api/synonyms`)).json()).toEqual(RULES_JSON);
    } finally {
      await second.stop();
    }
  });

  it('rejects with the file and line when the configured file is malformed', async () => {
    const bad = path.join(dir, 'bad.txt');
    await writeFile(bad, '央行 => => 中国人民银行\n');
    const config = { ...loadConfig({ corpus: path.join(dir, 'corpus'), index: path.join(dir, 'other-index'), port: 0 }, { NODE_ENV: 'test', JIANSUO_SYNONYMS: bad }), host: '127.0.0.1' };
    await expect(start(config, { io: captureIo() })).rejects.toThrow(`invalid synonyms: line 1 of ${bad}: more than one "=>"`);
  });
});
