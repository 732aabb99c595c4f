import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { JiansuoError } from '../../src/errors';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { ensureIndex } from '../../src/index/ensure-index';
import { FORMAT_VERSION } from '../../src/index/manifest';
import { type BuildMeta, readManifest, writeIndex } from '../../src/index/index-folder';
import { readIndex } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { search } from '../../src/search/search';

const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', 'AB轮岗', '券商抗', '600837', '中国 -5G', '海通 OR 国泰君安', 'title:海通', '海通证券沪上券商'];

const meta: BuildMeta = { corpusPath: CORPUS, fingerprint: 'test', filesSeen: 0, rejected: 0, utcOffsetMinutes: 480, buildMs: 1 };

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-index-')));
}

/** Everything a reader sees of a query's answer, except the time it took. */
function answers(index: SearchIndex): unknown[] {
  return QUERIES.map((query) => {
    const { took_ms: _took, ...rest } = search(index, query, { limit: 100 });
    return rest;
  });
}

async function loadError(dir: string): Promise<JiansuoError> {
  try {
    await readIndex(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(JiansuoError);
    return error as JiansuoError;
  }
  throw new Error(`readIndex(${dir}) did not throw`);
}

const hint = (dir: string): string => `run \`npm run index -- --index ${dir}\` (or \`npm start\`, which rebuilds it)`;

/** Path of one data file of the (single) segment the index in `dir` serves. */
const dataFileOf = async (dir: string, name: string): Promise<string> => {
  const { manifest } = await readManifest(dir);
  return path.join(dir, manifest.segments[0].name, name);
};

describe('writeIndex', () => {
  let articles: Article[];
  let expected: unknown[];
  let dirs: string[] = [];

  const newIndexDir = async (): Promise<string> => {
    const dir = tempDir();
    dirs.push(dir);
    await writeIndex(dir, buildIndexData(articles).data, meta);
    return dir;
  };

  beforeAll(async () => {
    articles = (await loadCorpus(CORPUS)).articles;
    expected = answers(buildIndex(articles));
  });

  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it('returns identical search results when the index is written and read back', async () => {
    const dir = await newIndexDir();
    const { index, manifest } = await readIndex(dir);
    expect(answers(index)).toEqual(expected);
    expect(manifest).toMatchObject({ formatVersion: FORMAT_VERSION, documentCount: articles.length, corpus: { fingerprint: 'test' } });
    expect(Object.keys(manifest.files).sort()).toEqual(['docs.bin', 'segment.bin', 'sources.json', 'texts.bin'].map((file) => `${manifest.segments[0].name}/${file}`));
  });

  it('refuses with index_damaged naming the file when a data file is truncated', async () => {
    const dir = await newIndexDir();
    const file = await dataFileOf(dir, 'docs.bin');
    fs.truncateSync(file, fs.statSync(file).size - 10);
    const error = await loadError(dir);
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({
      code: 'index_damaged',
      status: 503,
      message: `index damaged: ${file} does not match its checksum in the manifest (truncated or corrupted); ${hint(dir)}`,
    });
    expect(error.message).toContain('npm run index');
  });

  it('refuses with index_damaged naming the file when one bit of a data file is flipped', async () => {
    const dir = await newIndexDir();
    const file = await dataFileOf(dir, 'segment.bin');
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(file, bytes);
    const error = await loadError(dir);
    expect(error.code).toBe('index_damaged');
    expect(error.message).toBe(`index damaged: ${file} does not match its checksum in the manifest (truncated or corrupted); ${hint(dir)}`);
  });

  it('refuses with index_damaged naming the file when a data file is missing', async () => {
    const dir = await newIndexDir();
    const file = await dataFileOf(dir, 'texts.bin');
    fs.rmSync(file);
    const error = await loadError(dir);
    expect(error.code).toBe('index_damaged');
    expect(error.message).toMatch(new RegExp(`^index damaged: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read \\(ENOENT`));
    expect(error.message).toContain('npm run index');
  });

  it('refuses with index_damaged when the manifest is not JSON', async () => {
    const dir = await newIndexDir();
    const manifestFile = path.join((await readManifest(dir)).genDir, 'manifest.json');
    fs.writeFileSync(manifestFile, '{"formatVersion": 1,');
    const error = await loadError(dir);
    expect(error.code).toBe('index_damaged');
    expect(error.message.startsWith(`index damaged: ${manifestFile} cannot be read (`)).toBe(true);
    expect(error.message.endsWith(hint(dir))).toBe(true);
  });

  it('refuses with index_missing when the folder holds no index', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const error = await loadError(dir);
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({
      code: 'index_missing',
      status: 503,
      message: `index missing: no index in ${dir}; ${hint(dir)}`,
    });
  });

  it('refuses with index_stale when the manifest has another format version', async () => {
    const dir = await newIndexDir();
    const manifestFile = path.join((await readManifest(dir)).genDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { formatVersion: number };
    manifest.formatVersion = FORMAT_VERSION + 1;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const error = await loadError(dir);
    expect({ code: error.code, status: error.status, message: error.message }).toEqual({
      code: 'index_stale',
      status: 503,
      message: `index stale: ${dir} was built with format version ${FORMAT_VERSION + 1}, this jiansuo reads ${FORMAT_VERSION}; ${hint(dir)}`,
    });
  });

  it('refuses a format 4 index (SHA-256 checksums) with index_stale and the rebuild command, before reading a checksum', async () => {
    const dir = await newIndexDir();
    const manifestFile = path.join((await readManifest(dir)).genDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { formatVersion: number; files: Record<string, { bytes: number; crc32?: string; sha256?: string }> };
    manifest.formatVersion = 4;
    for (const file of Object.values(manifest.files)) {
      delete file.crc32;
      file.sha256 = '0'.repeat(64);
    }
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const error = await loadError(dir);
    expect({ code: error.code, message: error.message }).toEqual({ code: 'index_stale', message: `index stale: ${dir} was built with format version 4, this jiansuo reads ${FORMAT_VERSION}; ${hint(dir)}` });
  });

  it('refuses a format 5 index (segments without the grams of their titles) with index_stale and the rebuild command', async () => {
    const dir = await newIndexDir();
    const manifestFile = path.join((await readManifest(dir)).genDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { formatVersion: number };
    manifest.formatVersion = 5;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const error = await loadError(dir);
    expect({ code: error.code, message: error.message }).toEqual({ code: 'index_stale', message: `index stale: ${dir} was built with format version 5, this jiansuo reads 6; ${hint(dir)}` });
  });

  it('refuses with index_stale when the manifest has another dictionary version', async () => {
    const dir = await newIndexDir();
    const manifestFile = path.join((await readManifest(dir)).genDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { analyzer: { dictionaryVersion: string } };
    const current = manifest.analyzer.dictionaryVersion;
    manifest.analyzer.dictionaryVersion = 'other';
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const error = await loadError(dir);
    expect(error.code).toBe('index_stale');
    expect(error.message).toBe(`index stale: ${dir} was built with dictionary other, this jiansuo uses ${current}; ${hint(dir)}`);
  });

  it('serves the previous index when a later build was interrupted before switching CURRENT', async () => {
    const dir = await newIndexDir();
    const before = fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8');
    // What a build killed half-way leaves behind: a partial generation and a pointer not yet renamed.
    const partial = path.join(dir, 'gen-9999999999999-1');
    fs.mkdirSync(partial);
    fs.writeFileSync(path.join(partial, 'docs.json'), '[{"id":"half');
    fs.writeFileSync(path.join(dir, 'CURRENT.1.tmp'), 'gen-9999999999999-1');
    expect(fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8')).toBe(before);
    const { index } = await readIndex(dir);
    expect(answers(index)).toEqual(expected);
  });

  it('removes leftovers of an interrupted build when the next build completes', async () => {
    const dir = await newIndexDir();
    const replaced = await readManifest(dir);
    fs.mkdirSync(path.join(dir, 'gen-1-1'));
    fs.mkdirSync(path.join(dir, 'seg-1-1-0'));
    fs.writeFileSync(path.join(dir, 'CURRENT.1.tmp'), 'gen-1-1');
    const extra: Article = { id: 'new', title: '瑞幸咖啡', date: null, categories: [], tags: [], url: null, text: '新文章。' };
    await writeIndex(dir, buildIndexData([...articles, extra]).data, meta);
    const current = fs.readFileSync(path.join(dir, 'CURRENT'), 'utf8');
    // The generation it replaced stays until the next commit, for readers still loading it.
    expect(fs.readdirSync(dir).sort()).toEqual(
      ['CURRENT', current, (await readManifest(dir)).manifest.segments[0].name, path.basename(replaced.genDir), replaced.manifest.segments[0].name].sort(),
    );
    const { index } = await readIndex(dir);
    expect(search(index, '瑞幸咖啡').hits.map((hit) => hit.id)).toEqual(['new']);
  });
});

describe('ensureIndex', () => {
  let root: string;

  beforeEach(() => {
    root = tempDir();
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('builds when the index is missing, serves it as is when nothing changed, and rebuilds when a file is added', async () => {
    const corpusDir = path.join(root, 'corpus');
    const indexDir = path.join(root, 'index');
    fs.cpSync(CORPUS, corpusDir, { recursive: true });

    const first = await ensureIndex({ corpusDir, indexDir });
    expect(first.built).toBe(true);
    expect(search(first.index, '海通证券').total).toBe(6);

    const second = await ensureIndex({ corpusDir, indexDir });
    expect(second.built).toBe(false);
    expect(second.manifest.builtAt).toBe(first.manifest.builtAt);

    fs.writeFileSync(
      path.join(corpusDir, '2024-10-01-new.md'),
      '---\nlayout: post\ntitle: 瑞幸咖啡新店开业\ndate: 2024-10-01 10:00:00 +0800\ncategories: tech\ntags: 科技\n---\n\n<p>瑞幸咖啡今天在上海开了新店。</p>\n',
    );
    const third = await ensureIndex({ corpusDir, indexDir });
    expect(third.built).toBe(true);
    expect(search(third.index, '瑞幸咖啡').hits.map((hit) => hit.id)).toEqual(['2024-10-01-new']);
    expect(search(third.index, '海通证券').total).toBe(6);
  });

  it('serves the existing index when the corpus folder is absent', async () => {
    const corpusDir = path.join(root, 'corpus');
    const indexDir = path.join(root, 'index');
    fs.cpSync(CORPUS, corpusDir, { recursive: true });
    await ensureIndex({ corpusDir, indexDir });
    fs.rmSync(corpusDir, { recursive: true });
    const served = await ensureIndex({ corpusDir, indexDir });
    expect(served.built).toBe(false);
    expect(search(served.index, 'AB轮岗').total).toBe(5);
  });

  it('throws index_missing when neither the index nor the corpus exists', async () => {
    const indexDir = path.join(root, 'index');
    await expect(ensureIndex({ corpusDir: path.join(root, 'corpus'), indexDir })).rejects.toMatchObject({
      code: 'index_missing',
      message: `index missing: no index in ${indexDir}; ${hint(indexDir)}`,
    });
  });
});

describe('ensureIndex (damaged index)', () => {
  it('rebuilds from the corpus when a data file of the index is damaged (regression: npm start refused the damaged index its own error said it rebuilds)', async () => {
    const root = tempDir();
    try {
      const corpusDir = path.join(root, 'corpus');
      const indexDir = path.join(root, 'index');
      fs.cpSync(CORPUS, corpusDir, { recursive: true });
      await ensureIndex({ corpusDir, indexDir });
      const file = await dataFileOf(indexDir, 'segment.bin');
      const bytes = fs.readFileSync(file);
      bytes[8] ^= 0xff;
      fs.writeFileSync(file, bytes);
      const rebuilt = await ensureIndex({ corpusDir, indexDir });
      expect(rebuilt.built).toBe(true);
      expect(search(rebuilt.index, '海通证券').total).toBe(6);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('ensureIndex with a corpus time zone', () => {
  it('reads dates without a zone in the configured zone and rebuilds when the zone changes', async () => {
    const dir = tempDir();
    const corpus = path.join(dir, 'corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'tz.md'), '---\ntitle: 时区测试\ndate: 2022-03-30 09:15:00\n---\n<p>正文</p>\n');
    const first = await ensureIndex({ corpusDir: corpus, indexDir: path.join(dir, 'index'), utcOffsetMinutes: 480 });
    expect(first.index.get('tz').date).toBe('2022-03-30T09:15:00+08:00');
    const again = await ensureIndex({ corpusDir: corpus, indexDir: path.join(dir, 'index'), utcOffsetMinutes: 480 });
    expect(again.built).toBe(false);
    const moved = await ensureIndex({ corpusDir: corpus, indexDir: path.join(dir, 'index'), utcOffsetMinutes: 0 });
    expect(moved.built).toBe(true);
    expect(moved.index.get('tz').date).toBe('2022-03-30T09:15:00+00:00');
  });
});
