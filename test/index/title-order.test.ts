import { turnsDuring } from '../event-loop-turns';
import type { Article } from '../../src/corpus/article';
import { buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import type { IndexPart } from '../../src/index/index-part';
import type { SearchIndex } from '../../src/index/search-index';
import { encodeSegment } from '../../src/index/segment-format';
import { SegmentPart, storedInMemory } from '../../src/index/segment-part';
import { prepareTitleOrders, sortByTitle } from '../../src/index/title-order';
import { suggest } from '../../src/search/suggest';
import { sampleArticles } from '../server/helpers';

/** Titles sharing their first characters by the hundred: the sort takes many steps. */
function manyTitles(count: number): Article[] {
  return Array.from({ length: count }, (_, i) => ({ id: `m${i}`, title: `中国${'甲乙丙丁'[i % 4]}${(i * 7919) % count}号`, date: null, url: null, categories: [], tags: [], text: '' }));
}

async function sampleIndex(): Promise<SearchIndex> {
  const all = await sampleArticles();
  const cut = Math.floor(all.length / 2);
  return indexFromSegments([
    { data: buildIndexData(all.slice(0, cut)).data, deletedDocs: [] },
    { data: buildIndexData(all.slice(cut)).data, deletedDocs: [] },
  ]);
}

function partsOf(index: SearchIndex): IndexPart[] {
  const parts: IndexPart[] = [];
  index.forEachPart((part) => parts.push(part));
  return parts;
}

const PREFIXES = ['中', '中国', '海通', 'a', '券商'];
const completions = (index: SearchIndex): unknown[] => PREFIXES.map((prefix) => suggest(index, prefix, 20));

describe('sortByTitle', () => {
  it('returns the documents in the order of their titles, equal titles by number, after yielding between steps', () => {
    const titles = manyTitles(5000).map((article) => article.title);
    titles[17] = titles[4000];
    const sort = sortByTitle(titles.length, (doc) => titles[doc]);
    let steps = 0;
    let step = sort.next();
    while (!step.done) {
      steps++;
      step = sort.next();
    }
    const expected = titles.map((_, doc) => doc).sort((a, b) => (titles[a] < titles[b] ? -1 : titles[a] > titles[b] ? 1 : a - b));
    expect([...step.value]).toEqual(expected);
    expect(steps).toBeGreaterThan(4);
  });
});

describe('prepareTitleOrders', () => {
  it('returns true once every segment is sorted, leaving no steps', async () => {
    const index = await sampleIndex();
    expect(await prepareTitleOrders(index)).toBe(true);
    for (const part of partsOf(index)) expect(part.titleOrderSteps?.()).toBeUndefined();
  });

  it('returns the completions of a sorted index when a suggestion arrives before the background sort is done', async () => {
    const sorted = await sampleIndex();
    await prepareTitleOrders(sorted);
    const index = await sampleIndex();
    const sorting = prepareTitleOrders(index, { sliceMs: 0 });
    expect(completions(index)).toEqual(completions(sorted));
    expect(await sorting).toBe(true);
    expect(completions(index)).toEqual(completions(sorted));
  });

  it('lets timers and I/O run between its slices when a segment is large', async () => {
    const articles = manyTitles(6000);
    const index = indexFromSegments([{ data: buildIndexData(articles).data, deletedDocs: [] }]);
    const { result: ready, turns } = await turnsDuring(() => prepareTitleOrders(index, { sliceMs: 0 }));
    expect(ready).toBe(true);
    expect(turns).toBeGreaterThan(3);
    expect(suggest(index, '中国甲', 2)).toEqual([
      { text: '中国甲0号', kind: 'title', count: 1 },
      { text: '中国甲1000号', kind: 'title', count: 1 },
    ]);
  });

  it('returns false and stops between slices when its signal is aborted, and a suggestion still finds every title', async () => {
    const index = await sampleIndex();
    const stop = new AbortController();
    const sorting = prepareTitleOrders(index, { sliceMs: 0, signal: stop.signal });
    stop.abort();
    expect(await sorting).toBe(false);
    const sorted = await sampleIndex();
    await prepareTitleOrders(sorted);
    expect(completions(index)).toEqual(completions(sorted));
  });
});

describe('SegmentPart.titleOrderSteps', () => {
  it('returns nothing and the part completes no title once the part is released while its sort is under way', () => {
    const files = encodeSegment(buildIndexData(manyTitles(5000)).data);
    const part = new SegmentPart(files.segment, files.texts, storedInMemory(files.docs));
    part.titleOrderSteps()!.next();
    part.release();
    expect(part.titleOrderSteps()).toBeUndefined();
    expect([...part.titlesWithPrefix('')]).toEqual([]);
  });
});
