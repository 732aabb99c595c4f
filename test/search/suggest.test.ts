import * as path from 'node:path';
import type { Article } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';
import { buildIndex } from '../../src/index/build';
import type { SearchIndex } from '../../src/index/search-index';
import { suggest } from '../../src/search/suggest';
import { splitSampleIndex } from '../server/helpers';

describe('suggest', () => {
  let index: SearchIndex;

  beforeAll(async () => {
    const report = await loadCorpus(path.join(__dirname, '../../corpus'));
    index = buildIndex(report.articles);
  });

  it('returns 海通证券 first with its document count when the prefix is 海通', () => {
    expect(suggest(index, '海通', 8)).toEqual([
      { text: '海通证券', kind: 'word', count: 6 },
      { text: '海通国际：港股估值处于历史低位 下半年有望迎来修复', kind: 'title', count: 1 },
      { text: '海通证券：沪上券商抗疫一线 7*24小时守护交易通道', kind: 'title', count: 1 },
      { text: '海通证券一季度线上开户数同比增长逾四成', kind: 'title', count: 1 },
    ]);
  });

  it('returns the same completions when the prefix is traditional or full-width', () => {
    expect(suggest(index, '海通證', 8)).toEqual(suggest(index, '海通证', 8));
    expect(suggest(index, 'ＶＰ', 8)).toEqual(suggest(index, 'vp', 8));
  });

  it('returns at most limit completions when more start with the prefix', () => {
    expect(suggest(index, '海通', 1)).toEqual([{ text: '海通证券', kind: 'word', count: 6 }]);
  });

  it('returns nothing when the prefix is empty or white space', () => {
    expect(suggest(index, '', 8)).toEqual([]);
    expect(suggest(index, '  ', 8)).toEqual([]);
  });

  it('returns the completions of one index when the documents are split into segments, some deleted, some written since', async () => {
    const { split, whole } = await splitSampleIndex();
    for (const prefix of ['海通', '券', '中国', 'a', '新', 'haito', 'htzq', 'zq']) expect(suggest(split, prefix, 50)).toEqual(suggest(whole, prefix, 50));
  });

  it('returns completions of a new word when a document was upserted after the first call', () => {
    const small = buildIndex([]);
    expect(suggest(small, '瑞幸', 8)).toEqual([]);
    const added: Article = { id: 'x', title: '瑞幸咖啡', date: null, categories: [], tags: [], url: null, text: '瑞幸咖啡开店。' };
    small.upsert(added);
    expect(suggest(small, '瑞幸', 8).map((s) => s.text)).toContain('瑞幸咖啡');
  });

  it('returns 海通证券 when the prefix is its full pinyin cut in a syllable or its initials', () => {
    expect(suggest(index, 'haito', 8)).toEqual([
      { text: '海通', kind: 'pinyin', count: 7 },
      { text: '海通证券', kind: 'pinyin', count: 6 },
    ]);
    expect(suggest(index, 'htzq', 8)).toEqual([
      { text: '海通证券', kind: 'pinyin', count: 6 },
      { text: '华泰证券', kind: 'pinyin', count: 2 },
    ]);
  });

  it('returns the words spelled exactly by the prefix first, then the longer ones, most frequent first in each', () => {
    expect(suggest(index, 'zq', 6)).toEqual([
      { text: '证券', kind: 'pinyin', count: 11 },
      { text: '增强', kind: 'pinyin', count: 5 },
      { text: '债券', kind: 'pinyin', count: 2 },
      { text: '走强', kind: 'pinyin', count: 1 },
      { text: '证券法', kind: 'pinyin', count: 1 },
      { text: '证券类', kind: 'pinyin', count: 1 },
    ]);
  });

  it('returns the Chinese completions first, then those as written, when a Latin prefix also matches as written', () => {
    expect(suggest(index, 'ap', 8)).toEqual([
      { text: '安排', kind: 'pinyin', count: 3 },
      { text: 'app', kind: 'word', count: 5 },
    ]);
  });

  it('returns no pinyin completion when the prefix is Chinese', () => {
    expect(suggest(index, '海通', 8).every((suggestion) => suggestion.kind !== 'pinyin')).toBe(true);
  });
});
