import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { readManifest } from '../../src/index/index-folder';
import { readIndex as readInProcess } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { search } from '../../src/search/search';

/** The compiled module: only compiled code reads on the reading threads (`npm test` builds it first). */
const COMPILED = path.resolve(__dirname, '../../dist/src/index/read-index.js');
const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', '券商', '中国', '600837', 'title:海通'];

function answers(index: SearchIndex): unknown[] {
  return QUERIES.map((query) => {
    const { took_ms: _took, ...rest } = search(index, query, { limit: 50 });
    return rest;
  });
}

describe('readIndex on the reading threads', () => {
  let readOnThreads: typeof readInProcess;
  let dir: string;
  let indexDir: string;
  const hint = (): string => `run \`npm run index -- --index ${indexDir}\` (or \`npm start\`, which rebuilds it)`;
  const fileOf = async (segment: number, name: string): Promise<string> => {
    const { manifest } = await readManifest(indexDir);
    return path.join(indexDir, manifest.segments.at(segment)!.name, name);
  };

  beforeAll(async () => {
    if (!fs.existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run \`npm run build\` (npm test does it first)`);
    readOnThreads = (require(COMPILED) as { readIndex: typeof readInProcess }).readIndex;
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-read-index-')));
    indexDir = path.join(dir, 'index');
  });
  beforeEach(async () => {
    fs.rmSync(indexDir, { recursive: true, force: true });
    const policy = { segmentsPerTier: 100, maxSegmentDocs: 100, floorDocs: 1, maxDeletedShare: 0.3 };
    await buildIndexFromCorpus(CORPUS, indexDir, undefined, undefined, { segmentDocs: 6, mergePolicy: policy });
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns the index a load in process returns, every segment in order', async () => {
    const threads = await readOnThreads(indexDir);
    const inProcess = await readInProcess(indexDir);
    expect(threads.manifest.segments.length).toBe(6);
    expect(threads.index.size).toBe(32);
    expect(answers(threads.index)).toEqual(answers(inProcess.index));
  });

  it('refuses with index_damaged naming the file when one bit of the last segment\u2019s texts.bin is flipped', async () => {
    const file = await fileOf(-1, 'texts.bin');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length >> 1] ^= 1;
    fs.writeFileSync(file, bytes);
    await expect(readOnThreads(indexDir)).rejects.toMatchObject({
      code: 'index_damaged',
      message: `index damaged: ${file} does not match its checksum in the manifest (truncated or corrupted); ${hint()}`,
    });
  });

  it('refuses naming the first damaged segment when the first and the last are truncated', async () => {
    const first = await fileOf(0, 'segment.bin');
    const last = await fileOf(-1, 'segment.bin');
    for (const file of [first, last]) fs.truncateSync(file, fs.statSync(file).size - 8);
    await expect(readOnThreads(indexDir)).rejects.toMatchObject({
      code: 'index_damaged',
      message: `index damaged: ${first} does not match its checksum in the manifest (truncated or corrupted); ${hint()}`,
    });
  });
});
