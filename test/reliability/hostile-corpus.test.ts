import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BuildReport } from '../../src/index/ensure-index';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { readIndex } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { search } from '../../src/search/search';
import { CLI, removeDir, requireCompiledCli, SAMPLE_CORPUS, tempDir } from './helpers';

const runsAsRoot = process.getuid?.() === 0;

function article(title: string, body: string): string {
  return `---\ntitle: ${title}\ndate: 2024-05-01 08:00:00 +0800\ncategories: test\n---\n${body}\n`;
}

/** Bytes from a fixed-seed generator: the same "random" file on every run. */
function randomBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let seed = 20240501;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    bytes[i] = seed >>> 16;
  }
  return bytes;
}

/** An article of about `bytes` bytes whose last paragraph holds `marker`. */
function hugeArticle(bytes: number, marker: string): string {
  const paragraph = '<p>国务院常务会议部署稳经济一揽子政策措施，海通证券研究所认为市场流动性合理充裕。</p>\n';
  return article('超大文章', paragraph.repeat(Math.ceil(bytes / Buffer.byteLength(paragraph))) + `<p>结尾 ${marker}</p>`);
}

/** 海通证券新闻 in GBK. */
const GBK_TEXT = Buffer.from([0xba, 0xa3, 0xcd, 0xa8, 0xd6, 0xa4, 0xc8, 0xaf, 0xd0, 0xc2, 0xce, 0xc5]);

/** The good articles of the hostile corpus: file → marker that only it holds. */
const GOOD: Record<string, string> = {
  'good.md': 'gdplainx',
  'bom.md': 'gdbomx',
  'crlf.md': 'gdcrlfx',
  'nested.md': 'gdnestedx',
  'dup/a/same-id.md': 'gddupfirstx',
  'big.md': 'gdbigendx',
};

/** Writes every hostile file into `root`; `withHuge` adds the 20 MB article. */
function writeHostileCorpus(root: string, withHuge: boolean): void {
  const write = (relPath: string, content: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(root, relPath)), { recursive: true });
    writeFileSync(path.join(root, relPath), content);
  };
  write('good.md', article('普通文章', `<p>正文 ${GOOD['good.md']} 。</p>`));
  write('bom.md', `\ufeff${article('带BOM的文章', `<p>正文 ${GOOD['bom.md']} 。</p>`)}`);
  write('crlf.md', article('CRLF文章', `<p>第一段 ${GOOD['crlf.md']} 。</p>\n<p>第二段。</p>`).replace(/\n/g, '\r\n'));
  write('nested.md', article('嵌套文章', `${'<div><span>'.repeat(5000)}深处 ${GOOD['nested.md']} 。${'</span></div>'.repeat(5000)}`));
  write('dup/a/same-id.md', article('先到的文章', `<p>正文 ${GOOD['dup/a/same-id.md']} 。</p>`));
  write('dup/b/same-id.md', article('后到的文章', '<p>正文 gdduplaterx 。</p>'));
  write('random.md', randomBytes(64 * 1024));
  write('invalid-yaml.md', '---\ntitle: [没有闭合\ntags: {a: 1\n---\n<p>正文。</p>\n');
  write('gbk.md', Buffer.concat([Buffer.from('---\ntitle: '), GBK_TEXT, Buffer.from('\n---\n<p>'), GBK_TEXT, Buffer.from('</p>\n')]));
  write('empty.md', '');
  write('no-front-matter.md', '<p>只有正文，没有 front matter。</p>\n');
  write('unreadable.md', article('读不到的文章', '<p>正文 gdlockedx 。</p>'));
  chmodSync(path.join(root, 'unreadable.md'), 0o000);
  mkdirSync(path.join(root, 'loops'), { recursive: true });
  symlinkSync('..', path.join(root, 'loops', 'up'));
  symlinkSync('self.md', path.join(root, 'loops', 'self.md'));
  if (withHuge) write('big.md', hugeArticle(20 * 1024 * 1024, GOOD['big.md']));
}

/** The rejections of a report as `[path inside the corpus, reason, message]`. */
function rejections(report: Pick<BuildReport, 'rejected'>, root: string): Array<[string, string, string]> {
  return report.rejected.map((rejection) => [path.relative(root, rejection.path), rejection.reason, rejection.message]);
}

const EXPECTED_REJECTIONS: Array<[string, string, string | RegExp]> = [
  ['dup/b/same-id.md', 'duplicate-id', /^duplicate id "same-id": .*dup\/b\/same-id\.md clashes with .*dup\/a\/same-id\.md, which comes first in path order and keeps the id$/],
  ['empty.md', 'empty-body', 'empty file'],
  ['gbk.md', 'invalid-encoding', 'invalid encoding: line 2 is not UTF-8 (GBK? convert the file to UTF-8)'],
  ['invalid-yaml.md', 'invalid-yaml', /^invalid YAML in front matter: /],
  ['loops/self.md', 'unreadable', /^symbolic link loop: ELOOP/],
  ['loops/up', 'unreadable', /^symbolic link loop: leads back to /],
  ['no-front-matter.md', 'no-front-matter', 'no front matter: the file must start with a "---" line'],
  ['random.md', 'binary', 'binary file: contains NUL bytes'],
  ...(runsAsRoot ? [] : [['unreadable.md', 'unreadable', /^cannot read file: EACCES/] as [string, string, RegExp]]),
];

