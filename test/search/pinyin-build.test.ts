import { turnsDuring } from '../event-loop-turns';
import { pinyinSpellings } from '../../src/analysis/pinyin';
import type { Article } from '../../src/corpus/article';
import { buildIndex } from '../../src/index/build';
import type { IndexPart } from '../../src/index/index-part';
import type { SearchIndex } from '../../src/index/search-index';
import { pinyinRuns, preparePinyin, type PinyinRun } from '../../src/search/pinyin-build';
import { search } from '../../src/search/search';
import { suggest } from '../../src/search/suggest';
import { sampleArticles, splitSampleIndex } from '../server/helpers';

const article = (id: string, text: string): Article => ({ id, title: text, date: '2024-01-02T00:00:00+08:00', categories: [], tags: [], url: null, text });

/** The parts of an index, in order. */
function partsOf(index: SearchIndex): IndexPart[] {
  const parts: IndexPart[] = [];
  index.forEachPart((part) => parts.push(part));
  return parts;
}

/** Every word of the runs, in order. */
const wordsOf = (runs: PinyinRun[]): string[] => runs.flatMap((run) => Array.from({ length: run.size }, (_, n) => run.word(n)));

/** What the pinyin queries and suggestions of the tests answer, took_ms left out. */
function answers(index: SearchIndex): unknown[] {
  return [...['yinhang', 'htzq', 'jingji', 'xiangcun zhenxing', '乡村zx'].map((query) => ({ ...search(index, query, { explain: true }), took_ms: 0 })), suggest(index, 'haito', 8)];
}

describe('preparePinyin', () => {
  it('returns true once the runs of every part hold each Chinese word of the part, and the words only', async () => {
    const { split } = await splitSampleIndex();
    expect(await preparePinyin(split)).toBe(true);
    for (const part of partsOf(split)) {
      const chinese = [...part.wordKeys()].filter((word) => pinyinSpellings(word).full.length > 0);
      expect(wordsOf(pinyinRuns(part))).toEqual(chinese);
    }
  });

  it('lets timers and I/O run between its slices when the tables are large', async () => {
    const index = buildIndex(await sampleArticles());
    const { result: ready, turns } = await turnsDuring(() => preparePinyin(index, { sliceMs: 0 }));
    expect(ready).toBe(true);
    expect(turns).toBeGreaterThan(10);
  });

  it('returns the answers of a prepared index when a pinyin query arrives before the background build is done', async () => {
    const { split, whole } = await splitSampleIndex();
    await preparePinyin(whole);
    const building = preparePinyin(split, { sliceMs: 0 });
    expect(answers(split)).toEqual(answers(whole));
    expect(await building).toBe(true);
    expect(answers(split)).toEqual(answers(whole));
  });

  it('returns false and stops between slices when its signal is aborted', async () => {
    const index = buildIndex(await sampleArticles());
    const stop = new AbortController();
    const building = preparePinyin(index, { sliceMs: 0, signal: stop.signal });
    stop.abort();
    expect(await building).toBe(false);
    expect(answers(index)).toEqual(answers(buildIndex(await sampleArticles())));
  });
});

describe('pinyinRuns', () => {
  it('returns a few runs holding every word once when the part grows one document at a time between queries', () => {
    const index = buildIndex([]);
    const words = [...'甲乙丙丁戊己庚辛壬癸'].flatMap((stem) => [...'子丑寅卯辰巳午未申酉'].map((branch) => stem + branch));
    words.forEach((word, k) => {
      index.upsert(article(`a${k}`, word));
      search(index, 'jiazi');
    });
    const [part] = partsOf(index);
    const runs = pinyinRuns(part);
    expect(new Set(wordsOf(runs))).toEqual(new Set(words));
    expect(wordsOf(runs)).toHaveLength(words.length);
    expect(runs.length).toBeLessThanOrEqual(Math.log2(words.length) + 1);
    expect(search(index, 'guiyou').hits.map((hit) => hit.id)).toEqual(['a99']);
  });
});
