import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { JiansuoError } from '../../src/errors';
import { readManifest } from '../../src/index/index-folder';
import { readIndex, readSegmentSources } from '../../src/index/read-index';
import { writtenSegments } from '../../src/index/segment-files';
import { search } from '../../src/search/search';
import { CLI, killHard, removeDir, requireCompiledCli, SAMPLE_CORPUS, startServer, stopServer, tempDir, writeSampleIndex } from './helpers';

const TOKEN = 'crash-test-token';
const QUERIES = ['海通证券', 'AB轮岗', '国泰君安', '中国 -5G', '海通 OR 国泰君安', 'title:海通', '600837'];

/** Every answer a reader would see for {@link QUERIES}, without timings. */
async function answersOf(indexDir: string): Promise<unknown[]> {
  const { index } = await readIndex(indexDir);
  return QUERIES.map((query) => {
    const { took_ms: _took, ...rest } = search(index, query, { limit: 100 });
    return rest;
  });
}

interface SentPut {
  id: string;
  title: string;
  text: string;
}

describe('kill -9 of jiansuo start during writes', () => {
  let dir: string;
  beforeAll(async () => {
    requireCompiledCli();
    dir = tempDir('kill-start');
    await writeSampleIndex(dir);
  });
  afterAll(() => removeDir(dir));

  it('returns every acknowledged write and nothing half-visible after kill -9 and a restart', async () => {
    const env = { JIANSUO_ADMIN_TOKEN: TOKEN, JIANSUO_RATE_LIMIT_WRITES: '100000' };
    const first = await startServer(dir, env);
    const acknowledgedPuts = new Map<string, SentPut>();
    const acknowledgedDeletes = new Set<string>();
    const unacknowledged = new Map<string, SentPut | 'delete'>();
    let killed = false;

    // 16 writers, each one write at a time, until the process dies under them.
    const writer = async (w: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        const deleting = n % 4 === 3;
        const id = deleting ? `w${w}-${n - 1}` : `w${w}-${n}`;
        const sent: SentPut = { id, title: `崩溃测试${w}之${n}`, text: `标记 kx${w}y${n}z 正文。`.repeat(1 + (n % 5)) };
        unacknowledged.set(id, deleting ? 'delete' : sent);
        try {
          const res = await fetch(`${first.base}/api/docs/${id}`, {
            method: deleting ? 'DELETE' : 'PUT',
            headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
            body: deleting ? undefined : JSON.stringify({ title: sent.title, text: sent.text }),
          });
          if (res.status !== 200 && res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
          unacknowledged.delete(id);
          if (deleting) {
            acknowledgedPuts.delete(id);
            acknowledgedDeletes.add(id);
          } else {
            acknowledgedPuts.set(id, sent);
          }
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, w) => writer(w));
    while (acknowledgedPuts.size + acknowledgedDeletes.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    killed = true;
    await killHard(first.child);
    await Promise.all(writers);
    expect(first.child.signalCode).toBe('SIGKILL');
    // The writers were mid-request when the process died, so some writes were never acknowledged.
    expect(unacknowledged.size).toBeGreaterThan(0);

    const second = await startServer(dir, env);
    try {
      const docOf = async (id: string): Promise<{ status: number; body: { title?: string; text?: string } }> => {
        const res = await fetch(`${second.base}/api/docs/${id}`);
        return { status: res.status, body: (await res.json()) as { title?: string; text?: string } };
      };
      const markerHits = async (id: string): Promise<string[]> => {
        const [, w, n] = /^w(\d+)-(\d+)$/.exec(id)!;
        const res = (await (await fetch(`${second.base}/api/search?q=kx${w}y${n}z`)).json()) as { hits: Array<{ id: string }> };
        return res.hits.map((hit) => hit.id);
      };
      for (const sent of acknowledgedPuts.values()) {
        const doc = await docOf(sent.id);
        expect([sent.id, doc.status, doc.body.title, doc.body.text]).toEqual([sent.id, 200, sent.title, sent.text.trim()]);
        expect(await markerHits(sent.id)).toEqual([sent.id]);
      }
      for (const id of acknowledgedDeletes) {
        expect([id, (await docOf(id)).status, await markerHits(id)]).toEqual([id, 404, []]);
      }
      // A write cut off by the kill is there whole or not at all.
      for (const [id, sent] of unacknowledged) {
        const doc = await docOf(id);
        const hits = await markerHits(id);
        if (doc.status === 404) expect([id, hits]).toEqual([id, []]);
        else if (sent === 'delete') expect([id, doc.status, hits]).toEqual([id, 200, [id]]);
        else expect([id, doc.body.title, doc.body.text, hits]).toEqual([id, sent.title, sent.text.trim(), [id]]);
      }
      const health = (await (await fetch(`${second.base}/api/health`)).json()) as { documents: number };
      expect(health.documents).toBeGreaterThanOrEqual(32 + acknowledgedPuts.size);
      expect(health.documents).toBeLessThanOrEqual(32 + acknowledgedPuts.size + unacknowledged.size);
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
  }, 60_000);
});

/** Writes `count` generated articles into `dir`, enough that a build takes a few seconds. */
function padCorpus(dir: string, count: number): void {
  const sample = readdirSync(SAMPLE_CORPUS)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => readFileSync(path.join(SAMPLE_CORPUS, name), 'utf8').split('---')[2].replace(/<[^>]+>/g, '').replace(/\s+/g, ''))
    .join('');
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const at = (i * 7919) % (sample.length - 1200);
    writeFileSync(path.join(dir, `pad-${i}.md`), `---\ntitle: 填充文章${i} ${sample.slice(at, at + 20)}\ndate: 2020-01-01 00:00:00 +0800\n---\n<p>${sample.slice(at, at + 1000)}</p>\n`);
  }
}

/**
 * Runs `jiansuo index` and kills it with SIGKILL as soon as its stderr shows `line` (a stage of the
 * build), after `delayMs`. Returns how the process ended and what it printed.
 */
function killIndexAt(corpusDir: string, indexDir: string, line: RegExp, delayMs: number): Promise<{ signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, 'index', '--corpus', corpusDir, '--index', indexDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    if (line.test(stderr)) setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve({ signal, stdout, stderr })));
}

