import { dictionaryVersion, loadDictionary } from '../../src/analysis/dictionary';

describe('dictionaryVersion', () => {
  it('returns jieba-3.5.8 and a 12-digit hash when called', () => {
    expect(dictionaryVersion()).toMatch(/^jieba-3\.5\.8\+[0-9a-f]{12}$/);
  });

  it('returns the same string when called twice', () => {
    expect(dictionaryVersion()).toBe(dictionaryVersion());
  });
});

describe('loadDictionary', () => {
  it('returns the same dictionary when called twice', () => {
    expect(loadDictionary()).toBe(loadDictionary());
  });

  it('returns a version equal to dictionaryVersion when loaded', () => {
    expect(loadDictionary().version).toBe(dictionaryVersion());
  });

  it('returns short words from both jieba and the user dictionary, lower-cased', () => {
    const { shortWords } = loadDictionary();
    expect(['证券', '北向', '共和国', '港交所', 'ab岗'].map((w) => shortWords.has(w))).toEqual([true, true, true, true, true]);
    expect(shortWords.has('海通证券')).toBe(false);
  });
});
