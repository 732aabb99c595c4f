import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { USER_DICT_PATH, versionOf } from '../../src/analysis';
import { CLI, sampleCorpusFolder, terminate, waitForHealth } from './processes';

const PROJECT_TEXT = readFileSync(USER_DICT_PATH, 'utf8');
const EXTENDED = `${PROJECT_TEXT.trimEnd()}\n宁德时代 300 nt\n`;
const EXTENDED_VERSION = versionOf(EXTENDED);

/** What each of `n` new connections (spread over the workers) answers: the dictionary version, segments pending, and the first word completing 宁德. */
async function answers(base: string, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const headers = { Connection: 'close' };
    const dictionary = (await (await fetch(`${base}/api/dictionary`, { headers })).json()) as { version: string; segments: { pending: number } };
    const suggest = (await (await fetch(`${base}/api/suggest?q=${encodeURIComponent('宁德')}`, { headers })).json()) as { suggestions: Array<{ text: string }> };
    seen.push(`${dictionary.version}:${dictionary.segments.pending}:${suggest.suggestions[0]?.text ?? '-'}`);
  }
  return seen;
}

async function until(what: () => Promise<string[]>, expected: string[], ms: number): Promise<string[]> {
  const started = Date.now();
  let seen = await what();
  while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() - started < ms) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    seen = await what();
  }
  return seen;
}

describe('a live dictionary in spawned services', () => {
  const folder = sampleCorpusFolder('jiansuo-dictionary-processes-');
  let dir: string;
  beforeAll(() => (dir = folder()));

  it('puts the changed JIANSUO_USER_DICT file in force on SIGHUP and cuts the index again with it', async () => {
    const port = 47000 + Math.floor(Math.random() * 1000);
    const base = `http://127.0.0.1:${port}`;
    const configured = path.join(dir, 'user-dict.txt');
    await writeFile(configured, PROJECT_TEXT);
    const args = [CLI, 'start', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'sighup-index'), '--port', String(port)];
    const child = spawn(process.execPath, args, { env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', JIANSUO_USER_DICT: configured }, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      expect(await answers(base, 1)).toEqual([`${versionOf(PROJECT_TEXT)}:0:-`]);
      await writeFile(configured, '宁德时代 300 nt\n中芯国际 300\n');
      child.kill('SIGHUP');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // A malformed file is reported; the dictionary in force stays.
      expect(await answers(base, 1)).toEqual([`${versionOf(PROJECT_TEXT)}:0:-`]);
      await writeFile(configured, EXTENDED);
      child.kill('SIGHUP');
      expect(await until(() => answers(base, 1), [`${EXTENDED_VERSION}:0:宁德时代`], 60_000)).toEqual([`${EXTENDED_VERSION}:0:宁德时代`]);
    } finally {
      expect(await terminate(child)).toBe(0);
    }
  }, 180_000);

  it('puts a dictionary PUT through one worker in force in every worker within 5 s, and keeps it after a restart', async () => {
    const port = 48000 + Math.floor(Math.random() * 1000);
    const base = `http://127.0.0.1:${port}`;
    const args = [CLI, 'start', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'cluster-index'), '--port', String(port), '--workers', '2'];
    const env = { ...process.env, JIANSUO_ADMIN_TOKEN: 'tok', LOG_LEVEL: 'silent', HOST: '127.0.0.1' };
    const cut = new Array(8).fill(`${EXTENDED_VERSION}:0:宁德时代`);
    const first = spawn(process.execPath, args, { env, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      expect(await answers(base, 8)).toEqual(new Array(8).fill(`${versionOf(PROJECT_TEXT)}:0:-`));
      const put = await fetch(`${base}/api/dictionary`, { method: 'PUT', headers: { Authorization: 'Bearer tok', 'Content-Type': 'text/plain' }, body: EXTENDED });
      expect(put.status).toBe(200);
      const versions = async (): Promise<string[]> => (await answers(base, 8)).map((answer) => answer.split(':')[0]);
      expect(await until(versions, new Array(8).fill(EXTENDED_VERSION), 5000)).toEqual(new Array(8).fill(EXTENDED_VERSION));
      expect(await until(() => answers(base, 8), cut, 60_000)).toEqual(cut);
    } finally {
      expect(await terminate(first)).toBe(0);
    }
    const second = spawn(process.execPath, args, { env, stdio: 'ignore' });
    try {
      await waitForHealth(base);
      expect(await answers(base, 8)).toEqual(cut);
    } finally {
      expect(await terminate(second)).toBe(0);
    }
  }, 240_000);
});