describe('kill -9 of jiansuo index', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  let before: unknown[];
  beforeAll(async () => {
    requireCompiledCli();
    dir = tempDir('kill-index');
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    cpSync(SAMPLE_CORPUS, corpusDir, { recursive: true });
    padCorpus(path.join(corpusDir, 'padding'), 5000);
    await writeSampleIndex(indexDir);
    before = await answersOf(indexDir);
  });
  afterAll(() => removeDir(dir));

  it.each([
    ['while analysing', /analysing: [1-9]/, 0],
    ['as the index starts being written', /writing index: 0\/1/, 0],
    ['while the index is being written', /writing index: 0\/1/, 60],
  ])('returns the previous index unchanged when the build is killed %s', async (_when, line, delayMs) => {
    const run = await killIndexAt(corpusDir, indexDir, line, delayMs);
    expect([run.signal, run.stdout]).toEqual(['SIGKILL', '']);
    expect((await readManifest(indexDir)).manifest.documentCount).toBe(32);
    expect(await answersOf(indexDir)).toEqual(before);
  }, 60_000);

  it('returns the previous index from jiansuo start after the kills', async () => {
    const server = await startServer(indexDir);
    try {
      const res = (await (await fetch(`${server.base}/api/search?q=${encodeURIComponent('海通证券')}`)).json()) as { total: number };
      expect(res.total).toBe(6);
    } finally {
      expect(await stopServer(server)).toBe(0);
    }
  }, 60_000);

  it('returns exit code 0 and clears what the killed builds left when the next build runs to the end', () => {
    const run = spawnSync(process.execPath, [CLI, 'index', '--corpus', corpusDir, '--index', indexDir], { encoding: 'utf8' });
    expect([run.status, run.stdout.split('\n').slice(0, 2)]).toEqual([0, [`indexed   5032 files from ${corpusDir} into ${indexDir}`, 'rejected  0 files']]);
    expect(readdirSync(indexDir).filter((name) => !/^(gen|seg)-[\d-]+$/.test(name))).toEqual(['CURRENT']);
    // The new generation and its segment, and the replaced one with its segment (kept one commit longer).
    expect(readdirSync(indexDir).length).toBe(5);
  }, 60_000);
});

