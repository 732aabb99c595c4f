import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { indexFromSegments } from '../../src/index/index-data';
import { readIndex } from '../../src/index/read-index';
import { minedCodes } from '../../src/search/mined-codes';

const CODES_FIXTURES = path.join(__dirname, '..', 'fixtures', 'codes');

const HAITONG = '2023-06-12-haitong-announcement';
const HKEX = '2023-06-14-hkex-rating';

/** The pairs the four fixture articles write. */
const FIXTURE_PAIRS = [
  { code: '00388.HK', forms: ['00388.HK', '0388.HK'], name: '港交所', articles: 1 },
  { code: '600837', forms: ['600837'], name: '海通证券', articles: 1 },
  { code: 'INTC.O', forms: ['INTC.O'], name: '英特尔', articles: 1 },
];

let fixtures: Article[];
beforeAll(async () => {
  fixtures = (await loadCorpus(CODES_FIXTURES)).articles;
});

const named = (id: string): Article => fixtures.find((article) => article.id === id)!;

describe('minedCodes', () => {
  it('returns the pairs the articles write, most articles first, canonical code first among its forms', () => {
    expect(minedCodes(buildIndex(fixtures))).toEqual(FIXTURE_PAIRS);
  });

  it('returns the number of live articles of a pair, and a pair again once an article that writes it is added', () => {
    const index = buildIndex(fixtures);
    minedCodes(index);
    index.upsert({ ...named(HAITONG), id: 'second', text: '海通证券(600837)午后拉升。' });
    expect(minedCodes(index)[0]).toEqual({ code: '600837', forms: ['600837'], name: '海通证券', articles: 2 });
  });

  it('drops a pair when its only article is deleted or replaced by a text without it', () => {
    const index = buildIndex(fixtures);
    expect(minedCodes(index)).toEqual(FIXTURE_PAIRS);
    index.remove(HAITONG);
    expect(minedCodes(index).map((pair) => pair.name)).toEqual(['港交所', '英特尔']);
    index.upsert({ ...named(HKEX), text: '港交所公布季度业绩。' });
    expect(minedCodes(index).map((pair) => pair.name)).toEqual(['英特尔']);
  });

  it('returns only the pairs of live documents of segments read with tombstones', () => {
    const index = indexFromSegments([
      { data: buildIndexData(fixtures.slice(0, 2)).data, deletedDocs: [0] },
      { data: buildIndexData(fixtures.slice(2)).data, deletedDocs: [] },
    ]);
    expect(minedCodes(index)).toEqual(FIXTURE_PAIRS.filter((pair) => pair.name !== '海通证券'));
  });

  describe('over incremental builds', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-codes-')));
      fs.cpSync(CODES_FIXTURES, path.join(dir, 'corpus'), { recursive: true });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('drops the pair of an article re-indexed without it and adds the pair of an added one', async () => {
      const corpusDir = path.join(dir, 'corpus');
      const indexDir = path.join(dir, 'index');
      await buildIndexFromCorpus(corpusDir, indexDir);
      expect(minedCodes((await readIndex(indexDir)).index)).toEqual(FIXTURE_PAIRS);
      const file = path.join(corpusDir, `${HKEX}.md`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('港交所(0388.HK)', '港交所'));
      fs.writeFileSync(path.join(corpusDir, 'added.md'), '---\ntitle: 新增\ndate: 2023-06-16 09:00:00 +0800\n---\n<p>公告称中信证券(600030.SH)拟回购股份。</p>\n');
      const second = await buildIndexFromCorpus(corpusDir, indexDir);
      expect(second.incremental).toBe(true);
      expect(minedCodes((await readIndex(indexDir)).index).map(({ code, name }) => [code, name])).toEqual([
        ['600030', '中信证券'],
        ['600837', '海通证券'],
        ['INTC.O', '英特尔'],
      ]);
    }, 60_000);
  });
});
