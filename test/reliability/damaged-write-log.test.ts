import { spawnSync } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { CLI, removeDir, requireCompiledCli, startServer, stopServer, tempDir, writeSampleIndex } from './helpers';

/** A write entry as the service logs it. */
const put = (id: string, article: Record<string, unknown> = {}): Record<string, unknown> => ({
  op: 'put',
  at: '2024-10-01T00:00:00.000Z',
  article: { id, title: '重启测试', date: null, url: null, categories: ['news'], tags: ['测试'], text: '重启后仍在的正文', ...article },
});

/** Runs `jiansuo start` over `indexDir` until it exits, as a supervisor would. */
function startOnce(indexDir: string): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, 'start', '--index', indexDir, '--corpus', path.join(indexDir, 'no-corpus'), '--port', '0'], {
    env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('regression: a damaged but still-JSON line of writes.log crashes start-up', () => {
  let dir: string;
  let indexDir: string;
  let log: string;
  beforeAll(async () => {
    requireCompiledCli();
    dir = tempDir('damaged-log');
    indexDir = path.join(dir, 'index');
    log = path.join(indexDir, 'writes.log');
    await writeSampleIndex(indexDir);
  });
  afterAll(() => removeDir(dir));

  it.each([
    ['its categories key is misspelt', { categories: undefined, categoris: ['news'] }, 'article.categories: Invalid input: expected array, received undefined'],
    ['its tags are null', { tags: null }, 'article.tags: Invalid input: expected array, received null'],
  ])('exits 1 with one line saying index_damaged and naming the line when %s', async (_case, damage, problem) => {
    await writeFile(log, `${JSON.stringify(put('kept-1'))}\n${JSON.stringify(put('bad-1', damage))}\n`);
    expect(startOnce(indexDir)).toEqual({
      status: 1,
      stderr: `jiansuo: index damaged: ${log} line 2 is not a write entry (${problem}); move the file away to serve the index without its writes\n`,
    });
  });

  it('serves the index without its writes once the damaged log is moved away', async () => {
    await writeFile(log, `${JSON.stringify(put('bad-1', { tags: null }))}\n`);
    expect(startOnce(indexDir).status).toBe(1);
    await rename(log, `${log}.damaged`);
    const server = await startServer(indexDir);
    const health = (await (await fetch(`${server.base}/api/health`)).json()) as { documents: number };
    expect(health).toEqual({ status: 'ok', documents: 32 });
    expect(await stopServer(server)).toBe(0);
  });
});
