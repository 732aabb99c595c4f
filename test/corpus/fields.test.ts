import { articleOf, normalizeDate, normalizeLabels, scalarText } from '../../src/corpus/fields';

describe('normalizeDate', () => {
  it('returns the instant in the corpus time zone when the value is a Date', () => {
    expect(normalizeDate(new Date('2022-03-29T02:56:11Z'))).toBe('2022-03-29T10:56:11+08:00');
  });

  it('returns the instant in the given time zone when the value is a Date and an offset is given', () => {
    expect(normalizeDate(new Date('2022-03-29T02:56:11Z'), -300)).toBe('2022-03-28T21:56:11-05:00');
  });

  it('returns null when the value is an invalid Date', () => {
    expect(normalizeDate(new Date('nonsense'))).toBeNull();
  });

  it('returns null when the value is neither a string nor a Date', () => {
    expect([normalizeDate(undefined), normalizeDate(null), normalizeDate(['2022-05-26'])]).toEqual([null, null, null]);
  });

  it('returns the offset as +HH:MM when it is written with hours only', () => {
    expect(normalizeDate('2022-03-29 10:56 +08')).toBe('2022-03-29T10:56:00+08:00');
  });

  it('returns null when the day does not exist in that month', () => {
    expect([normalizeDate('2023-02-29'), normalizeDate('2024-02-29'), normalizeDate('2022-04-31')]).toEqual([
      null,
      '2024-02-29T00:00:00+08:00',
      null,
    ]);
  });
});

describe('normalizeLabels', () => {
  it('returns the names in order without repeats when the value is a space-separated string', () => {
    expect(normalizeLabels(' emnews\t财经  emnews\u3000要闻 ')).toEqual(['emnews', '财经', '要闻']);
  });

  it('returns one name per scalar item when the value is a list', () => {
    expect(normalizeLabels(['新闻 联播', ' a ', '', 7, true, null, { x: 1 }])).toEqual(['新闻 联播', 'a', '7', 'true']);
  });

  it('returns no names when the value is missing', () => {
    expect(normalizeLabels(undefined)).toEqual([]);
  });
});

describe('scalarText', () => {
  it('returns the text of a scalar and "" for anything else', () => {
    expect([scalarText('a'), scalarText(1.5), scalarText(false), scalarText(null), scalarText([1])]).toEqual([
      'a',
      '1.5',
      'false',
      '',
      '',
    ]);
  });
});

describe('articleOf', () => {
  it('returns the article every source reads from the same fields: title trimmed, date normalised, labels as lists', () => {
    const fields = { title: ' 海通证券发布公告 ', date: '2022-03-29 10:56:11', categories: 'cailianshe', tags: ['财联社新闻', ' 券商 '] };
    expect(articleOf('a1', fields, { text: '海通证券（600837.SH）公告称', url: 'https://x.cn/a1' }, 480)).toEqual({
      id: 'a1',
      title: '海通证券发布公告',
      date: '2022-03-29T10:56:11+08:00',
      categories: ['cailianshe'],
      tags: ['财联社新闻', '券商'],
      url: 'https://x.cn/a1',
      text: '海通证券（600837.SH）公告称',
    });
  });

  it('returns null when there is neither a title nor body text', () => {
    expect(articleOf('a2', { title: '  ', date: '2022-03-29' }, { text: '', url: null }, 480)).toBeNull();
  });

  it('returns a null date when the date cannot be read', () => {
    expect(articleOf('a3', { title: '标题', date: '三月' }, { text: '', url: null }, 480)?.date).toBeNull();
  });
});
