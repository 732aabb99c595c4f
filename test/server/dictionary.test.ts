import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { parseUserDictionary, useUserDictionary, USER_DICT_PATH, versionOf } from '../../src/analysis';
import { loadConfig, type Config } from '../../src/config';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { readManifest } from '../../src/index/index-folder';
import { USER_DICT_FILE } from '../../src/index/user-dictionary-file';
import { start, type RunningService } from '../../src/server/main';
import { captureIo } from '../cli/io';
import { SAMPLE_CORPUS } from './helpers';

const TOKEN = 'dictionary-token';
const PROJECT_TEXT = readFileSync(USER_DICT_PATH, 'utf8');
/** The project's words and one jieba cuts apart (宁德 | 时代), which the sample corpus holds. */
const EXTENDED = `${PROJECT_TEXT.trimEnd()}\n宁德时代 300 nt\n`;
const EXTENDED_VERSION = versionOf(EXTENDED);
/** Queries whose matches (substrings) must not change with the dictionary. */
const QUERIES = ['宁德时代', '贵州茅台', '海通证券', '证券', '时代', '宁德'];

type Answers = Array<{ total: number; ids: string[] }>;

describe('/api/dictionary on a served index folder', () => {
  let dir: string;
  let config: Config;
  let service: RunningService | undefined;
  const base = (): string => `http://127.0.0.1:${service!.port}`;
  const answers = async (): Promise<Answers> =>
    Promise.all(
      QUERIES.map(async (q) => {
        const body = (await request(base()).get('/api/search').query({ q, limit: 100 }).expect(200)).body as { total: number; hits: Array<{ id: string }> };
        return { total: body.total, ids: body.hits.map((hit) => hit.id).sort() };
      }),
    );
  const dictionary = async (): Promise<{ version: string; words: Array<{ word: string }>; segments: { total: number; pending: number } }> =>
    (await request(base()).get('/api/dictionary').expect(200)).body;
  const put = (body: string) => request(base()).put('/api/dictionary').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/plain').send(body);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-dictionary-'));
    await cp(SAMPLE_CORPUS, path.join(dir, 'corpus'), { recursive: true });
    // Segments of 8 documents: the re-segmentation commits several generations.
    await buildIndexFromCorpus(path.join(dir, 'corpus'), path.join(dir, 'index'), undefined, 480, { segmentDocs: 8 });
    const env = { NODE_ENV: 'test', JIANSUO_ADMIN_TOKEN: TOKEN };
    config = { ...loadConfig({ corpus: path.join(dir, 'corpus'), index: path.join(dir, 'index'), port: 0 }, env), host: '127.0.0.1' };
    service = await start(config, { io: captureIo() });
  });
  afterAll(async () => {
    await service?.stop();
    useUserDictionary(parseUserDictionary(PROJECT_TEXT, USER_DICT_PATH, versionOf));
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts a PUT word whole in explain, suggest and the relaxed fallback once the index is cut again, while searches keep their matches', async () => {
    const before = await answers();
    const initial = await dictionary();
    expect(initial.segments).toEqual({ total: 4, pending: 0 });
    expect((await request(base()).get('/api/suggest').query({ q: '宁德' }).expect(200)).body.suggestions).toEqual([]);
    const relaxedBefore = (await request(base()).get('/api/search').query({ q: '宁德时代龙头', explain: 1 }).expect(200)).body.explain;

    const res = await put(EXTENDED).expect(200);
    expect(res.body.version).toBe(EXTENDED_VERSION);
    expect(res.body.words.at(-1)).toEqual({ word: '宁德时代', freq: 300, tag: 'nt' });
    expect(typeof res.body.stall_ms).toBe('number');
    // Searches while the segments are cut again, and after: the same matches.
    const during: Answers[] = [];
    const pending: number[] = [];
    for (let attempt = 0; attempt < 200 && pending.at(-1) !== 0; attempt++) {
      pending.push((await dictionary()).segments.pending);
      during.push(await answers());
    }
    expect(pending[0]).toBe(4);
    expect(during.every((answer) => JSON.stringify(answer) === JSON.stringify(before))).toBe(true);
    expect((await dictionary()).segments).toEqual({ total: 4, pending: 0 });

    const explain = (await request(base()).get('/api/search').query({ q: '宁德时代', explain: 1 }).expect(200)).body.explain;
    expect(explain.terms[0].words).toEqual(['宁德', '时代', '宁德时代']);
    expect((await request(base()).get('/api/suggest').query({ q: '宁德' }).expect(200)).body.suggestions).toEqual([{ text: '宁德时代', kind: 'word', count: 2 }]);
    const relaxedAfter = (await request(base()).get('/api/search').query({ q: '宁德时代龙头', explain: 1 }).expect(200)).body.explain;
    expect([relaxedBefore.terms[0].relaxedInto, relaxedAfter.terms[0].relaxedInto]).toEqual([['宁德', '时代', '龙头'], ['宁德时代', '龙头']]);

    const { manifest } = await readManifest(config.indexDir);
    expect(manifest.analyzer.dictionaryVersion).toBe(EXTENDED_VERSION);
    expect(manifest.segments.map((segment) => segment.dictionaryVersion)).toEqual([EXTENDED_VERSION, EXTENDED_VERSION, EXTENDED_VERSION, EXTENDED_VERSION]);
    expect(await readFile(path.join(config.indexDir, USER_DICT_FILE), 'utf8')).toBe(EXTENDED);
  }, 60_000);

  it('answers 400 naming the line and keeps the dictionary in force when the body is malformed', async () => {
    const res = await put('宁德时代 300 nt\n中芯国际 300\n').expect(400);
    expect(res.body).toEqual({ error: { code: 'invalid_dictionary', message: 'invalid dictionary: body line 2: a frequency needs a tag after it ("中芯国际 300 n")' } });
    expect((await dictionary()).version).toBe(EXTENDED_VERSION);
    expect(await readFile(path.join(config.indexDir, USER_DICT_FILE), 'utf8')).toBe(EXTENDED);
  });

  it('answers 401 and keeps the dictionary when the token is missing', async () => {
    await request(base()).put('/api/dictionary').set('Content-Type', 'text/plain').send('宁德时代').expect(401);
    expect((await dictionary()).version).toBe(EXTENDED_VERSION);
  });

  it('serves the replaced dictionary after a restart', async () => {
    await service!.stop();
    useUserDictionary(parseUserDictionary(PROJECT_TEXT, USER_DICT_PATH, versionOf));
    service = await start(config, { io: captureIo() });
    expect(await dictionary()).toMatchObject({ version: EXTENDED_VERSION, segments: { total: 4, pending: 0 } });
    expect((await request(base()).get('/api/suggest').query({ q: '宁德' }).expect(200)).body.suggestions).toEqual([{ text: '宁德时代', kind: 'word', count: 2 }]);
  }, 60_000);
});
