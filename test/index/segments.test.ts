import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndexData } from '../../src/index/build';
import { buildIndexFromCorpus, ensureIndex } from '../../src/index/ensure-index';
import { indexFromData, indexFromSegments } from '../../src/index/index-data';
import { readManifest } from '../../src/index/index-folder';
import { readIndex } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { answersOf } from './answers';

const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', 'AB轮岗', '券商', '中国', '的', '600837', '中国 -5G', '海通 OR 国泰君安', 'title:海通', '经济 发展', '"7*24小时"'];

/** Everything a reader sees of the answers to every query, except the time taken. */
function answers(index: SearchIndex): unknown[] {
  return answersOf(index, QUERIES);
}

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-segments-')));
}

function article(title: string, body: string, date = '2022-03-29 10:56:11 +0800'): string {
  return `---\ntitle: ${title}\ndate: ${date}\ncategories: [test]\n---\n<p>${body}</p>\n`;
}

let articles: Article[];
beforeAll(async () => {
  articles = (await loadCorpus(CORPUS)).articles;
});

describe('indexFromSegments', () => {
  it('returns the ids, totals, facets, scores and snippets of one index when the documents are split into random segments with random deletes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: articles.length - 1 }), { maxLength: 4 }),
        fc.array(fc.nat({ max: articles.length - 1 }), { maxLength: 6 }),
        fc.array(fc.nat({ max: articles.length - 1 }), { maxLength: 3 }),
        (cuts, deletes, replaced) => {
          // Documents in order, then replaced ones again at the end (a newer version in a later segment).
          const stored = [...articles, ...replaced.map((i) => ({ ...articles[i], title: `${articles[i].title}（更新）` }))];
          const bounds = [...new Set([0, ...cuts, articles.length, stored.length])].sort((a, b) => a - b);
          const deleted = new Set(deletes);
          const segments = bounds.slice(1).map((end, k) => {
            const start = bounds[k];
            const docs = stored.slice(start, end);
            const deletedDocs = docs.map((_, i) => i).filter((i) => start + i < articles.length && deleted.has(start + i));
            return { data: buildIndexData(docs).data, deletedDocs };
          });
          const latest = new Map<string, Article>();
          stored.forEach((doc, i) => (i < articles.length && deleted.has(i) ? latest.delete(doc.id) : latest.set(doc.id, doc)));
          const live = [...latest.values()];
          expect(answers(indexFromSegments(segments))).toEqual(answers(indexFromData(buildIndexData(live).data)));
        },
      ),
      { numRuns: 12, seed: 20261201 },
    );
  });
});

