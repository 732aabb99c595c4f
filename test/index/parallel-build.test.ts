import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadCorpus } from '../../src/corpus';
import { buildIndex } from '../../src/index/build';
import { readIndex } from '../../src/index/read-index';
import { search } from '../../src/search/search';
import { suggest } from '../../src/search/suggest';

/** The compiled CLI: only compiled code can start build threads (`npm test` builds it first). */
const CLI = path.resolve(__dirname, '../../dist/src/cli/main.js');
const SAMPLE_CORPUS = path.resolve(__dirname, '../../corpus');

const SUBJECTS = ['海通证券', '国泰君安', '申万宏源', 'AB轮岗', '北向资金', '600837.SH', '人民币汇率', '國泰君安', 'ＶＰＮ', '5G'];

/** Enough small articles to make the build use its threads. */
async function writeCorpus(dir: string, count: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const subject = SUBJECTS[i % SUBJECTS.length];
    const other = SUBJECTS[(i * 7 + 3) % SUBJECTS.length];
    const month = String((i % 12) + 1).padStart(2, '0');
    await writeFile(
      path.join(dir, `a${String(i).padStart(5, '0')}.md`),
      `---\ntitle: ${subject}第${i}号公告\ndate: 2023-${month}-15 10:00:00 +0800\ncategories: c${i % 3}\ntags: t${i % 5}\n---\n<p>${other}发布消息，编号${i}，涉及${subject}的业务调整。</p>\n`,
    );
  }
}

describe('readCorpusInSegments', () => {
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does it first)`);
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-parallel-'));
    await writeCorpus(path.join(dir, 'corpus'), 4_500);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns, on build threads, the same results as a build in one thread', async () => {
    const built = spawnSync(process.execPath, [CLI, 'index', '--corpus', path.join(dir, 'corpus'), '--index', path.join(dir, 'index')], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(built.stdout).toMatch(/on 2 threads|on [3-9]\d* threads/);
    const { index: threaded } = await readIndex(path.join(dir, 'index'));
    const single = buildIndex((await loadCorpus(path.join(dir, 'corpus'))).articles);
    for (const query of ['海通证券', '国泰君安', 'ab轮岗', '600837', '编号4499', '业务 -北向', '5g OR vpn', '第1号', '公']) {
      const a = search(threaded, query, { limit: 20 });
      const b = search(single, query, { limit: 20 });
      expect({ query, total: a.total, ids: a.hits.map((h) => h.id), facets: a.facets }).toEqual({
        query,
        total: b.total,
        ids: b.hits.map((h) => h.id),
        facets: b.facets,
      });
    }
    expect(suggest(threaded, '海通', 5)).toEqual(suggest(single, '海通', 5));
  }, 120_000);

  it('keeps the sample corpus in one thread', async () => {
    const built = spawnSync(process.execPath, [CLI, 'index', '--corpus', SAMPLE_CORPUS, '--index', path.join(dir, 'sample-index')], { encoding: 'utf8' });
    expect(built.status).toBe(0);
    expect(built.stdout).toContain('on 1 thread,');
  }, 60_000);
});
