import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { createApp } from '../../src/server/app';
import { connectStore, downloadIndex, openReplica, RedisWrites, storeKeys, uploadGeneration, type RedisClient } from '../../src/store';
import { SAMPLE_CORPUS, testConfig } from '../server/helpers';
import { runBatches, served, writeBatches } from '../server/write-model';
import { requireRedisServer, startRedis, type RedisChild } from './redis-server';

const PORT = 6391;
const PREFIX = 'jiansuo-outcomes:';
const TOKEN = 'outcome-secret';
const config = testConfig({ adminToken: TOKEN, limits: { ...testConfig().limits, writesPerWindow: 100_000 } });
const AUTH = `Bearer ${TOKEN}`;

let redis: RedisChild;
let dataDir: string;
const sinks: RedisWrites[] = [];
const servers: Server[] = [];

/** A node listening on a port over `writes`' replica. */
async function listen(writes: RedisWrites, index: Parameters<RedisWrites['attach']>[0]): Promise<string> {
  sinks.push(writes);
  const server = createApp({ index, config, writes, store: writes }).listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function node(): Promise<string> {
  const replica = await openReplica(redis.url, PREFIX);
  return listen(replica.writes, replica.index);
}

/** A node whose replica lags as far as it can: its tail reads another database, so it learns of other nodes' writes only when it writes. */
async function staleNode(): Promise<string> {
  const client = await connectStore(redis.url);
  const elsewhere = await connectStore(redis.url.replace(/\/0$/, '/1'));
  const keys = storeKeys(PREFIX);
  const { index } = await downloadIndex(client, keys, redis.url);
  const writes = new RedisWrites(client, elsewhere, keys);
  await writes.attach(index);
  return listen(writes, index);
}

beforeAll(async () => {
  requireRedisServer();
  dataDir = await mkdtemp(path.join(tmpdir(), 'jiansuo-outcomes-'));
  redis = await startRedis(PORT, []);
  const admin: RedisClient = await connectStore(redis.url);
  await admin.flushAll();
  await buildIndexFromCorpus(SAMPLE_CORPUS, path.join(dataDir, 'index'));
  await uploadGeneration(admin, storeKeys(PREFIX), path.join(dataDir, 'index'));
  admin.destroy();
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  await Promise.all(sinks.map((writes) => writes.stop()));
  await redis?.kill();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('writes through nodes over one Redis', () => {
  let a: string;
  let b: string;
  let stale: string;
  beforeAll(async () => {
    [a, b, stale] = [await node(), await node(), await staleNode()];
  });

  it('regression: a write on one node answers from a stale replica', async () => {
    const putOn = (base: string, id: string, title: string) => request(base).put(`/api/docs/${id}`).set('Authorization', AUTH).send({ title, text: '正文' });
    expect((await putOn(a, 'stale-1', '节点甲写的')).status).toBe(201);
    const deleted = await request(stale).delete('/api/docs/stale-1').set('Authorization', AUTH);
    expect([deleted.status, deleted.body]).toEqual([200, { id: 'stale-1', deleted: true }]);
    expect((await putOn(a, 'stale-2', '节点甲写的')).status).toBe(201);
    const replaced = await putOn(stale, 'stale-2', '落后的节点写的');
    expect([replaced.status, replaced.body]).toEqual([200, { id: 'stale-2', created: false }]);
    expect((await request(stale).get('/api/docs/stale-2')).body.title).toBe('落后的节点写的');
  });

  it('answers one of ten concurrent PUTs of a new id on one node 201 and one of ten concurrent DELETEs 200', async () => {
    const puts = await Promise.all(Array.from({ length: 10 }, (_, i) => request(a).put('/api/docs/same').set('Authorization', AUTH).send({ title: `同一稿件${i}`, text: '正文' })));
    expect(puts.map((res) => res.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const deletes = await Promise.all(Array.from({ length: 10 }, () => request(a).delete('/api/docs/same').set('Authorization', AUTH)));
    expect(deletes.map((res) => res.status).sort()).toEqual([200, 404, 404, 404, 404, 404, 404, 404, 404, 404]);
  });

  it('answers batches of concurrent PUTs and DELETEs spread over two nodes as a model does', async () => {
    const ids = ['r-1', 'r-2', 'r-3'];
    const model = await served(a, ids);
    await fc.assert(
      fc.asyncProperty(writeBatches(ids, 2), async (batches) => {
        expect((await runBatches([a, b], TOKEN, ids, batches, model)).problems).toEqual([]);
      }),
      { seed: 20241002, numRuns: 8 },
    );
  }, 90_000);
});
