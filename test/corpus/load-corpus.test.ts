import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Article, LoadReport } from '../../src/corpus/article';
import { loadCorpus, readCorpus } from '../../src/corpus/load-corpus';
import { makeTempFolder, removeTempFolder, runsAsRoot, writeFiles } from './temp-folder';

const post = (title: string, body: string): string =>
  `---\nlayout: post\ntitle: "${title}"\ndate: 2021-12-08 10:46:18\ncategories: emnews\ntags: 东财滚动新闻\n---\n\n${body}\n`;

const article = (id: string, title: string, text: string, url: string | null = null): Article => ({
  id,
  title,
  date: '2021-12-08T10:46:18+08:00',
  categories: ['emnews'],
  tags: ['东财滚动新闻'],
  url,
  text,
});

/** Every byte value once, in a scrambled order: binary by any measure. */
const RANDOM_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) % 256));

describe('loadCorpus', () => {
  let root: string;
  const at = (relPath: string): string => path.join(root, relPath);

  beforeAll(() => {
    root = makeTempFolder();
    writeFiles(root, {
      'a-good.md': post('海通证券', '海通证券今日上涨。\n\n<http://finance.eastmoney.com/a.html>\n\n[返回首页](../)'),
      'b-random.md': RANDOM_BYTES,
      'c-bad-yaml.md': '---\ntitle: a: b\n---\n正文\n',
      'd-empty.md': '',
      'e-gbk.md': Buffer.concat([Buffer.from(post('编码', '')), Buffer.from([0xba, 0xa3, 0xcd, 0xa8])]),
      'f-locked.md': post('锁住', '读不到。'),
      'g-no-front-matter.html': '<p>没有前言</p>',
      'h-title-only.md': post('只有标题', '<https://tv.cctv.com/2022/08/04/VIDEUZK.shtml>'),
      'README.md': '# 说明\n',
      'notes.txt': 'not an article',
      'sub/a-good.md': post('重复', '同名文件。'),
    });
    fs.chmodSync(at('f-locked.md'), 0o000);
    fs.symlinkSync('..', at('sub/loop'));
  });

  afterAll(() => removeTempFolder(root));

  const expectedReport = (): LoadReport => {
    const locked = article('f-locked', '锁住', '读不到。');
    return {
      articles: [
        article('a-good', '海通证券', '海通证券今日上涨。', 'http://finance.eastmoney.com/a.html'),
        ...(runsAsRoot ? [locked] : []),
        article('h-title-only', '只有标题', '', 'https://tv.cctv.com/2022/08/04/VIDEUZK.shtml'),
      ],
      paths: [at('a-good.md'), ...(runsAsRoot ? [at('f-locked.md')] : []), at('h-title-only.md')],
      rejected: [
        { path: at('sub/loop'), reason: 'unreadable', message: `symbolic link loop: leads back to ${root}, which contains it` },
        { path: at('b-random.md'), reason: 'binary', message: 'binary file: contains NUL bytes' },
        {
          path: at('c-bad-yaml.md'),
          reason: 'invalid-yaml',
          message:
            'invalid YAML in front matter: incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line at line 2, column 9',
        },
        { path: at('d-empty.md'), reason: 'empty-body', message: 'empty file' },
        {
          path: at('e-gbk.md'),
          reason: 'invalid-encoding',
          message: 'invalid encoding: line 10 is not UTF-8 (GBK? convert the file to UTF-8)',
        },
        ...(runsAsRoot
          ? []
          : [
              {
                path: at('f-locked.md'),
                reason: 'unreadable' as const,
                message: `cannot read file: EACCES: permission denied, open '${at('f-locked.md')}'`,
              },
            ]),
        {
          path: at('g-no-front-matter.html'),
          reason: 'no-front-matter',
          message: 'no front matter: the file must start with a "---" line',
        },
        {
          path: at('sub/a-good.md'),
          reason: 'duplicate-id',
          message: `duplicate id "a-good": ${at('sub/a-good.md')} clashes with ${at('a-good.md')}, which comes first in path order and keeps the id`,
        },
      ],
      filesSeen: 10,
    };
  };

  it('returns every file as an article or a rejection when the corpus has bad files', async () => {
    expect(await loadCorpus(root)).toEqual(expectedReport());
  });

  it('returns the same report when files are read one at a time', async () => {
    expect(await loadCorpus(root, { concurrency: 1 })).toEqual(expectedReport());
  });

  it('reports progress once per file, in order, when onProgress is given', async () => {
    const calls: Array<[number, number]> = [];
    await loadCorpus(root, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(Array.from({ length: 9 }, (_, i) => [i + 1, 9]));
  });

  it('returns dates in the given time zone when utcOffsetMinutes is set', async () => {
    const report = await loadCorpus(root, { utcOffsetMinutes: 0 });
    expect(report.articles[0].date).toBe('2021-12-08T10:46:18+00:00');
  });

  (runsAsRoot ? it.skip : it)('returns a rejection for a folder it cannot read, and goes on', async () => {
    const locked = makeTempFolder();
    try {
      writeFiles(locked, { 'a.md': post('可读', '正文'), 'closed/b.md': post('不可读', '正文') });
      fs.chmodSync(path.join(locked, 'closed'), 0o000);
      const report = await loadCorpus(locked);
      expect([report.paths, report.rejected]).toEqual([
        [path.join(locked, 'a.md')],
        [
          {
            path: path.join(locked, 'closed'),
            reason: 'unreadable',
            message: `cannot read folder: EACCES: permission denied, scandir '${path.join(locked, 'closed')}'`,
          },
        ],
      ]);
    } finally {
      fs.chmodSync(path.join(locked, 'closed'), 0o755);
      removeTempFolder(locked);
    }
  });

  it.each([0, 1.5, Number.NaN])('throws when concurrency is %p', async (concurrency) => {
    await expect(loadCorpus(root, { concurrency })).rejects.toThrow(
      `concurrency must be a positive integer, got ${concurrency}`,
    );
  });

  it('throws when the corpus folder does not exist', async () => {
    await expect(loadCorpus(at('missing'))).rejects.toThrow(`corpus folder not found: ${at('missing')}`);
  });
});

describe('readCorpus', () => {
  it('yields folder problems first, then each file in path order', async () => {
    const root = makeTempFolder();
    try {
      writeFiles(root, { 'b.md': post('乙', '正文'), 'a.md': '', 'z/c.md': post('丙', '正文') });
      fs.symlinkSync('.', path.join(root, 'z', 'self'));
      const seen: string[] = [];
      for await (const entry of readCorpus(root)) {
        seen.push(`${path.relative(root, entry.path)} ${'article' in entry ? entry.article.title : entry.rejection.reason}`);
      }
      expect(seen).toEqual(['z/self unreadable', 'a.md empty-body', 'b.md 乙', 'z/c.md 丙']);
    } finally {
      removeTempFolder(root);
    }
  });
});