/** The error `readIndex` throws for `dir`. */
async function loadError(dir: string): Promise<JiansuoError> {
  return readIndex(dir).then(
    () => {
      throw new Error(`readIndex(${dir}) accepted a damaged index`);
    },
    (error: JiansuoError) => error,
  );
}

describe('a damaged index file', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = tempDir('damaged');
    good = path.join(dir, 'good');
    await writeSampleIndex(good);
  });
  afterAll(() => removeDir(dir));

  /** A copy of the good index, and the path of `name` inside its segment (or its generation, for the manifest). */
  async function copyWith(name: string): Promise<{ indexDir: string; file: string }> {
    const indexDir = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}`);
    cpSync(good, indexDir, { recursive: true });
    const { manifest, genDir } = await readManifest(indexDir);
    return { indexDir, file: name === 'manifest.json' ? path.join(genDir, name) : path.join(indexDir, manifest.segments[0].name, name) };
  }

  /** A copy of the good index with one bit of `name` flipped. */
  async function flippedCopy(name: string): Promise<{ indexDir: string; file: string }> {
    const copy = await copyWith(name);
    const bytes = readFileSync(copy.file);
    bytes[Math.floor(bytes.byteLength / 2)] ^= 0x04;
    writeFileSync(copy.file, bytes);
    return copy;
  }

  /** The error a damaged file of `indexDir` gets. */
  function damaged(file: string, indexDir: string): [string, string] {
    return ['index_damaged', `index damaged: ${file} does not match its checksum in the manifest (truncated or corrupted); run \`npm run index -- --index ${indexDir}\` (or \`npm start\`, which rebuilds it)`];
  }

  const DATA_FILES = ['segment.bin', 'texts.bin', 'docs.bin', 'sources.json'];
  /** What a served index reads whole at load, and so checks in full before serving anything. */
  const SERVED_FILES = ['segment.bin', 'texts.bin'];

  it.each(DATA_FILES)('returns index_damaged naming %s and `npm run index` when it is truncated', async (name) => {
    const { indexDir, file } = await copyWith(name);
    truncateSync(file, Math.floor(readFileSync(file).byteLength / 2));
    const error = await loadError(indexDir);
    expect([error.code, error.message]).toEqual(damaged(file, indexDir));
  });

  it.each(SERVED_FILES)('returns index_damaged naming %s when one bit of it is flipped', async (name) => {
    const { indexDir, file } = await flippedCopy(name);
    const error = await loadError(indexDir);
    expect([error.code, error.message]).toEqual(damaged(file, indexDir));
  });

  it('returns index_damaged naming docs.bin, and shows nothing of it, when a search reaches an article whose bytes were flipped', async () => {
    const { indexDir, file } = await flippedCopy('docs.bin');
    const { index } = await readIndex(indexDir);
    const failures = [...index.liveDocs()].flatMap((doc) => {
      try {
        index.article(doc);
        return [];
      } catch (error) {
        return [[(error as JiansuoError).code, (error as JiansuoError).message]];
      }
    });
    expect(failures).toEqual([damaged(file, indexDir)]);
  });

  it('returns index_damaged naming sources.json when a build reads it after one bit of it was flipped', async () => {
    const { indexDir, file } = await flippedCopy('sources.json');
    const { manifest } = await readManifest(indexDir);
    const error = await readSegmentSources(indexDir, writtenSegments(manifest)[0]).then(
      () => {
        throw new Error('a flipped sources.json was read');
      },
      (failure: JiansuoError) => failure,
    );
    expect([error.code, error.message]).toEqual(damaged(file, indexDir));
  });

  it('returns index_damaged naming manifest.json when it is truncated', async () => {
    const { indexDir, file } = await copyWith('manifest.json');
    truncateSync(file, 100);
    const error = await loadError(indexDir);
    expect(error.code).toBe('index_damaged');
    expect(error.message).toMatch(new RegExp(`^index damaged: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read \\(.*\\); run \`npm run index -- --index ${indexDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\``));
  });

  it('returns exit code 1 and the message on stderr when jiansuo start meets a bit-flipped file and has no corpus', async () => {
    requireCompiledCli();
    const { indexDir, file } = await copyWith('segment.bin');
    const bytes = readFileSync(file);
    bytes[100] ^= 0x01;
    writeFileSync(file, bytes);
    const run = spawnSync(process.execPath, [CLI, 'start', '--index', indexDir, '--corpus', path.join(dir, 'none'), '--port', '0'], { encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
    expect([run.status, run.stderr]).toEqual([
      1,
      `jiansuo: index damaged: ${file} does not match its checksum in the manifest (truncated or corrupted); run \`npm run index -- --index ${indexDir}\` (or \`npm start\`, which rebuilds it)\n`,
    ]);
  }, 30_000);
});

