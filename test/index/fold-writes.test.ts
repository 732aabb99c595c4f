import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { readIndex } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { replayWrites, WRITE_LOG, WriteLog } from '../../src/index/write-log';
import { answersOf } from './answers';

const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', '接口写入', '券商', '中国', '经济 发展', '改写后的标题'];

function answers(index: SearchIndex): unknown[] {
  return answersOf(index, QUERIES);
}

const at = '2024-06-01T00:00:00.000Z';
const article = (id: string, title: string, text: string): Article => ({ id, title, text, date: '2024-06-01T09:00:00+08:00', categories: ['api'], tags: [], url: null });

describe('foldWrites (through buildIndexFromCorpus)', () => {
  let dir: string;
  let corpusDir: string;
  let indexDir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-fold-')));
    corpusDir = path.join(dir, 'corpus');
    indexDir = path.join(dir, 'index');
    fs.cpSync(CORPUS, corpusDir, { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns, after the next build, what the service served with its writes, replaying none of them and leaving the log as it was', async () => {
    await buildIndexFromCorpus(corpusDir, indexDir);
    const served = (await readIndex(indexDir)).index;
    const [replaced, deleted] = [...served.liveDocs()].slice(0, 2).map((doc) => served.id(doc));
    const log = new WriteLog(indexDir);
    await log.commit(served, { op: 'put', at, article: article('api-new', '接口写入的新文章', '接口写入，海通证券相关。') });
    await log.commit(served, { op: 'put', at, article: article(replaced, '改写后的标题', '改写后的正文，券商。') });
    await log.commit(served, { op: 'delete', at, id: deleted });
    await log.close();
    const logBytes = fs.statSync(path.join(indexDir, WRITE_LOG)).size;

    const built = await buildIndexFromCorpus(corpusDir, indexDir);
    expect(built.manifest.writtenIds).toEqual([replaced, deleted, 'api-new'].sort());
    expect(built.manifest.writeLog?.bytes).toBe(logBytes);
    expect(built.manifest.documentCount).toBe(32);
    expect(fs.statSync(path.join(indexDir, WRITE_LOG)).size).toBe(logBytes);
    const { index, manifest } = await readIndex(indexDir);
    expect((await replayWrites(index, indexDir, manifest.writeLog)).applied).toBe(0);
    expect(answers(index)).toEqual(answers(served));

    // A write after the fold is replayed; the deleted corpus article stays deleted on the next build.
    const again = new WriteLog(indexDir);
    await again.commit(index, { op: 'put', at, article: article('api-later', '折叠之后的写入', '之后。') });
    await again.close();
    const rebuilt = await buildIndexFromCorpus(corpusDir, indexDir);
    const reloaded = (await readIndex(indexDir)).index;
    expect((await replayWrites(reloaded, indexDir, rebuilt.manifest.writeLog)).applied).toBe(0);
    expect([reloaded.docNumber(deleted), reloaded.get(replaced).title, reloaded.get('api-later').title]).toEqual([undefined, '改写后的标题', '折叠之后的写入']);
    expect(reloaded.size).toBe(33);
  }, 60_000);

  it('drops from the log exactly the writes the generation holds, keeping the later ones, and returns the same answers after a restart', async () => {
    await buildIndexFromCorpus(corpusDir, indexDir);
    const served = (await readIndex(indexDir)).index;
    const log = new WriteLog(indexDir);
    await log.commit(served, { op: 'put', at, article: article('api-new', '接口写入的新文章', '接口写入，海通证券相关。') });
    const built = await buildIndexFromCorpus(corpusDir, indexDir);
    await log.commit(served, { op: 'put', at, article: article('api-later', '折叠之后的写入', '之后。') });
    const later = fs.readFileSync(path.join(indexDir, WRITE_LOG), 'utf8').split('\n')[1];
    expect(await log.compact(built.manifest.writeLog!)).toBe(built.manifest.writeLog!.bytes);
    expect(fs.readFileSync(path.join(indexDir, WRITE_LOG), 'utf8')).toBe(`${later}\n`);
    // Compacting again changes nothing: the log no longer starts with what was folded.
    expect(await log.compact(built.manifest.writeLog!)).toBe(0);
    await log.commit(served, { op: 'delete', at, id: 'api-new' });
    await log.close();
    const { index, manifest } = await readIndex(indexDir);
    expect((await replayWrites(index, indexDir, manifest.writeLog)).applied).toBe(2);
    expect(answers(index)).toEqual(answers(served));
  }, 60_000);

  it('keeps the folded writes through a full rebuild after the log was compacted (regression: a full rebuild dropped them)', async () => {
    await buildIndexFromCorpus(corpusDir, indexDir);
    const served = (await readIndex(indexDir)).index;
    const deleted = served.id(0);
    const log = new WriteLog(indexDir);
    await log.commit(served, { op: 'put', at, article: article('api-new', '接口写入的新文章', '接口写入，海通证券相关。') });
    await log.commit(served, { op: 'delete', at, id: deleted });
    const built = await buildIndexFromCorpus(corpusDir, indexDir);
    await log.compact(built.manifest.writeLog!);
    await log.close();
    expect(fs.readFileSync(path.join(indexDir, WRITE_LOG), 'utf8')).toBe('');
    const full = await buildIndexFromCorpus(corpusDir, indexDir, undefined, undefined, { full: true });
    expect(full.manifest.writtenIds).toEqual(['api-new', deleted].sort());
    const { index } = await readIndex(indexDir);
    expect([index.get('api-new').title, index.docNumber(deleted), index.size]).toEqual(['接口写入的新文章', undefined, 32]);
    expect(answers(index)).toEqual(answers(served));
  }, 60_000);

  it('replays every write when the log no longer starts with what the generation folded', async () => {
    await buildIndexFromCorpus(corpusDir, indexDir);
    const served = (await readIndex(indexDir)).index;
    const log = new WriteLog(indexDir);
    await log.commit(served, { op: 'put', at, article: article('api-new', '接口写入的新文章', '正文。') });
    await log.close();
    const built = await buildIndexFromCorpus(corpusDir, indexDir);
    fs.writeFileSync(path.join(indexDir, WRITE_LOG), `${JSON.stringify({ op: 'put', at, article: article('other', '另一篇接口文章', '正文。') })}\n`);
    const { index } = await readIndex(indexDir);
    expect((await replayWrites(index, indexDir, built.manifest.writeLog)).applied).toBe(1);
    expect(index.get('api-new').title).toBe('接口写入的新文章');
  }, 60_000);
});