describe('buildIndexFromCorpus (incremental)', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  beforeEach(() => {
    dir = tempDir();
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    fs.cpSync(CORPUS, corpusDir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads only added and changed files and returns what a full build returns when files were added, changed and removed', async () => {
    const first = await buildIndexFromCorpus(corpusDir, indexDir);
    expect([first.incremental, first.report.indexed, first.manifest.segments.length]).toEqual([false, 32, 1]);
    const files = fs.readdirSync(corpusDir).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
    fs.writeFileSync(path.join(corpusDir, 'added.md'), article('新增文章：数字人民币试点扩大', '数字人民币试点范围扩大到更多城市。'));
    fs.appendFileSync(path.join(corpusDir, files[0]), '<p>追加段落：海通证券更新。</p>\n');
    fs.rmSync(path.join(corpusDir, files[1]));
    const second = await buildIndexFromCorpus(corpusDir, indexDir);
    expect([second.incremental, second.report.indexed, second.report.kept, second.report.removed]).toEqual([true, 2, 30, 2]);
    expect(second.manifest.segments.map((segment) => segment.deletedDocs.length)).toEqual([2, 0]);
    expect(second.manifest.documentCount).toBe(32);
    const full = await buildIndexFromCorpus(corpusDir, path.join(dir, 'full'), undefined, undefined, { full: true });
    expect(answers((await readIndex(indexDir)).index)).toEqual(answers((await readIndex(path.join(dir, 'full'))).index));
    expect(full.manifest.documentCount).toBe(32);
  }, 60_000);

  it('returns the previous generation unchanged, committing nothing, when no file changed', async () => {
    const first = await buildIndexFromCorpus(corpusDir, indexDir);
    const second = await buildIndexFromCorpus(corpusDir, indexDir);
    expect([second.report.indexed, second.report.kept, second.manifest.builtAt]).toEqual([0, 32, first.manifest.builtAt]);
  }, 60_000);

  it('rejects an added file whose id an unchanged indexed file holds, naming both files', async () => {
    await buildIndexFromCorpus(corpusDir, indexDir);
    const taken = fs.readdirSync(corpusDir).filter((name) => name.endsWith('.md') && name !== 'README.md').sort()[0];
    fs.mkdirSync(path.join(corpusDir, 'later'));
    fs.writeFileSync(path.join(corpusDir, 'later', taken), article('重名文章', '同名文件。'));
    const { report } = await buildIndexFromCorpus(corpusDir, indexDir);
    expect(report.rejected.map(({ path: file, reason, message }) => [file, reason, message])).toEqual([
      [
        path.join(corpusDir, 'later', taken),
        'duplicate-id',
        `duplicate id "${path.basename(taken, '.md')}": ${path.join(corpusDir, 'later', taken)} clashes with ${path.join(corpusDir, taken)}, which is indexed already and keeps the id (a full build gives it to the first in path order)`,
      ],
    ]);
  }, 60_000);

  it('rejects with index_locked naming the process when another build of the folder is running, and takes over a lock its dead builder left', async () => {
    fs.mkdirSync(indexDir, { recursive: true });
    // This test's parent process runs for sure; a pid far beyond pid_max runs for sure not.
    fs.writeFileSync(path.join(indexDir, 'LOCK'), String(process.ppid));
    await expect(buildIndexFromCorpus(corpusDir, indexDir)).rejects.toMatchObject({
      code: 'index_locked',
      message: `index locked: ${indexDir} is being built by process ${process.ppid}; wait for it to finish`,
    });
    fs.writeFileSync(path.join(indexDir, 'LOCK'), '99999999');
    expect((await buildIndexFromCorpus(corpusDir, indexDir)).report.indexed).toBe(32);
    expect(fs.existsSync(path.join(indexDir, 'LOCK'))).toBe(false);
  }, 60_000);

  it('merges small segments by the tiered policy and returns what one segment returns', async () => {
    const policy = { segmentsPerTier: 3, maxSegmentDocs: 30, floorDocs: 1, maxDeletedShare: 0.3 };
    const built = await buildIndexFromCorpus(corpusDir, indexDir, undefined, undefined, { segmentDocs: 4, mergePolicy: policy });
    expect(built.merges).toBeGreaterThan(0);
    expect(built.manifest.segments.length).toBeLessThan(8);
    expect(built.manifest.segments.reduce((sum, segment) => sum + segment.documents, 0)).toBe(32);
    const onDisk = fs.readdirSync(indexDir).filter((name) => name.startsWith('seg-'));
    // The served segments, plus those of the one generation kept for readers that were loading it.
    expect(built.manifest.segments.every((segment) => onDisk.includes(segment.name))).toBe(true);
    expect(onDisk.length).toBeLessThan(built.manifest.segments.length + 4);
    await buildIndexFromCorpus(corpusDir, path.join(dir, 'one'));
    expect(answers((await readIndex(indexDir)).index)).toEqual(answers((await readIndex(path.join(dir, 'one'))).index));
  }, 60_000);
});

describe('ensureIndex', () => {
  let dir: string;
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves an index of another corpus as it is when no corpus is named (regression: start --index DIR replaced DIR with the sample corpus)', async () => {
    dir = tempDir();
    const otherCorpus = path.join(dir, 'other');
    const indexDir = path.join(dir, 'index');
    fs.mkdirSync(otherCorpus);
    fs.writeFileSync(path.join(otherCorpus, 'one.md'), article('唯一的文章', '只有一篇。'));
    await buildIndexFromCorpus(otherCorpus, indexDir);
    const served = await ensureIndex({ corpusDir: CORPUS, corpusNamed: false, indexDir });
    expect([served.built, served.index.size, served.manifest.corpus.path]).toEqual([false, 1, otherCorpus]);
    fs.writeFileSync(path.join(otherCorpus, 'two.md'), article('第二篇文章', '又一篇。'));
    const updated = await ensureIndex({ corpusDir: CORPUS, corpusNamed: false, indexDir });
    expect([updated.built, updated.index.size, updated.manifest.corpus.path]).toEqual([true, 2, otherCorpus]);
    fs.rmSync(otherCorpus, { recursive: true });
    const orphan = await ensureIndex({ corpusDir: CORPUS, corpusNamed: false, indexDir });
    expect([orphan.built, orphan.index.size]).toEqual([false, 2]);
    expect((await readManifest(indexDir)).manifest.corpus.path).toBe(otherCorpus);
  }, 60_000);
});
