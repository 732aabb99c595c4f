import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildIndexFromCorpus } from '../../src/index/ensure-index';
import { folderFeed, followGeneration } from '../../src/index/follow-generation';
import { readIndex } from '../../src/index/read-index';
import type { SearchIndex } from '../../src/index/search-index';
import { answersOf } from './answers';

const CORPUS = path.join(__dirname, '../../corpus');
const QUERIES = ['海通证券', '数字人民币', '券商', '中国', '经济 发展', '追加段落'];

function answers(index: SearchIndex): unknown[] {
  return answersOf(index, QUERIES);
}

describe('followGeneration', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'jiansuo-follow-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('returns what a fresh load returns when files were added, changed and removed and the index re-run, then merged, while it serves', async () => {
    const corpusDir = path.join(dir, 'corpus');
    const indexDir = path.join(dir, 'index');
    fs.cpSync(CORPUS, corpusDir, { recursive: true });
    const policy = { segmentsPerTier: 10, maxSegmentDocs: 100, floorDocs: 1, maxDeletedShare: 0.05 };
    await buildIndexFromCorpus(corpusDir, indexDir, undefined, undefined, { segmentDocs: 40, mergePolicy: policy });
    const { index, manifest, generation } = await readIndex(indexDir);
    const changes: Array<{ generation: string; added: number; removed: number }> = [];
    const errors: Error[] = [];
    const follower = followGeneration(index, folderFeed(indexDir), generation, manifest, { intervalMs: 10, onChange: ({ generation: seen, added, removed }) => changes.push({ generation: seen, added, removed }), onError: (error) => errors.push(error) });
    try {
      const files = fs.readdirSync(corpusDir).filter((name) => name.endsWith('.md') && name !== 'README.md').sort();
      fs.writeFileSync(path.join(corpusDir, 'added.md'), '---\ntitle: 数字人民币试点扩大\ndate: 2022-04-01 08:00:00 +0800\n---\n<p>数字人民币试点范围扩大。</p>\n');
      fs.appendFileSync(path.join(corpusDir, files[0]), '<p>追加段落：海通证券。</p>\n');
      fs.rmSync(path.join(corpusDir, files[1]));
      // The second build adds a segment and tombstones two documents: over 5 % deleted, the first segment is rewritten.
      const rebuilt = await buildIndexFromCorpus(corpusDir, indexDir, undefined, undefined, { segmentDocs: 40, mergePolicy: policy });
      expect(rebuilt.merges).toBe(1);
      const { index: fresh, generation: last } = await readIndex(indexDir);
      for (let waited = 0; changes.at(-1)?.generation !== last && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(errors).toEqual([]);
      expect(changes.at(-1)?.generation).toBe(last);
      expect(answers(index)).toEqual(answers(fresh));
      expect(index.size).toBe(32);
      // The new file and the changed one are added when the follower sees the re-run's generation;
      // when it only sees the merged one (both committed between two looks, as on a loaded
      // machine), the changed file's old version moved in the merge, and only the new file counts.
      expect(changes.reduce((sum, change) => sum + change.added, 0)).toBe(changes.length === 1 ? 1 : 2);
    } finally {
      follower.stop();
    }
  }, 60_000);
});
