import { mixedPinyin, pinyinReadings, pinyinSpellings, spellsWithBreaks, syllableBreaks, typedPinyin } from '../../src/analysis/pinyin';

describe('pinyinSpellings', () => {
  it('returns the word-level reading of a polyphone when the word is 银行 or 重庆', () => {
    expect(pinyinSpellings('银行')).toEqual({ full: ['yinhang'], initials: ['yh'] });
    expect(pinyinSpellings('重庆')).toEqual({ full: ['chongqing'], initials: ['cq'] });
    expect(pinyinSpellings('海通证券')).toEqual({ full: ['haitongzhengquan'], initials: ['htzq'] });
  });

  it('returns fenhang, not fenxing, when the word is 分行 (bug: pinyin-pro read the bank words 分行, 央行, 投行 with xing)', () => {
    expect(pinyinSpellings('分行')).toEqual({ full: ['fenhang'], initials: ['fh'] });
    expect(pinyinSpellings('央行')).toEqual({ full: ['yanghang'], initials: ['yh'] });
    expect(pinyinSpellings('投行')).toEqual({ full: ['touhang'], initials: ['th'] });
    expect(pinyinSpellings('欧洲央行')).toEqual({ full: ['ouzhouyanghang'], initials: ['ozyh'] });
  });

  it('returns xing where 行 means to go, when a word holds a bank word but is not one', () => {
    expect(pinyinSpellings('大行其道')).toEqual({ full: ['daxingqidao'], initials: ['dxqd'] });
    expect(pinyinSpellings('发行')).toEqual({ full: ['faxing'], initials: ['fx'] });
  });

  it('returns every reading and no initials when the word is one character', () => {
    expect(pinyinSpellings('行')).toEqual({ full: ['xing', 'hang', 'heng'], initials: [] });
  });

  it('returns ü spelled as v and as u when a syllable has it', () => {
    expect(pinyinSpellings('女人')).toEqual({ full: ['nvren', 'nuren'], initials: ['nr'] });
  });

  it('returns no spelling when the word has characters other than Chinese', () => {
    expect(pinyinSpellings('ab轮岗')).toEqual({ full: [], initials: [] });
    expect(pinyinSpellings('600837')).toEqual({ full: [], initials: [] });
  });
});

describe('pinyinReadings', () => {
  it('returns a syllable per character of each reading when the word is Chinese', () => {
    expect(pinyinReadings('银行行长')).toEqual([['yin', 'hang', 'hang', 'zhang']]);
    expect(pinyinReadings('乐')).toEqual([['le'], ['yue'], ['yao'], ['lao']]);
    expect(pinyinReadings('7*24小时')).toEqual([]);
  });
});

describe('typedPinyin', () => {
  it('returns the toneless letters when the term has tone marks, tone numbers or apostrophes', () => {
    expect(typedPinyin('yínháng')).toBe('yinhang');
    expect(typedPinyin('yin2hang2')).toBe('yinhang');
    expect(typedPinyin("xi'an")).toBe('xian');
    expect(typedPinyin('HaiTong')).toBe('haitong');
  });

  it('returns ü as v when it is typed with or without a tone', () => {
    expect(typedPinyin('nǚren')).toBe('nvren');
    expect(typedPinyin('lüse')).toBe('lvse');
  });

  it('returns undefined when the term is not Latin letters or is a single letter', () => {
    expect(typedPinyin('银行')).toBeUndefined();
    expect(typedPinyin('乡村zx')).toBeUndefined();
    expect(typedPinyin('600837')).toBeUndefined();
    expect(typedPinyin('7*24')).toBeUndefined();
    expect(typedPinyin('h')).toBeUndefined();
  });
});

describe('syllableBreaks', () => {
  it('returns where apostrophes cut the toneless pinyin into syllables', () => {
    expect(syllableBreaks("xi'an")).toEqual([2]);
    expect(syllableBreaks('xī’ān')).toEqual([2]);
    expect(syllableBreaks("xi1'an1")).toEqual([2]);
    expect(syllableBreaks("chang'an'jie")).toEqual([5, 7]);
  });

  it('returns no break when the term has no apostrophe inside it', () => {
    expect(syllableBreaks('xian')).toEqual([]);
    expect(syllableBreaks("'xian'")).toEqual([]);
    expect(syllableBreaks('银行')).toEqual([]);
  });
});

describe('spellsWithBreaks', () => {
  it('returns true when a reading of the word ends a syllable at each break', () => {
    expect(spellsWithBreaks('西安', 'xian', [2])).toBe(true);
    expect(spellsWithBreaks('女人', 'nuren', [2])).toBe(true);
  });

  it('returns false when the word spells the key in fewer syllables or spells another key', () => {
    expect(spellsWithBreaks('先', 'xian', [2])).toBe(false);
    expect(spellsWithBreaks('西岸', 'xiangan', [2])).toBe(false);
  });
});

describe('mixedPinyin', () => {
  it('returns the Chinese characters and the toneless pinyin after them when the term is of that form', () => {
    expect(mixedPinyin('乡村zx')).toEqual({ chinese: '乡村', key: 'zx' });
    expect(mixedPinyin('海通zhèng2quan')).toEqual({ chinese: '海通', key: 'zhengquan' });
    expect(mixedPinyin('银h')).toEqual({ chinese: '银', key: 'h' });
  });

  it('returns undefined when the term is all Chinese, starts with Latin letters or ends with other characters', () => {
    expect(mixedPinyin('乡村振兴')).toBeUndefined();
    expect(mixedPinyin('ab轮岗')).toBeUndefined();
    expect(mixedPinyin('海通600837')).toBeUndefined();
    expect(mixedPinyin('yinhang')).toBeUndefined();
  });
});
