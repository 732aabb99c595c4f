import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

const SRC = path.resolve(__dirname, '../src');

/**
 * The folders of src/ in the order data flows through them, and what each may import besides
 * itself and the files at the top of src/ (config, errors, package-root). A layer imports only
 * layers below it: the two faces (`server/`, `cli/`) never import each other, except the
 * command line's `start`, which runs the server.
 */
const MAY_IMPORT: Record<string, string[]> = {
  corpus: [],
  analysis: [],
  index: ['corpus', 'analysis'],
  search: ['index', 'corpus', 'analysis'],
  api: ['search', 'index', 'corpus', 'analysis'],
  store: ['search', 'index', 'corpus', 'analysis'],
  service: ['store', 'search', 'index', 'corpus', 'analysis'],
  server: ['service', 'api', 'store', 'search', 'index', 'corpus', 'analysis'],
  cli: ['service', 'api', 'store', 'search', 'index', 'corpus', 'analysis'],
};

/** The one import across the two faces: `jiansuo start` runs the server. */
const FACE_CROSSING = { from: 'cli/main.ts', to: 'server/main.ts' };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** Every relative module a file imports (`import … from`, `export … from`, `import()`, `require()`), as paths inside src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)'(\.{1,2}\/[^']*)'/gm)].map((match) => match[1]);
  return specifiers.map((specifier) => path.relative(SRC, path.resolve(path.dirname(file), specifier)));
}

function layerOf(relative: string): string {
  return relative.includes(path.sep) ? relative.split(path.sep)[0] : 'top';
}

describe('the layers of src/', () => {
  const files = sourceFiles(SRC).map((file) => path.relative(SRC, file));

  it('has a rule for every folder', () => {
    const folders = new Set(files.map(layerOf).filter((layer) => layer !== 'top'));
    expect([...folders].sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it('has no import from a folder to one it may not import', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const imported of importsOf(path.join(SRC, file))) {
        const to = layerOf(imported);
        const allowed = to === 'top' || to === from || (from !== 'top' && MAY_IMPORT[from].includes(to));
        const crossing = file === FACE_CROSSING.from && imported.replace(/\.ts$/, '') === FACE_CROSSING.to.replace(/\.ts$/, '');
        if (!allowed && !crossing) wrong.push(`${file} imports ${imported}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets the files at the top of src/ import only each other', () => {
    const wrong = files.filter((file) => layerOf(file) === 'top').flatMap((file) => importsOf(path.join(SRC, file)).filter((imported) => layerOf(imported) !== 'top').map((imported) => `${file} imports ${imported}`));
    expect(wrong).toEqual([]);
  });
});

describe('importsOf', () => {
  it('returns the modules a file imports, as paths inside src/, and finds a wrong import', () => {
    const cli = path.join(SRC, 'cli', 'main.ts');
    expect(importsOf(cli)).toContain(path.join('server', 'main'));
    // The rule above would name it: cli/ may not import server/ but for this one file.
    expect(MAY_IMPORT.cli.includes('server')).toBe(false);
  });
});