describe('kill -9 of jiansuo start after npm run index folded its writes', () => {
  let dir: string;
  beforeAll(() => {
    requireCompiledCli();
    dir = tempDir('kill-fold');
  });
  afterAll(() => removeDir(dir));

  it('returns every acknowledged write after writes were folded into a segment, the log compacted, more writes made, and the service killed', async () => {
    const corpusDir = path.join(dir, 'corpus');
    const indexDir = path.join(dir, 'index');
    cpSync(SAMPLE_CORPUS, corpusDir, { recursive: true });
    expect(spawnSync(process.execPath, [CLI, 'index', '--corpus', corpusDir, '--index', indexDir], { encoding: 'utf8' }).status).toBe(0);
    const env = { JIANSUO_ADMIN_TOKEN: TOKEN, JIANSUO_RATE_LIMIT_WRITES: '100000' };
    const first = await startServer(indexDir, env);
    const acknowledged = new Map<string, string>();
    let killed = false;
    const writer = async (w: number): Promise<void> => {
      for (let n = 0; !killed; n++) {
        const id = `f${w}-${n}`;
        const title = `折叠测试${w}之${n}`;
        try {
          const res = await fetch(`${first.base}/api/docs/${id}`, {
            method: 'PUT',
            headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ title, text: `标记 fx${w}y${n}z。` }),
          });
          if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
          acknowledged.set(id, title);
        } catch (error) {
          if (!killed) throw error;
          return;
        }
      }
    };
    const writers = Array.from({ length: 4 }, (_, w) => writer(w));
    while (acknowledged.size < 60) await new Promise((resolve) => setTimeout(resolve, 20));
    const firstLine = (): string => readFileSync(path.join(indexDir, 'writes.log'), 'utf8').split('\n')[0];
    const before = firstLine();
    // The build folds the writes made so far while the writers go on.
    const indexing = spawn(process.execPath, [CLI, 'index', '--corpus', corpusDir, '--index', indexDir], { stdio: 'ignore' });
    expect(await new Promise((resolve) => indexing.once('exit', resolve))).toBe(0);
    const { manifest } = await readManifest(indexDir);
    expect(manifest.writtenIds!.length).toBeGreaterThanOrEqual(60);
    // The service applies the new generation and drops the folded writes from its log within a second or two.
    const logFile = path.join(indexDir, 'writes.log');
    const folded = manifest.writeLog!;
    for (let waited = 0; waited < 10_000 && readFileSync(logFile).length >= folded.bytes; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(firstLine()).not.toBe(before);
    const afterFold = acknowledged.size;
    while (acknowledged.size < afterFold + 60) await new Promise((resolve) => setTimeout(resolve, 20));
    killed = true;
    await killHard(first.child);
    await Promise.all(writers);

    const second = await startServer(indexDir, env);
    try {
      for (const [id, title] of acknowledged) {
        const res = await fetch(`${second.base}/api/docs/${id}`);
        expect([id, res.status, ((await res.json()) as { title?: string }).title]).toEqual([id, 200, title]);
      }
      const health = (await (await fetch(`${second.base}/api/health`)).json()) as { documents: number };
      expect(health.documents).toBeGreaterThanOrEqual(32 + acknowledged.size);
      expect(health.documents).toBeLessThanOrEqual(32 + acknowledged.size + 4);
    } finally {
      expect(await stopServer(second)).toBe(0);
    }
  }, 120_000);
});
