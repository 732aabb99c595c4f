import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { readIndex } from '../../src/index/read-index';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/request-log';
import { openServedIndex } from '../../src/service/served-index';
import { captureIo } from '../cli/io';
import { buildIntoStore, connectStore, openReplica, storeKeys, uploadGeneration, type RedisClient, type StoreReplica } from '../../src/store';
import { parseSynonyms } from '../../src/search/synonyms';
import { SAMPLE_CORPUS, testConfig } from '../server/helpers';
import { requireRedisServer, startRedis, type RedisChild } from './redis-server';

const PORT = 6390;
const PREFIX = 'jiansuo-test:';
const TOKEN = 'scale-secret';
const config = testConfig({ adminToken: TOKEN });

/** Dev queries in the style of test/search/oracle.test.ts: words, variants, operators, fields, punctuation. */
const QUERIES = [
  '海通证券', '海通證券', '海通', '证券', '证', 'AB轮岗', 'ＡＢ轮岗', 'ab轮岗', '沪上券商抗疫', '7*24', '600837.SH',
  '６００８３７', 'VPN', '<证券法>', '&', '国泰君安', '國泰君安', '北向资金', '国务院常务会议', 'C919', '5G', 'iPhone15',
  '"iPhone15 Pro"', 'USB-C', '同比增长5.2%', 'CPI', '人民币 汇率', '00388.HK', '港交所', '海通 -证券', '海通 OR 国泰君安',
  'title:海通证券', '-title:海通 海通', '中国 OR 上海 OR 香港', '疫情 券商 上海', '。', 'a', '2021', '不存在的词',
];

/** A search answer without its timing, which differs between runs. */
async function answer(app: Express, q: string): Promise<unknown> {
  const res = await request(app).get('/api/search').query({ q, limit: 100 }).expect(200);
  const { took_ms: _took, ...rest } = res.body as Record<string, unknown>;
  return rest;
}

function put(app: Express, id: string, title: string, text: string) {
  return request(app)
    .put(`/api/docs/${id}`)
    .set('Authorization', `Bearer ${TOKEN}`)
    .send({ title, text, date: '2024-05-01' });
}

/** Polls `check` every 10 ms until it holds or `ms` pass; resolves with how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - started;
}

/** Uploads a generation of the sample corpus grown by the article `scale-<name>` titled `title`. */
async function uploadGrown(name: string, title: string, date: string): Promise<void> {
  const corpusDir = path.join(dataDir, `${name}-corpus`);
  await cp(SAMPLE_CORPUS, corpusDir, { recursive: true });
  await writeFile(path.join(corpusDir, `scale-${name}.md`), `---\ntitle: ${title}\ndate: ${date}\n---\n<p>新上传的一代索引里的文章。</p>\n`);
  const grownIndex = path.join(dataDir, `${name}-index`);
  await buildIndexFromCorpus(corpusDir, grownIndex);
  await uploadGeneration(admin, storeKeys(PREFIX), grownIndex);
}

async function hits(app: Express, q: string): Promise<string[]> {
  const res = await request(app).get('/api/search').query({ q }).expect(200);
  return (res.body.hits as Array<{ id: string }>).map((hit) => hit.id).sort();
}

let redis: RedisChild;
let dataDir: string;
let indexDir: string;
let admin: RedisClient;
const replicas: StoreReplica[] = [];

async function node(): Promise<{ app: Express; replica: StoreReplica }> {
  const replica = await openReplica(redis.url, PREFIX);
  replicas.push(replica);
  return { app: createApp({ index: replica.index, config, manifest: replica.manifest, writes: replica.writes, store: replica.writes, synonyms: replica.synonyms }), replica };
}

beforeAll(async () => {
  requireRedisServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'jiansuo-redis-'));
  indexDir = path.join(dataDir, 'index');
  // Append-only with fsync on every write, so the data survives the SIGKILL of the outage test.
  redis = await startRedis(PORT, ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir]);
  admin = await connectStore(redis.url);
  await admin.flushAll();
  await buildIndexFromCorpus(SAMPLE_CORPUS, indexDir);
  await uploadGeneration(admin, storeKeys(PREFIX), indexDir);
}, 60_000);

