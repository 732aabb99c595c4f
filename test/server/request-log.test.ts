import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/request-log';
import { sampleArticles, testConfig } from './helpers';

describe('createLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jiansuo-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one JSON line per request to its destination, once its writes are flushed', async () => {
    const file = path.join(dir, 'service.log');
    const logger = createLogger('info', file);
    const app = createApp({ index: buildIndex(await sampleArticles()), config: testConfig(), logger });
    const search = await request(app).get('/api/search').query({ q: '海通证券', limit: 1 }).expect(200);
    await request(app).get('/api/docs/missing').expect(404);
    // A request is logged when its response has finished on the server, which may come just
    // after the client has read it: flush until both lines are there (or 5 s have passed).
    let text = '';
    for (let waited = 0; waited < 5000 && text.trimEnd().split('\n').length < 2; waited += 50) {
      await new Promise<void>((resolve, reject) => logger.flush((error) => (error ? reject(error) : resolve())));
      text = readFileSync(file, 'utf8');
      if (text.trimEnd().split('\n').length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ time, ms, ...rest }) => {
      expect([typeof time, typeof ms]).toEqual(['number', 'number']);
      return rest;
    })).toEqual([
      { level: 30, service: 'jiansuo', method: 'GET', url: `/api/search?q=${encodeURIComponent('海通证券')}&limit=1`, route: '/api/search', status: 200, bytes: Buffer.byteLength(search.text), ip: '127.0.0.1' },
      { level: 30, service: 'jiansuo', method: 'GET', url: '/api/docs/missing', route: '/api/docs/:id', status: 404, bytes: 85, ip: '127.0.0.1' },
    ]);
  });
});
