import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { replayWrites, WriteLog } from '../../src/index/write-log';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';
import { convergedOn, runBatches, served, writeBatches } from './write-model';

const TOKEN = 'outcome-test-token';
const AUTH = `Bearer ${TOKEN}`;
const IDS = ['m-1', 'm-2', 'm-3'];

/** A service listening on a port over the sample articles, its writes logged in `dir`. */
async function serve(dir: string): Promise<{ server: Server; base: string; log: WriteLog }> {
  const index = buildIndex(await sampleArticles());
  await replayWrites(index, dir);
  const log = new WriteLog(dir);
  const app = createApp({ index, writes: log, config: testConfig({ adminToken: TOKEN, limits: { ...testConfig().limits, writesPerWindow: 100_000 } }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

async function close(service: { server: Server; log: WriteLog }): Promise<void> {
  await new Promise((resolve) => service.server.close(resolve));
  await service.log.close();
}

async function logLines(dir: string): Promise<string[]> {
  return (await readFile(path.join(dir, 'writes.log'), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
}

describe('PUT and DELETE /api/docs/:id over a write log', () => {
  let dir: string;
  let service: Awaited<ReturnType<typeof serve>>;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-outcomes-'));
    service = await serve(dir);
  });
  afterEach(async () => {
    await close(service);
    await rm(dir, { recursive: true, force: true });
  });

  it('regression: concurrent writes on one node get wrong answers', async () => {
    const puts = await Promise.all(
      Array.from({ length: 10 }, (_, i) => request(service.base).put('/api/docs/same').set('Authorization', AUTH).send({ title: `同一稿件${i}`, text: '正文' })),
    );
    expect(puts.map((res) => `${res.status} ${JSON.stringify(res.body)}`).sort()).toEqual([
      '200 {"id":"same","created":false}',
      ...Array.from({ length: 8 }, () => '200 {"id":"same","created":false}'),
      '201 {"id":"same","created":true}',
    ]);
    const deletes = await Promise.all(Array.from({ length: 10 }, () => request(service.base).delete('/api/docs/same').set('Authorization', AUTH)));
    expect(deletes.map((res) => `${res.status} ${JSON.stringify(res.body)}`).sort()).toEqual([
      '200 {"id":"same","deleted":true}',
      ...Array.from({ length: 9 }, () => '404 {"error":{"code":"not_found","message":"not found: no document with id \\"same\\""}}'),
    ]);
    const ops = (await logLines(dir)).map((line) => (JSON.parse(line) as { op: string }).op);
    expect(ops).toEqual([...Array.from({ length: 10 }, () => 'put'), 'delete']);
  });

  it('answers every batch of concurrent PUTs and DELETEs as a model does, logs only the writes that change something, and serves the model after a restart', async () => {
    const model = await served(service.base, IDS);
    let changes = 0;
    await fc.assert(
      fc.asyncProperty(writeBatches(IDS, 1), async (batches) => {
        const run = await runBatches([service.base], TOKEN, IDS, batches, model);
        changes += run.changes;
        expect(run.problems).toEqual([]);
      }),
      { seed: 20241001, numRuns: 15 },
    );
    expect((await logLines(dir)).length).toBe(changes);
    await close(service);
    service = await serve(dir);
    expect(await convergedOn([service.base], IDS, model, 0)).toEqual([]);
  }, 60_000);
});
