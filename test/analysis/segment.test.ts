import fc from 'fast-check';
import { normalize } from '../../src/analysis/normalize';
import { segmentNormalized, tokenize, type Token } from '../../src/analysis/segment';

const words = (tokens: Token[]): string[] => tokens.map((t) => t.word);
const placed = (tokens: Token[]): [string, number, number, boolean][] => tokens.map((t) => [t.word, t.start, t.end, t.sub]);

const CHINESE_WORDS = ['海通证券', '北向资金', '新闻联播', '中华人民共和国', '轮岗', '小时', '资金', '市场', '上涨', '的', '了', '股票'];
const LATIN_RUNS = ['AB', 'VPN', '600837.SH', 'iPhone15', '5G', '2022', '7', '24', 'ab', '00388.HK', 'x_y', 'a-b'];
const PUNCTUATION = ['，', '。', '、', '*', '(', ')', '（', '）', '.', '-', '_', ' ', '\n', '“', '”', '：', '\t'];
/** Traditional characters OpenCC rewrites (證→证, 國→国 …). */
const TRADITIONAL = [...'證券國際臺灣後來發聯網質量'];
/** Full-width forms NFKC folds to ASCII. */
const FULL_WIDTH = [...'ＡＢＣｘｙｚ０１２９．，：（）＊　'];
/** Characters that vanish, combine, leave the BMP or expand (㈱ → (株)). */
const AWKWARD = ['\u200c', '\u00ad', '\ufeff', '\u0301', '𠀀', '𝐀', '😀', '㈱', 'ﬁ'];

/** News-like text: Chinese words, Latin/digit runs and punctuation, with traditional, full-width and awkward characters mixed in. */
const newsText = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...CHINESE_WORDS) },
      { weight: 3, arbitrary: fc.constantFrom(...LATIN_RUNS) },
      { weight: 3, arbitrary: fc.constantFrom(...PUNCTUATION) },
      { weight: 2, arbitrary: fc.constantFrom(...TRADITIONAL) },
      { weight: 2, arbitrary: fc.constantFrom(...FULL_WIDTH) },
      { weight: 1, arbitrary: fc.constantFrom(...AWKWARD) },
    ),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(''));

describe('segmentNormalized', () => {
  it('returns a user-dictionary word with its sub-word when given ab轮岗', () => {
    expect(placed(segmentNormalized('ab轮岗'))).toEqual([
      ['轮岗', 2, 4, true],
      ['ab轮岗', 0, 4, false],
    ]);
  });

  it('returns the digit runs and the word when given 7*24小时', () => {
    expect(placed(segmentNormalized('7*24小时'))).toEqual([
      ['7', 0, 1, false],
      ['24', 2, 4, false],
      ['小时', 4, 6, false],
    ]);
  });

  it('returns each word in order when given a mixed sentence', () => {
    expect(words(segmentNormalized('ab轮岗实行7*24小时'))).toEqual(['轮岗', 'ab轮岗', '实行', '7', '24', '小时']);
  });

  it('returns a stock code as one token when it contains a dot', () => {
    expect(placed(segmentNormalized('600837.sh'))).toEqual([['600837.sh', 0, 9, false]]);
  });

  it('returns no tokens when given only punctuation and whitespace', () => {
    expect(segmentNormalized('，。！？、“”（）*.- \n　\t')).toEqual([]);
  });

  it('returns no tokens when given an empty string', () => {
    expect(segmentNormalized('')).toEqual([]);
  });
});