function expectRejections(actual: Array<[string, string, string]>): void {
  const sorted = [...actual].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  expect(sorted.map(([file, reason]) => [file, reason])).toEqual(EXPECTED_REJECTIONS.map(([file, reason]) => [file, reason]));
  sorted.forEach(([file, , message], i) => {
    const expected = EXPECTED_REJECTIONS[i][2];
    if (typeof expected === 'string') expect([file, message]).toEqual([file, expected]);
    else expect([file, message]).toEqual([file, expect.stringMatching(expected)]);
  });
}

describe('buildIndexFromCorpus on a hostile corpus', () => {
  let dir: string;
  let corpusDir: string;
  let report: BuildReport;
  let index: SearchIndex;
  beforeAll(async () => {
    dir = tempDir('hostile-corpus');
    corpusDir = path.join(dir, 'corpus');
    writeHostileCorpus(corpusDir, true);
    report = (await buildIndexFromCorpus(corpusDir, path.join(dir, 'index'))).report;
    index = (await readIndex(path.join(dir, 'index'))).index;
  }, 120_000);
  afterAll(() => {
    chmodSync(path.join(corpusDir, 'unreadable.md'), 0o644);
    removeDir(dir);
  });

  it('returns every bad file in the report with its reason when the build finishes', () => {
    expectRejections(rejections(report, corpusDir));
    expect(report.filesSeen).toBe(report.indexed + report.rejected.length);
  });

  it('returns each good article, and only it, for its marker when the corpus also holds bad files', () => {
    const good = Object.values(GOOD).map((marker) => [marker, search(index, marker, {}).hits.map((hit) => hit.id)]);
    expect(good).toEqual(Object.entries(GOOD).map(([file, marker]) => [marker, [path.basename(file, '.md')]]));
    const indexed = [...index.liveDocs()].map((doc) => index.id(doc)).sort();
    expect(indexed).toEqual(runsAsRoot ? ['big', 'bom', 'crlf', 'good', 'nested', 'same-id', 'unreadable'] : ['big', 'bom', 'crlf', 'good', 'nested', 'same-id']);
  });

  it('returns the titles and texts read through the BOM, CRLF and 10,000 nested tags', () => {
    const doc = (id: string): { title: string; text: string } => index.get(id);
    expect([doc('bom').title, doc('crlf').title, doc('crlf').text, doc('nested').text]).toEqual([
      '带BOM的文章',
      'CRLF文章',
      '第一段 gdcrlfx 。\n第二段。',
      '深处 gdnestedx 。',
    ]);
    expect(doc('big').text.length).toBeGreaterThan(6_000_000);
  });
});

describe('jiansuo index exit code', () => {
  let dir: string;
  beforeAll(() => {
    requireCompiledCli();
    dir = tempDir('index-exit');
    writeHostileCorpus(path.join(dir, 'hostile'), false);
    cpSync(SAMPLE_CORPUS, path.join(dir, 'clean'), { recursive: true });
  });
  afterAll(() => {
    chmodSync(path.join(dir, 'hostile', 'unreadable.md'), 0o644);
    rmSync(dir, { recursive: true, force: true });
  });

  const runIndex = (corpus: string): ReturnType<typeof spawnSync> =>
    spawnSync(process.execPath, [CLI, 'index', '--corpus', path.join(dir, corpus), '--index', path.join(dir, `${corpus}-index`)], { encoding: 'utf8' });

  it('returns 2 and lists each rejected file with its reason when some files were rejected', () => {
    const run = runIndex('hostile');
    const root = path.join(dir, 'hostile');
    const listed = String(run.stdout)
      .split('\n')
      .filter((line) => line.startsWith(`  ${root}/`))
      .map((line): [string, string, string] => {
        const [, file, reason, message] = /^ {2}(.+?): ([a-z-]+): (.*)$/.exec(line)!;
        return [path.relative(root, file), reason, message];
      });
    expect(run.status).toBe(2);
    expect(String(run.stdout)).toContain(`rejected  ${EXPECTED_REJECTIONS.length} files\n`);
    expectRejections(listed);
  }, 60_000);

  it('returns 0 when every file was indexed', () => {
    const run = runIndex('clean');
    expect([run.status, String(run.stdout).split('\n')[1]]).toEqual([0, 'rejected  0 files']);
  }, 60_000);

  it('returns 1 and one line on stderr when the corpus folder does not exist', () => {
    const run = runIndex('missing');
    expect([run.status, run.stderr]).toEqual([1, `jiansuo: corpus error: corpus folder ${path.join(dir, 'missing')} does not exist\n`]);
  }, 60_000);
});
