import * as fs from 'node:fs';
import * as path from 'node:path';
import { discoverFiles, isArticleFileName } from '../../src/corpus/discover';
import { makeTempFolder, removeTempFolder, writeFiles } from './temp-folder';

describe('discoverFiles', () => {
  let root: string;
  let outside: string;

  beforeAll(() => {
    root = makeTempFolder();
    outside = makeTempFolder();
    writeFiles(root, {
      'b.md': '',
      'a.md': '',
      'a/x.md': '',
      'c.markdown': '',
      'd.html': '',
      'E.MD': '',
      'notes.txt': '',
      'page.htm': '',
      'README.md': '',
      'MANIFEST.md': '',
      'sub/README.md': '',
      'sub/readme.md': '',
      'sub/deeper/z.md': '',
      'sub/deeper/empty/.keep': '',
    });
    writeFiles(outside, { 'linked.md': '', 'folder/inside.md': '' });
    fs.symlinkSync(path.join(outside, 'linked.md'), path.join(root, 'link-to-file.md'));
    fs.symlinkSync(path.join(outside, 'folder'), path.join(root, 'link-to-folder'));
    fs.symlinkSync('..', path.join(root, 'sub', 'loop'));
    fs.symlinkSync('self.md', path.join(root, 'self.md'));
    fs.symlinkSync('nowhere.md', path.join(root, 'gone.md'));
    fs.symlinkSync('nowhere.txt', path.join(root, 'gone.txt'));
  });

  afterAll(() => {
    removeTempFolder(root);
    removeTempFolder(outside);
  });

  it('returns article files sorted by path and problems sorted by path when the tree has links', async () => {
    const listing = await discoverFiles(root);
    const file = (relPath: string, id: string) => ({ path: path.join(root, relPath), relPath, id });
    expect(listing.files.map(({ path, relPath, id }) => ({ path, relPath, id }))).toEqual([
      file('E.MD', 'E'),
      file('a.md', 'a'),
      file('a/x.md', 'x'),
      file('b.md', 'b'),
      file('c.markdown', 'c'),
      file('d.html', 'd'),
      file('link-to-file.md', 'link-to-file'),
      file('link-to-folder/inside.md', 'inside'),
      file('sub/deeper/z.md', 'z'),
      file('sub/readme.md', 'readme'),
    ]);
    expect(listing.rejected).toEqual([
      {
        path: path.join(root, 'gone.md'),
        reason: 'unreadable',
        message: `broken symbolic link: ENOENT: no such file or directory, stat '${path.join(root, 'gone.md')}'`,
      },
      {
        path: path.join(root, 'self.md'),
        reason: 'unreadable',
        message: `symbolic link loop: ELOOP: too many symbolic links encountered, stat '${path.join(root, 'self.md')}'`,
      },
      {
        path: path.join(root, 'sub', 'loop'),
        reason: 'unreadable',
        message: `symbolic link loop: leads back to ${root}, which contains it`,
      },
    ]);
  });

  it('returns paths that start with the folder as given when the folder is relative', async () => {
    const relative = path.relative(process.cwd(), root);
    const listing = await discoverFiles(relative);
    const [first] = listing.files;
    expect({ path: first.path, relPath: first.relPath, id: first.id }).toEqual({ path: path.join(relative, 'E.MD'), relPath: 'E.MD', id: 'E' });
  });

  it('throws when the folder does not exist', async () => {
    const missing = path.join(root, 'missing');
    await expect(discoverFiles(missing)).rejects.toThrow(
      `corpus folder not found: ${missing} (ENOENT: no such file or directory, stat '${missing}')`,
    );
  });

  it('throws when the path is a file', async () => {
    await expect(discoverFiles(path.join(root, 'a.md'))).rejects.toThrow(`corpus path is not a folder: ${path.join(root, 'a.md')}`);
  });
});

describe('isArticleFileName', () => {
  it.each([
    ['a.md', true],
    ['a.markdown', true],
    ['a.html', true],
    ['A.HTML', true],
    ['README.md', false],
    ['MANIFEST.md', false],
    ['readme.md', true],
    ['README.markdown', true],
    ['a.htm', false],
    ['a.txt', false],
    ['md', false],
  ])('returns %s → %s', (name, expected) => {
    expect(isArticleFileName(name)).toBe(expected);
  });
});
