import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSynonyms } from '../../src/search/synonyms';
import { runBatches, served, writeBatches } from './write-model';
import { CLI, exitOf, sampleCorpusFolder, waitForHealth } from './processes';

describe('startCluster', () => {
  const folder = sampleCorpusFolder('jiansuo-cluster-');
  let dir: string;
  beforeAll(() => (dir = folder()));

  it('shows a write made through one worker in every worker, keeps it after a restart, and exits 0 on SIGTERM', async () => {
    const port = 41000 + Math.floor(Math.random() * 2000);
    const base = `http://127.0.0.1:${port}`;
    const args = [CLI, 'start', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'index'), '--port', String(port), '--workers', '2'];
    const env = { ...process.env, JIANSUO_ADMIN_TOKEN: 'tok', LOG_LEVEL: 'silent', HOST: '127.0.0.1' };
    const first = spawn(process.execPath, args, { env, stdio: 'ignore' });
    await waitForHealth(base);
    const put = await fetch(`${base}/api/docs/cluster-1`, {
      method: 'PUT',
      headers: { Authorization: 'Bearer tok', 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: '集群写入', text: '只在这里出现的词喵喵喵' }),
    });
    expect(put.status).toBe(201);
    // New connections are spread over the workers: every answer must already hold the write.
    const totals: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${base}/api/search?q=${encodeURIComponent('喵喵喵')}`, { headers: { Connection: 'close' } });
      totals.push(((await response.json()) as { total: number }).total);
    }
    expect(totals).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const exited = exitOf(first);
    first.kill('SIGTERM');
    expect(await exited).toBe(0);

    const second = spawn(process.execPath, args, { env, stdio: 'ignore' });
    await waitForHealth(base);
    const search = (await (await fetch(`${base}/api/search?q=${encodeURIComponent('喵喵喵')}`)).json()) as { hits: Array<{ id: string }> };
    expect(search.hits.map((hit) => hit.id)).toEqual(['cluster-1']);
    const stopped = exitOf(second);
    second.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 120_000);

  it('serves synonyms replaced through one worker in every worker within 5 s, and keeps them after a restart', async () => {
    const port = 45000 + Math.floor(Math.random() * 2000);
    const base = `http://127.0.0.1:${port}`;
    const configured = path.join(dir, 'synonyms-configured.txt');
    await writeFile(configured, '港交所, 香港交易所\n');
    const args = [CLI, 'start', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'synonyms-index'), '--port', String(port), '--workers', '2'];
    const env = { ...process.env, JIANSUO_ADMIN_TOKEN: 'tok', LOG_LEVEL: 'silent', HOST: '127.0.0.1', JIANSUO_SYNONYMS: configured };
    /** What each of 8 new connections (spread over the workers) answers: the rules' version and the total of 央行. */
    const answers = async (): Promise<string[]> => {
      const seen: string[] = [];
      for (let i = 0; i < 8; i++) {
        const rules = (await (await fetch(`${base}/api/synonyms`, { headers: { Connection: 'close' } })).json()) as { version: string };
        const found = (await (await fetch(`${base}/api/search?q=${encodeURIComponent('央行')}`, { headers: { Connection: 'close' } })).json()) as { total: number };
        seen.push(`${rules.version}:${found.total}`);
      }
      return seen;
    };
    const replacement = parseSynonyms('央行 => 中国人民银行\n');
    const first = spawn(process.execPath, args, { env, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      expect(await answers()).toEqual(new Array(8).fill(`${parseSynonyms('港交所, 香港交易所\n').version}:0`));
      const put = await fetch(`${base}/api/synonyms`, { method: 'PUT', headers: { Authorization: 'Bearer tok', 'Content-Type': 'text/plain' }, body: replacement.text });
      expect(put.status).toBe(200);
      const replaced = Date.now();
      let seen = await answers();
      while (seen.some((answer) => answer !== `${replacement.version}:2`) && Date.now() - replaced < 5000) seen = await answers();
      expect(seen).toEqual(new Array(8).fill(`${replacement.version}:2`));
    } finally {
      const exited = exitOf(first);
      first.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const second = spawn(process.execPath, args, { env, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      expect(await answers()).toEqual(new Array(8).fill(`${replacement.version}:2`));
    } finally {
      const exited = exitOf(second);
      second.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 120_000);

  it('answers batches of concurrent PUTs and DELETEs spread over two workers as a model does', async () => {
    const port = 43000 + Math.floor(Math.random() * 2000);
    const base = `http://127.0.0.1:${port}`;
    const args = [CLI, 'start', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'model-index'), '--port', String(port), '--workers', '2'];
    const child = spawn(process.execPath, args, { env: { ...process.env, JIANSUO_ADMIN_TOKEN: 'tok', LOG_LEVEL: 'silent', HOST: '127.0.0.1' }, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      const ids = ['c-1', 'c-2', 'c-3'];
      const [batches] = fc.sample(writeBatches(ids, 1), { seed: 7, numRuns: 1 });
      const run = await runBatches([base], 'tok', ids, batches, await served(base, ids));
      expect(run.problems).toEqual([]);
    } finally {
      const exited = exitOf(child);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 120_000);
});
