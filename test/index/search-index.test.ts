import type { Article } from '../../src/corpus/article';
import { JiansuoError } from '../../src/errors';
import { buildIndex } from '../../src/index/build';
import { analyzeDocument } from '../../src/index/analyze-document';
import { search } from '../../src/search/search';

const article = (id: string, title: string, text: string): Article => ({
  id,
  title,
  date: '2022-03-29T10:56:11+08:00',
  categories: ['securities'],
  tags: ['证券'],
  url: null,
  text,
});

const ids = (index: ReturnType<typeof buildIndex>, query: string): string[] => search(index, query, { limit: 100 }).hits.map((hit) => hit.id);

describe('SearchIndex.upsert', () => {
  it('returns the new document at once when it is upserted', () => {
    const index = buildIndex([article('a', '海通证券', '沪上券商抗疫。')]);
    index.upsert(article('b', '瑞幸咖啡', '海通国际发布报告。'));
    expect(ids(index, '瑞幸咖啡')).toEqual(['b']);
    expect(ids(index, '海通').sort()).toEqual(['a', 'b']);
    expect(ids(index, '海通国')).toEqual(['b']);
    expect(index.size).toBe(2);
  });

  it('returns only the new text when an id is upserted again', () => {
    const index = buildIndex([article('a', '海通证券', '沪上券商抗疫。'), article('b', '其他', '其他内容。')]);
    index.upsert(article('a', '国泰君安', '合并重组。'));
    expect(ids(index, '海通证券')).toEqual([]);
    expect(search(index, '海通证券').relaxed).toBe(false);
    expect(ids(index, '国泰君安')).toEqual(['a']);
    expect(index.get('a').title).toBe('国泰君安');
    expect(index.size).toBe(2);
  });
});

describe('SearchIndex.remove', () => {
  it('returns a removed document never again when it is deleted', () => {
    const index = buildIndex([article('a', '海通证券', '沪上券商抗疫。'), article('b', '海通证券研究所', '报告。')]);
    expect(index.remove('a')).toBe(true);
    expect(ids(index, '海通证券')).toEqual(['b']);
    expect(ids(index, '券商抗')).toEqual([]);
    expect(ids(index, '抗')).toEqual([]);
    expect(search(index, '海通证券').facets.categories).toEqual({ securities: 1 });
    expect(index.size).toBe(1);
  });

  it('returns false when the id is unknown', () => {
    const index = buildIndex([article('a', '海通证券', '正文。')]);
    expect(index.remove('zzz')).toBe(false);
    expect(index.remove('a')).toBe(true);
    expect(index.remove('a')).toBe(false);
  });

  it('throws not_found when a removed document is fetched', () => {
    const index = buildIndex([article('a', '海通证券', '正文。')]);
    index.remove('a');
    expect(() => index.get('a')).toThrow(new JiansuoError('not_found', 'no document with id "a"'));
    expect(() => index.get('a')).toThrow('not found: no document with id "a"');
  });

  it('returns the document again when a removed id is upserted', () => {
    const index = buildIndex([article('a', '海通证券', '正文。')]);
    index.remove('a');
    index.upsert(article('a', '海通证券', '新正文。'));
    expect(ids(index, '海通证券')).toEqual(['a']);
    expect(search(index, '海通证券').total).toBe(1);
  });
});

describe('analyzeDocument', () => {
  it('returns body counts that stop at 65,535 instead of spilling into the title count (regression: a 20 MB article)', () => {
    const analyzed = analyzeDocument({ title: '标题', text: '的'.repeat(70_000) });
    expect(analyzed.words.get('的')).toBe(0xffff);
  });
});
