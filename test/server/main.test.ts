import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../src/config';
import { start } from '../../src/server/main';
import { captureIo } from '../cli/io';
import { SAMPLE_CORPUS } from './helpers';

describe('start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-start-'));
    await cp(SAMPLE_CORPUS, path.join(dir, 'corpus'), { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the missing index, serves it, keeps a write and serves it again without the corpus', async () => {
    const env = { NODE_ENV: 'test', JIANSUO_ADMIN_TOKEN: 'tok' };
    const config = { ...loadConfig({ corpus: path.join(dir, 'corpus'), index: path.join(dir, 'index'), port: 0 }, env), host: '127.0.0.1' };
    const io = captureIo();
    const first = await start(config, { io });
    expect(io.err()).toContain('analysing: 32/32');
    const base = `http://127.0.0.1:${first.port}`;
    expect(await (await fetch(`${base}/api/health`)).json()).toEqual({ status: 'ok', documents: 32 });
    const put = await fetch(`${base}/api/docs/new-1`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '海通证券新闻', text: '正文' }),
    });
    expect(put.status).toBe(201);
    await first.stop();

    const second = await start({ ...config, corpusDir: path.join(dir, 'no-corpus') }, { io: captureIo() });
    const search = (await (await fetch(`http://127.0.0.1:${second.port}/api/search?q=${encodeURIComponent('海通证券')}`)).json()) as { total: number };
    expect(search.total).toBe(7);
    await second.stop();
  });

  it('serves the index of its corpus at once, without walking the corpus first, and applies a file added since within 5 s', async () => {
    const env = { NODE_ENV: 'test' };
    const corpusDir = path.join(dir, 'corpus');
    const config = { ...loadConfig({ corpus: corpusDir, index: path.join(dir, 'index'), port: 0 }, env), host: '127.0.0.1' };
    await writeFile(path.join(corpusDir, 'added-while-down.md'), '---\ntitle: 停机期间新增的文章\ndate: 2024-06-01 09:00:00 +0800\n---\n<p>服务停着的时候加进语料的文章。</p>\n');
    const io = captureIo();
    const service = await start(config, { io });
    try {
      // Served as it was built: no build before the first answer.
      expect(io.err()).not.toContain('analysing');
      const base = `http://127.0.0.1:${service.port}`;
      const total = async (): Promise<number> => ((await (await fetch(`${base}/api/search?q=${encodeURIComponent('停机期间新增')}`)).json()) as { total: number }).total;
      const started = Date.now();
      while ((await total()) === 0) {
        expect(Date.now() - started).toBeLessThan(5000);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await total()).toBe(1);
    } finally {
      await service.stop();
    }
  }, 30_000);
});
