import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import request from 'supertest';
import { readIndex } from '../../src/index/read-index';
import { replayWrites } from '../../src/index/write-log';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';
import { limitsWith, removeDir, tempDir, writeSampleIndex } from './helpers';

const TOKEN = 'concurrency-test-token';
const AUTH = `Bearer ${TOKEN}`;
const NEW_DOCS = 128;
/** new-0 … new-39 are deleted again once their PUT is acknowledged. */
const DELETED_NEW = 40;
const REPLACED = 20;
const DELETED_SAMPLES = 12;
const SEARCHES = 100;

/** A marker that occurs in exactly one document: `mk17x` is not a substring of `mk170x`. */
const marker = (kind: string, i: number): string => `${kind}${i}x`;

/** A service on a real port over the index in `indexDir`, with its write log. */
async function serve(indexDir: string, replay: boolean): Promise<{ server: Server; base: string }> {
  const { index, manifest } = await readIndex(indexDir);
  if (replay) await replayWrites(index, indexDir);
  const app = createApp({ index, manifest, indexDir, config: testConfig({ adminToken: TOKEN, limits: limitsWith({ writesPerWindow: 100_000 }) }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function ids(base: string, q: string): Promise<string[]> {
  const res = await request(base).get('/api/search').query({ q, limit: 100 });
  expect([q, res.status]).toEqual([q, 200]);
  return (res.body.hits as Array<{ id: string }>).map((hit) => hit.id);
}

/** Everything a reader sees of a query's answer except how long it took. */
async function answer(base: string, q: string): Promise<unknown> {
  const { took_ms: _took, ...rest } = (await request(base).get('/api/search').query({ q, limit: 100 })).body as Record<string, unknown>;
  return rest;
}

describe('200 concurrent PUTs and DELETEs interleaved with searches', () => {
  let dir: string;
  let indexDir: string;
  let live: { server: Server; base: string };
  let sampleIds: string[];
  const problems: string[] = [];

  beforeAll(async () => {
    dir = tempDir('writes');
    indexDir = path.join(dir, 'index');
    await writeSampleIndex(indexDir);
    sampleIds = (await sampleArticles()).map((article) => article.id).sort();
    live = await serve(indexDir, false);

    const expectVisible = async (id: string, q: string, title: string): Promise<void> => {
      const [found, doc] = await Promise.all([ids(live.base, q), request(live.base).get(`/api/docs/${id}`)]);
      if (found.join() !== id || doc.body.title !== title) problems.push(`${id} not visible after its PUT was acknowledged: ${found.join()} / ${doc.status}`);
    };
    const expectGone = async (id: string, q: string | null): Promise<void> => {
      const doc = await request(live.base).get(`/api/docs/${id}`);
      const found = q === null ? [] : await ids(live.base, q);
      if (doc.status !== 404 || found.length > 0) problems.push(`${id} still visible after its DELETE was acknowledged: ${doc.status} / ${found.join()}`);
    };
    const put = async (id: string, title: string, text: string, status: number): Promise<void> => {
      const res = await request(live.base).put(`/api/docs/${id}`).set('Authorization', AUTH).send({ title, text, date: '2024-10-01 08:00:00 +0800', tags: ['并发'] });
      if (res.status !== status) problems.push(`PUT ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const del = async (id: string): Promise<void> => {
      const res = await request(live.base).delete(`/api/docs/${id}`).set('Authorization', AUTH);
      if (res.status !== 200) problems.push(`DELETE ${id}: ${res.status} ${JSON.stringify(res.body)}`);
    };

    const operations: Array<Promise<void>> = [];
    for (let i = 0; i < NEW_DOCS; i++) {
      const id = `new-${i}`;
      const title = `并发新稿件${i}号`;
      operations.push(
        (async () => {
          await put(id, title, `正文带唯一标记 ${marker('mk', i)} 。`, 201);
          await expectVisible(id, marker('mk', i), title);
          if (i < DELETED_NEW) {
            await del(id);
            await expectGone(id, marker('mk', i));
          }
        })(),
      );
    }
    for (let i = 0; i < REPLACED; i++) {
      const id = sampleIds[i];
      const title = `替换稿件${i}号`;
      operations.push(
        (async () => {
          await put(id, title, `替换后的正文 ${marker('rp', i)} 。`, 200);
          await expectVisible(id, marker('rp', i), title);
        })(),
      );
    }
    for (let i = 0; i < DELETED_SAMPLES; i++) {
      const id = sampleIds[REPLACED + i];
      operations.push(
        (async () => {
          await del(id);
          await expectGone(id, null);
        })(),
      );
    }
    const queries = ['海通证券', '中国', '并发', 'mk1', '替换', 'AB轮岗 OR 5G'];
    for (let i = 0; i < SEARCHES; i++) {
      operations.push(
        (async () => {
          const res = await request(live.base).get('/api/search').query({ q: queries[i % queries.length] });
          if (res.status !== 200) problems.push(`search ${queries[i % queries.length]}: ${res.status}`);
        })(),
      );
    }
    // Shuffle the start order deterministically so writes, deletes and searches interleave.
    await Promise.all(operations.map((operation, i) => [operation, (i * 7919) % operations.length] as const).sort((a, b) => a[1] - b[1]).map(([operation]) => operation));
  }, 60_000);

  afterAll(async () => {
    await new Promise((resolve) => live.server.close(resolve));
    removeDir(dir);
  });

  it('returns every acknowledged write at once and never an error when 200 writes and 100 searches run together', () => {
    expect(problems).toEqual([]);
  });

  it('returns the final set of documents when all writes are acknowledged', async () => {
    const health = await request(live.base).get('/api/health').expect(200);
    expect(health.body.documents).toBe(sampleIds.length - DELETED_SAMPLES + NEW_DOCS - DELETED_NEW);
    expect((await ids(live.base, '并发新稿件')).length).toBe(NEW_DOCS - DELETED_NEW);
    expect((await ids(live.base, '替换稿件')).length).toBe(REPLACED);
  });

  it('returns identical answers after a restart from readIndex and replayWrites', async () => {
    const restarted = await serve(indexDir, true);
    try {
      const queries = ['海通证券', '中国', '并发', '并发新稿件', '替换稿件', 'AB轮岗 OR 5G', 'title:替换', ...Array.from({ length: NEW_DOCS }, (_, i) => marker('mk', i)), ...Array.from({ length: REPLACED }, (_, i) => marker('rp', i))];
      for (const q of queries) expect([q, await answer(restarted.base, q)]).toEqual([q, await answer(live.base, q)]);
      for (const id of [...sampleIds, 'new-0', 'new-127']) {
        const [before, after] = await Promise.all([request(live.base).get(`/api/docs/${id}`), request(restarted.base).get(`/api/docs/${id}`)]);
        expect([id, after.status, after.body]).toEqual([id, before.status, before.body]);
      }
    } finally {
      await new Promise((resolve) => restarted.server.close(resolve));
    }
  });
});
