import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import { replayWrites, WriteLog } from '../../src/index/write-log';

function article(id: string, title: string): Article {
  return { id, title, date: '2024-01-01T00:00:00+08:00', categories: [], tags: [], url: null, text: `${title}正文` };
}

describe('replayWrites', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns zero applied when there is no log', async () => {
    expect(await replayWrites(buildIndex([]), dir)).toEqual({ applied: 0, tornLine: null });
  });

  it('applies committed writes in order when replayed into a fresh index', async () => {
    const log = new WriteLog(dir);
    const live = buildIndex([article('a', '甲')]);
    await Promise.all([
      log.commit(live, { op: 'put', at: 't1', article: article('b', '乙') }),
      log.commit(live, { op: 'delete', at: 't2', id: 'a' }),
      log.commit(live, { op: 'put', at: 't3', article: article('b', '丙') }),
    ]);
    await log.close();
    const fresh = buildIndex([article('a', '甲')]);
    expect(await replayWrites(fresh, dir)).toEqual({ applied: 3, tornLine: null });
    expect([fresh.size, fresh.get('b').title, fresh.docNumber('a')]).toEqual([1, '丙', undefined]);
    expect([live.size, live.get('b').title]).toEqual([1, '丙']);
  });

  it('ignores, reports and cuts off a torn last line when the process died while appending', async () => {
    const file = path.join(dir, 'writes.log');
    const good = `${JSON.stringify({ op: 'put', at: 't1', article: article('b', '乙') })}\n`;
    await writeFile(file, `${good}{"op":"put","at":"t2","arti`);
    const index = buildIndex([]);
    expect(await replayWrites(index, dir)).toEqual({ applied: 1, tornLine: '{"op":"put","at":"t2","arti' });
    expect(await readFile(file, 'utf8')).toBe(good);
    await appendFile(file, `${JSON.stringify({ op: 'delete', at: 't3', id: 'b' })}\n`);
    expect(await replayWrites(buildIndex([]), dir)).toEqual({ applied: 2, tornLine: null });
  });

  it('throws index_damaged naming the line when a line inside the log is not a write', async () => {
    await writeFile(path.join(dir, 'writes.log'), `garbage\n${JSON.stringify({ op: 'delete', at: 't', id: 'x' })}\n`);
    await expect(replayWrites(buildIndex([]), dir)).rejects.toThrow(
      `index damaged: ${path.join(dir, 'writes.log')} line 1 is not a write entry (not JSON); move the file away to serve the index without its writes`,
    );
  });

  describe('regression: a damaged but still-JSON line of writes.log crashes start-up', () => {
    const good = { op: 'put', at: '2024-01-01T00:00:00.000Z', article: article('b', '乙') };
    const { categories: _categories, ...withoutCategories } = good.article;
    it.each([
      ['its categories key is misspelt', { ...good, article: { ...withoutCategories, categoris: [] } }, 'article.categories: Invalid input: expected array, received undefined'],
      ['its tags are null', { ...good, article: { ...good.article, tags: null } }, 'article.tags: Invalid input: expected array, received null'],
      ['a tag is a number', { ...good, article: { ...good.article, tags: ['证券', 7] } }, 'article.tags.1: Invalid input: expected string, received number'],
      ['its date is a number', { ...good, article: { ...good.article, date: 20240101 } }, 'article.date: Invalid input: expected string, received number'],
      ['its title is missing', { ...good, article: { ...good.article, title: undefined } }, 'article.title: Invalid input: expected string, received undefined'],
      ['its op is unknown', { ...good, op: 'patch' }, "op: Invalid discriminator value. Expected 'put' | 'delete'"],
      ['a delete has no id', { op: 'delete', at: 't' }, 'id: Invalid input: expected string, received undefined'],
      ['it is an array', [good], 'Invalid input: expected object, received array'],
    ])('throws index_damaged naming the line and the field when %s', async (_case, damaged, problem) => {
      await writeFile(path.join(dir, 'writes.log'), `${JSON.stringify(good)}\n${JSON.stringify(damaged)}\n`);
      const index = buildIndex([]);
      await expect(replayWrites(index, dir)).rejects.toThrow(
        `index damaged: ${path.join(dir, 'writes.log')} line 2 is not a write entry (${problem}); move the file away to serve the index without its writes`,
      );
    });
  });
});
