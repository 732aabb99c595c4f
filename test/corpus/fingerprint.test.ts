import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fingerprintCorpus } from '../../src/corpus/fingerprint';
import { makeTempFolder, removeTempFolder, writeFiles } from './temp-folder';

const MTIME = new Date(1_700_000_000_000);

/** A corpus of two articles and one ignored file, all with the same modification time. */
function makeCorpus(): string {
  const root = makeTempFolder();
  writeFiles(root, { 'b.md': '乙', 'sub/a.html': '<p>甲</p>', 'notes.txt': 'ignored' });
  for (const relPath of ['b.md', 'sub/a.html', 'notes.txt']) fs.utimesSync(path.join(root, relPath), MTIME, MTIME);
  return root;
}

describe('fingerprintCorpus', () => {
  const roots: string[] = [];
  const corpus = (): string => {
    const root = makeCorpus();
    roots.push(root);
    return root;
  };
  afterAll(() => roots.forEach(removeTempFolder));

  it('returns SHA-256 over sorted relative paths, sizes and modification times', async () => {
    const expected = createHash('sha256')
      .update('b.md\t3\t1700000000000\nsub/a.html\t10\t1700000000000\n')
      .digest('hex');
    expect(await fingerprintCorpus(corpus())).toBe(expected);
  });

  it('returns the same fingerprint when the same files sit in another folder', async () => {
    expect(await fingerprintCorpus(corpus())).toBe(await fingerprintCorpus(corpus()));
  });

  it('returns the same fingerprint when only a file that is not an article changes', async () => {
    const root = corpus();
    const before = await fingerprintCorpus(root);
    fs.writeFileSync(path.join(root, 'notes.txt'), 'changed');
    expect(await fingerprintCorpus(root)).toBe(before);
  });

  it.each([
    ['an article is written', (root: string) => fs.utimesSync(path.join(root, 'b.md'), MTIME, new Date(1_700_000_000_001))],
    ['an article is added', (root: string) => fs.writeFileSync(path.join(root, 'c.md'), '')],
    ['an article is removed', (root: string) => fs.unlinkSync(path.join(root, 'b.md'))],
    ['an article is renamed', (root: string) => fs.renameSync(path.join(root, 'b.md'), path.join(root, 'c.md'))],
    ['a symbolic link loop appears', (root: string) => fs.symlinkSync('..', path.join(root, 'sub', 'loop'))],
  ])('returns another fingerprint when %s', async (_case, change) => {
    const root = corpus();
    const before = await fingerprintCorpus(root);
    change(root);
    expect(await fingerprintCorpus(root)).not.toBe(before);
  });
});
