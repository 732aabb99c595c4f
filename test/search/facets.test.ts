import * as path from 'node:path';
import fc from 'fast-check';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndexData } from '../../src/index/build';
import { indexFromSegments } from '../../src/index/index-data';
import type { SearchIndex } from '../../src/index/search-index';
import { facetsOf, liveFacets } from '../../src/search/facets';
import { search } from '../../src/search/search';

/** Counts of every category, tag and month of `docs`, read from each stored article. */
function naiveFacets(index: SearchIndex, docs: number[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = { categories: {}, tags: {}, months: {} };
  const add = (kind: string, name: string): void => {
    counts[kind][name] = (counts[kind][name] ?? 0) + 1;
  };
  for (const doc of docs) {
    const article = index.article(doc);
    article.categories.forEach((name) => add('categories', name));
    article.tags.forEach((name) => add('tags', name));
    if (article.date) add('months', article.date.slice(0, 7));
  }
  return counts;
}

describe('facetsOf', () => {
  let index: SearchIndex;
  let withDeletes: SearchIndex;
  beforeAll(async () => {
    const articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
    const half = Math.floor(articles.length / 2);
    // Two segments, so that facet values are numbered per segment and joined.
    index = indexFromSegments([
      { data: buildIndexData(articles.slice(0, half)).data, deletedDocs: [] },
      { data: buildIndexData(articles.slice(half)).data, deletedDocs: [] },
    ]);
    withDeletes = indexFromSegments([
      { data: buildIndexData(articles.slice(0, half)).data, deletedDocs: [0, 3, 4] },
      { data: buildIndexData(articles.slice(half)).data, deletedDocs: [1] },
    ]);
  });

  it('returns the counts of reading every matched article, categories and tags by count and months in calendar order', () => {
    const live = [...index.liveDocs()];
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: live.length, maxLength: live.length }), (keep) => {
        const docs = live.filter((_, i) => keep[i]);
        const facets = facetsOf(index, Uint32Array.from(docs));
        expect(facets).toEqual(naiveFacets(index, docs));
        const counts = Object.values(facets.categories);
        expect(counts).toEqual([...counts].sort((a, b) => b - a));
        expect(Object.keys(facets.months)).toEqual(Object.keys(facets.months).sort());
      }),
      { seed: 20261201, numRuns: 100 },
    );
  });

  it('returns the counts of reading every matched article when most live articles match and some are deleted', () => {
    const live = [...withDeletes.liveDocs()];
    expect(live.length).toBe(withDeletes.documentCount - 4);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: live.length, maxLength: live.length }), (draws) => {
        // Nine in ten kept: counted from the few left out.
        const docs = live.filter((_, i) => draws[i] > 0);
        expect(facetsOf(withDeletes, Uint32Array.from(docs))).toEqual(naiveFacets(withDeletes, docs));
      }),
      { seed: 20261202, numRuns: 100 },
    );
    expect(facetsOf(withDeletes, Uint32Array.from(live))).toEqual(naiveFacets(withDeletes, live));
  });

  it('counts a write that changes the archive after a broad match was counted', () => {
    const live = [...withDeletes.liveDocs()];
    const before = facetsOf(withDeletes, Uint32Array.from(live));
    const removed = live[live.length - 1];
    withDeletes.remove(withDeletes.id(removed));
    const after = live.slice(0, -1);
    expect(facetsOf(withDeletes, Uint32Array.from(after))).toEqual(naiveFacets(withDeletes, after));
    expect(facetsOf(withDeletes, Uint32Array.from(after))).not.toEqual(before);
  });

  it('counts articles written after load, with facet values no segment has and a replacement that changes them', () => {
    const first = withDeletes.article([...withDeletes.liveDocs()][0]);
    withDeletes.upsert({ ...first, categories: ['写入'], tags: ['新标签', first.tags[0] ?? '旧'], date: '2031-01-02T10:00:00+08:00' });
    withDeletes.upsert({ id: 'written-1', title: '写入的文章', date: '2031-02-03T10:00:00+08:00', categories: ['写入'], tags: [], url: null, text: '正文' });
    const live = [...withDeletes.liveDocs()];
    expect(facetsOf(withDeletes, Uint32Array.from(live))).toEqual(naiveFacets(withDeletes, live));
    expect(facetsOf(withDeletes, Uint32Array.from(live)).categories['写入']).toBe(2);
    const some = live.filter((_, i) => i % 3 === 0);
    expect(facetsOf(withDeletes, Uint32Array.from(some))).toEqual(naiveFacets(withDeletes, some));
  });

  it('returns from liveFacets the counts of reading every live article, with tombstones and after writes', () => {
    expect(liveFacets(index)).toEqual(naiveFacets(index, [...index.liveDocs()]));
    expect(liveFacets(withDeletes)).toEqual(naiveFacets(withDeletes, [...withDeletes.liveDocs()]));
    withDeletes.remove(withDeletes.id([...withDeletes.liveDocs()][2]));
    expect(liveFacets(withDeletes)).toEqual(naiveFacets(withDeletes, [...withDeletes.liveDocs()]));
  });
});

describe('facetsOf over replacements and repeated values', () => {
  it('returns the counts of reading every live article when a later segment replaces articles of an earlier one with other values, one with a tag twice', async () => {
    const articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
    const replaced = [articles[0], articles[5]].map((article, i) => ({ ...article, categories: ['改写'], tags: i === 0 ? ['重复', '重复'] : [], date: '2030-05-06T10:00:00+08:00' }));
    const index = indexFromSegments([
      { data: buildIndexData(articles.slice(0, 10)).data, deletedDocs: [] },
      { data: buildIndexData(articles.slice(10)).data, deletedDocs: [] },
      { data: buildIndexData(replaced).data, deletedDocs: [] },
    ]);
    const live = [...index.liveDocs()];
    expect(live.length).toBe(articles.length);
    expect(facetsOf(index, Uint32Array.from(live))).toEqual(naiveFacets(index, live));
    expect(facetsOf(index, Uint32Array.from(live)).tags['重复']).toBe(2);
    expect(liveFacets(index)).toEqual(naiveFacets(index, live));
    const some = live.filter((_, i) => i % 4 !== 1);
    expect(facetsOf(index, Uint32Array.from(some))).toEqual(naiveFacets(index, some));
  });

  it('filters on a tag that only an article written after load holds', async () => {
    const articles = (await loadCorpus(path.join(__dirname, '../../corpus'))).articles;
    const index = indexFromSegments([{ data: buildIndexData(articles).data, deletedDocs: [] }]);
    expect(search(index, '证券', { tag: '新写入' }).total).toBe(0);
    index.upsert({ id: 'written-tag', title: '证券新闻', date: '2031-02-03T10:00:00+08:00', categories: ['写入'], tags: ['新写入'], url: null, text: '证券公司' });
    const found = search(index, '证券', { tag: '新写入' });
    expect(found.hits.map((hit) => hit.id)).toEqual(['written-tag']);
    expect(found.facets.tags).toEqual({ 新写入: 1 });
    expect(search(index, '证券', { category: '写入' }).total).toBe(1);
  });
});