describe('tokenize', () => {
  it('returns sub-words before the word with offsets in the original when given traditional characters', () => {
    expect(placed(tokenize('海通證券'))).toEqual([
      ['海通', 0, 2, true],
      ['证券', 2, 4, true],
      ['海通证券', 0, 4, false],
    ]);
  });

  it('returns ab轮岗 and its sub-word when given upper-case AB轮岗', () => {
    expect(placed(tokenize('AB轮岗'))).toEqual([
      ['轮岗', 2, 4, true],
      ['ab轮岗', 0, 4, false],
    ]);
  });

  it('returns ab轮岗 spanning the original full-width letters when given ＡＢ轮岗', () => {
    expect(placed(tokenize('ＡＢ轮岗'))).toEqual([
      ['轮岗', 2, 4, true],
      ['ab轮岗', 0, 4, false],
    ]);
  });

  it('returns 7, 24 and 小时 when given 7*24小时', () => {
    expect(words(tokenize('7*24小时'))).toEqual(['7', '24', '小时']);
  });

  it('returns lower-case vpn when given VPN', () => {
    expect(placed(tokenize('VPN'))).toEqual([['vpn', 0, 3, false]]);
  });

  it('returns one lower-case token when given the stock code 600837.SH', () => {
    expect(placed(tokenize('600837.SH'))).toEqual([['600837.sh', 0, 9, false]]);
  });

  it('returns one token when given a full-width stock code', () => {
    expect(placed(tokenize('６０１６３３.ＳＨ'))).toEqual([['601633.sh', 0, 9, false]]);
  });

  it('returns iphone15 as one token when letters and digits run together', () => {
    expect(placed(tokenize('iPhone15'))).toEqual([['iphone15', 0, 8, false]]);
  });

  it('returns 5g as one token when given 5G', () => {
    expect(placed(tokenize('5G'))).toEqual([['5g', 0, 2, false]]);
  });

  it('returns the year and 年 as two tokens when given 2022年', () => {
    expect(placed(tokenize('2022年'))).toEqual([
      ['2022', 0, 4, false],
      ['年', 4, 5, false],
    ]);
  });

  it('returns the code without its brackets when given (00388.HK)', () => {
    expect(placed(tokenize('(00388.HK)'))).toEqual([['00388.hk', 1, 9, false]]);
  });

  it('returns 北向资金 with sub-words 北向 and 资金 when it is a user-dictionary word', () => {
    expect(placed(tokenize('北向资金流入'))).toEqual([
      ['北向', 0, 2, true],
      ['资金', 2, 4, true],
      ['北向资金', 0, 4, false],
      ['流入', 4, 6, false],
    ]);
  });

  it('returns 新闻联播 with sub-words 新闻 and 联播 when it is a user-dictionary word', () => {
    expect(placed(tokenize('收看新闻联播'))).toEqual([
      ['收看', 0, 2, false],
      ['新闻', 2, 4, true],
      ['联播', 4, 6, true],
      ['新闻联播', 2, 6, false],
    ]);
  });

  it('returns the dictionary 2- and 3-grams as sub-words when given 中华人民共和国', () => {
    expect(placed(tokenize('中华人民共和国'))).toEqual([
      ['中华', 0, 2, true],
      ['华人', 1, 3, true],
      ['人民', 2, 4, true],
      ['共和', 4, 6, true],
      ['共和国', 4, 7, true],
      ['中华人民共和国', 0, 7, false],
    ]);
  });

  it('returns the word whole when a zero-width non-joiner sits inside it', () => {
    expect(placed(tokenize('海通\u200c證券'))).toEqual([
      ['海通', 0, 2, true],
      ['证券', 3, 5, true],
      ['海通证券', 0, 5, false],
    ]);
  });

  it('returns no tokens when given only punctuation and whitespace', () => {
    expect(tokenize('，。！？、“”（）*.- \n\u3000\t\u00a0')).toEqual([]);
  });

  it('returns tokens whose original slices normalise to their word when given news-like text (property)', () => {
    fc.assert(
      fc.property(newsText, (text) => {
        for (const token of tokenize(text)) {
          expect(normalize(text.slice(token.start, token.end))).toBe(token.word);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('returns tokens with start < end inside the text when given news-like text (property)', () => {
    fc.assert(
      fc.property(newsText, (text) => {
        for (const token of tokenize(text)) {
          expect(token.start).toBeGreaterThanOrEqual(0);
          expect(token.start).toBeLessThan(token.end);
          expect(token.end).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
