import { JiansuoError } from '../../src/errors';
import { noSynonyms, parseSynonyms } from '../../src/search/synonyms';

function parseError(text: string, source?: string): { code: string; status: number; message: string } {
  try {
    parseSynonyms(text, source);
  } catch (error) {
    expect(error).toBeInstanceOf(JiansuoError);
    const { code, status, message } = error as JiansuoError;
    return { code, status, message };
  }
  throw new Error(`parseSynonyms(${JSON.stringify(text)}) did not throw`);
}

describe('parseSynonyms', () => {
  it('returns equivalent and one-way rules with their lines when the file mixes them with comments and blank lines', () => {
    const synonyms = parseSynonyms('# 机构简称\n央行, 中国人民银行\n\n  # 高校\n浙大 => 浙江大学\n港交所，香港交易所, HKEX\n');
    expect(synonyms.rules).toEqual([
      { line: 2, kind: 'equivalent', terms: ['央行', '中国人民银行'] },
      { line: 5, kind: 'one-way', from: ['浙大'], to: ['浙江大学'] },
      { line: 6, kind: 'equivalent', terms: ['港交所', '香港交易所', 'HKEX'] },
    ]);
    expect([...synonyms.expansions]).toEqual([
      ['央行', ['中国人民银行']],
      ['中国人民银行', ['央行']],
      ['浙大', ['浙江大学']],
      ['港交所', ['香港交易所', 'hkex']],
      ['香港交易所', ['港交所', 'hkex']],
      ['hkex', ['港交所', '香港交易所']],
    ]);
  });

  it('returns normalised expansions when entries are traditional, full-width or upper case', () => {
    expect([...parseSynonyms('國泰君安 => ＧＴＪＡ').expansions]).toEqual([['国泰君安', ['gtja']]]);
  });

  it('returns the synonyms of each line without chaining them when an entry is on several lines', () => {
    const synonyms = parseSynonyms('a, b\nb, c\nb => d');
    expect(synonyms.expansions.get('a')).toEqual(['b']);
    expect(synonyms.expansions.get('b')).toEqual(['a', 'c', 'd']);
    expect(synonyms.expansions.get('c')).toEqual(['b']);
    expect(synonyms.expansions.get('d')).toBeUndefined();
  });

  it('returns one-way targets without the source when the right side repeats it (the Solr idiom)', () => {
    expect([...parseSynonyms('浙大 => 浙大, 浙江大学').expansions]).toEqual([['浙大', ['浙江大学']]]);
  });

  it('returns the same rules when the file has CRLF line ends and a byte-order mark', () => {
    const crlf = parseSynonyms('\ufeff央行, 中国人民银行\r\n浙大 => 浙江大学\r\n');
    expect(crlf.rules).toEqual(parseSynonyms('央行, 中国人民银行\n浙大 => 浙江大学\n').rules);
  });

  it('returns no rules and a fixed version when the text is empty or only comments', () => {
    expect(noSynonyms.rules).toEqual([]);
    expect(noSynonyms.expansions.size).toBe(0);
    expect(noSynonyms.version).toBe('e3b0c44298fc1c14');
    expect(parseSynonyms('# 没有规则\n\n').rules).toEqual([]);
  });

  it('returns a version that depends on the text only', () => {
    expect(parseSynonyms('央行, 中国人民银行').version).toBe(parseSynonyms('央行, 中国人民银行').version);
    expect(parseSynonyms('央行, 中国人民银行').version).not.toBe(parseSynonyms('央行,中国人民银行').version);
  });

  it.each([
    ['a => b => c', 'invalid synonyms: line 1: more than one "=>"'],
    ['# 注释\n => 浙江大学', 'invalid synonyms: line 2: nothing on the left of "=>"'],
    ['浙大 =>', 'invalid synonyms: line 1: nothing on the right of "=>"'],
    ['央行,, 中国人民银行', 'invalid synonyms: line 1: empty entry (two commas in a row, or a comma at an end)'],
    ['央行, 中国人民银行,', 'invalid synonyms: line 1: empty entry (two commas in a row, or a comma at an end)'],
    ['浙大, \u200b => 浙江大学', 'invalid synonyms: line 1: empty entry (two commas in a row, or a comma at an end)'],
    ['\n\n央行', 'invalid synonyms: line 3: "央行" has no synonym (write two entries or more, separated by commas)'],
    ['ＡＢ, ab', 'invalid synonyms: line 1: "ＡＢ, ab" has no synonym (write two entries or more, separated by commas)'],
    ['浙大, 浙江大学 => 浙江大学', 'invalid synonyms: line 1: "=>" maps its entries only to themselves'],
  ])('throws invalid_synonyms naming the line when the text is %j', (text, message) => {
    expect(parseError(text)).toEqual({ code: 'invalid_synonyms', status: 400, message });
  });

  it('throws with the file name when a source is given', () => {
    expect(parseError('央行, 中国人民银行\n浙大 =>', '/etc/jiansuo/synonyms.txt').message).toBe(
      'invalid synonyms: line 2 of /etc/jiansuo/synonyms.txt: nothing on the right of "=>"',
    );
  });
});