afterAll(async () => {
  await Promise.all(
    replicas.map((replica) => {
      replica.stopFollowing();
      return replica.writes.stop();
    }),
  );
  admin?.destroy();
  await redis?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('uploadGeneration', () => {
  const bytesOf = (files: Record<string, { bytes: number }>, names = Object.keys(files)): number => names.reduce((sum, name) => sum + files[name].bytes, 0);

  it('sends only the segment files the store lacks, switches current, and deletes the files of generations two back', async () => {
    const keys = storeKeys(PREFIX);
    const before = await admin.get(keys.current);
    const first = await readIndex(indexDir);
    // The generation the store serves already: nothing is sent again.
    expect(await uploadGeneration(admin, keys, indexDir)).toEqual({ generation: before, bytes: bytesOf(first.manifest.files), uploadedBytes: 0, deletedKeys: 0 });
    // A data file of the layout before files were keyed per segment: deleted by the next upload.
    await admin.set(`${PREFIX}gen:gen-old:seg-old/texts.bin`, 'old layout');
    const third = await buildIndexFromCorpus(SAMPLE_CORPUS, path.join(dataDir, 'index3'));
    const replacing = await uploadGeneration(admin, keys, path.join(dataDir, 'index3'));
    expect(await admin.get(keys.current)).toBe(replacing.generation);
    // New segments are sent whole; the replaced generation's files stay for nodes loading it.
    expect(replacing).toEqual({ generation: replacing.generation, bytes: bytesOf(third.manifest.files), uploadedBytes: bytesOf(third.manifest.files), deletedKeys: 1 });
    expect(await admin.exists(`${PREFIX}gen:gen-old:seg-old/texts.bin`)).toBe(0);
    const again = await buildIndexFromCorpus(SAMPLE_CORPUS, path.join(dataDir, 'index2'));
    const next = await uploadGeneration(admin, keys, path.join(dataDir, 'index2'));
    expect(next.deletedKeys).toBe(Object.keys(first.manifest.files).length);
    expect((await admin.keys(`${PREFIX}file:*`)).sort()).toEqual([...Object.keys(again.manifest.files), ...Object.keys(third.manifest.files)].map((file) => keys.file(file)).sort());
  });
});

describe('two nodes over one Redis', () => {
  let a: Express;
  let b: Express;
  let embedded: Express;

  beforeAll(async () => {
    [a, b] = [(await node()).app, (await node()).app];
    const { index, manifest } = await readIndex(path.join(dataDir, 'index2'));
    embedded = createApp({ index, config, manifest });
  });

  it.each(QUERIES)('answers %s identically on both nodes and as the embedded index does', async (q) => {
    const expected = await answer(embedded, q);
    expect(await answer(a, q)).toEqual(expected);
    expect(await answer(b, q)).toEqual(expected);
  });

  it('shows a PUT through node A on node B within 1 s', async () => {
    await put(a, 'scale-put-1', '独角兽公司上市', '一家独角兽公司今天在科创板上市。').expect(201);
    await within(1000, async () => (await hits(b, '独角兽')).includes('scale-put-1'));
  });

  it('shows a DELETE through node B on node A within 1 s', async () => {
    await put(a, 'scale-del-1', '麒麟芯片发布', '新一代麒麟芯片发布。').expect(201);
    await within(1000, async () => (await request(b).get('/api/docs/scale-del-1')).status === 200);
    await request(b).delete('/api/docs/scale-del-1').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await within(1000, async () => (await request(a).get('/api/docs/scale-del-1')).status === 404);
  });

  it('ends with the same document on both nodes when both write the same id at once', async () => {
    const writes = Array.from({ length: 20 }, (_, i) => put(i % 2 === 0 ? a : b, 'scale-race', `竞争写入 ${i}`, `第${i}次写入。`));
    await Promise.all(writes.map((write) => write.expect((res) => expect([200, 201]).toContain(res.status))));
    await within(1000, async () => {
      const [fromA, fromB] = await Promise.all([request(a).get('/api/docs/scale-race'), request(b).get('/api/docs/scale-race')]);
      return fromA.body.title === fromB.body.title;
    });
  });

  it('gives a restarted node every write made before it started', async () => {
    const restarted = (await node()).app;
    expect(await hits(restarted, '独角兽')).toEqual(['scale-put-1']);
    await request(restarted).get('/api/docs/scale-del-1').expect(404);
    expect(await answer(restarted, '海通证券')).toEqual(await answer(a, '海通证券'));
  });

  it('answers writes with 503 store_unavailable within 2 s while Redis is down, keeps searching, and recovers when it returns', async () => {
    await redis.kill();
    const started = Date.now();
    const res = await put(a, 'scale-outage', '停机写入', '停机时的写入。');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('store_unavailable');
    expect(await hits(a, '独角兽')).toEqual(['scale-put-1']);
    expect((await request(b).get('/api/health').expect(200)).body).toEqual({ status: 'ok', documents: 34, store: 'redis', storeConnected: false });

    redis = await startRedis(PORT, ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', dataDir]);
    await within(5000, async () => (await request(a).get('/api/health')).body.storeConnected === true);
    await put(a, 'scale-after', '恢复后写入', '存储恢复后的写入。').expect(201);
    await within(1000, async () => (await hits(b, '恢复后写入')).includes('scale-after'));
  }, 20_000);
});

describe('a node following the store', () => {
  it('serves a newly uploaded generation of a grown corpus within 5 s, without a restart, keeping the writes made through it', async () => {
    const { app } = await node();
    await put(app, 'scale-kept-write', '通过接口写入的文章', '接口写入，保持不变。').expect(201);
    await uploadGrown('grown', '档案增长后的新文章', '2024-06-01 09:00:00 +0800');
    const ms = await within(5000, async () => (await hits(app, '档案增长后的新文章')).includes('scale-grown'));
    expect(ms).toBeLessThan(5000);
    expect(await hits(app, '通过接口写入的文章')).toEqual(['scale-kept-write']);
    expect((await request(app).get('/api/search').query({ q: '海通证券' }).expect(200)).body.total).toBe(6);
  }, 30_000);
});

describe('a service over the store', () => {
  it('sorts the titles of a new generation for completions in the background (bug: a store node left them to its first suggestion)', async () => {
    const served = await openServedIndex({ ...config, store: redis.url, storePrefix: PREFIX }, captureIo(), createLogger('silent'));
    try {
      const unsorted = (): number => {
        let parts = 0;
        served.index.forEachPart((part) => {
          if (part.titleOrderSteps?.() !== undefined) parts++;
        });
        return parts;
      };
      await within(5000, async () => unsorted() === 0);
      await uploadGrown('sorted', '排序测试的新文章', '2024-06-02 09:00:00 +0800');
      await within(5000, async () => served.index.docNumber('scale-sorted') !== undefined);
      await within(5000, async () => unsorted() === 0);
    } finally {
      await served.close();
    }
  }, 30_000);
});

describe('synonyms over one Redis', () => {
  const rules = parseSynonyms('央行 => 中国人民银行\n港交所, 香港交易所\n');
  const replace = (app: Express, body: string) =>
    request(app).put('/api/synonyms').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/plain').send(body);
  const version = async (app: Express): Promise<string> => (await request(app).get('/api/synonyms').expect(200)).body.version;
  const total = async (app: Express, q: string): Promise<number> => (await request(app).get('/api/search').query({ q }).expect(200)).body.total;

  afterAll(async () => {
    await admin.del(storeKeys(PREFIX).synonyms);
  });

  it('shows rules PUT through node A on node B within 5 s, keeps them when B gets a malformed PUT, and gives them to a node started later', async () => {
    const a = (await node()).app;
    const b = (await node()).app;
    expect(await total(b, '央行')).toBe(0);
    await replace(a, rules.text).expect(200);
    expect(await total(a, '央行')).toBe(2);
    const ms = await within(5000, async () => (await version(b)) === rules.version);
    expect(ms).toBeLessThan(5000);
    expect(await total(b, '央行')).toBe(2);

    const bad = await replace(b, '央行 => 中国人民银行\n央行\n').expect(400);
    expect(bad.body.error.message).toBe('invalid synonyms: line 2: "央行" has no synonym (write two entries or more, separated by commas)');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect([await version(a), await version(b)]).toEqual([rules.version, rules.version]);

    const later = await openReplica(redis.url, PREFIX, undefined, parseSynonyms('国泰君安, 国君'));
    replicas.push(later);
    expect(later.synonyms.current().version).toBe(rules.version);
  }, 20_000);

  it('serves its own configured rules until rules are stored', async () => {
    await admin.del(storeKeys(PREFIX).synonyms);
    const own = parseSynonyms('国泰君安, 国君');
    const replica = await openReplica(redis.url, PREFIX, undefined, own);
    replicas.push(replica);
    expect(replica.synonyms.current()).toBe(own);
  });
});

describe('buildIntoStore', () => {
  it('folds the writes of the stream into the next generation, trims the stream one generation later, and gives a node started after it every write', async () => {
    const keys = storeKeys(PREFIX);
    const { app } = await node();
    await put(app, 'fold-1', '折叠进分段的第一篇', '写入流里的文章。').expect(201);
    await put(app, 'fold-2', '折叠进分段的第二篇', '写入流里的文章。').expect(201);
    await request(app).delete('/api/docs/fold-2').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    await buildIntoStore(admin, keys, SAMPLE_CORPUS, 480);
    const held = JSON.parse((await admin.get(keys.manifest)) as string) as { writeStream?: string; writtenIds?: string[] };
    const lastWrite = (await admin.xRevRange(keys.writes, '+', '-', { COUNT: 1 }))[0].id;
    expect(held.writeStream).toBe(lastWrite);
    expect(held.writtenIds).toEqual(expect.arrayContaining(['fold-1', 'fold-2']));
    await put(app, 'fold-3', '折叠之后的写入', '下一代之前的写入。').expect(201);
    const length = await admin.xLen(keys.writes);
    const second = await buildIntoStore(admin, keys, SAMPLE_CORPUS, 480);
    // Built on the generation the store served: no corpus file read again, and only the
    // segment that holds the folded write sent.
    expect([second.incremental, second.report.indexed]).toEqual([true, 0]);
    const secondFiles = (JSON.parse((await admin.get(keys.manifest)) as string) as { files: Record<string, { bytes: number }> }).files;
    const sent = Object.keys(secondFiles).filter((name) => !(name in (held as { files: Record<string, unknown> }).files));
    expect(sent.length).toBeGreaterThan(0);
    expect(second.upload.uploadedBytes).toBe(sent.reduce((sum, name) => sum + secondFiles[name].bytes, 0));
    expect(second.upload.uploadedBytes).toBeLessThan(second.upload.bytes);
    // The entries the first generation held are gone, from its last one on the stream is kept.
    const kept = await admin.xRange(keys.writes, '-', '+');
    expect(kept[0].id).toBe(lastWrite);
    expect(kept.length).toBeLessThan(length);
    const later = await node();
    expect(later.replica.replayed).toBe(0);
    for (const served of [app, later.app]) {
      expect(await hits(served, '折叠进分段')).toEqual(['fold-1']);
      expect(await hits(served, '折叠之后的写入')).toEqual(['fold-3']);
      expect((await request(served).get('/api/search').query({ q: '海通证券' }).expect(200)).body.total).toBe(6);
    }
  }, 60_000);
});
