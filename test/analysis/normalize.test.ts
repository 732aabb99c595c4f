import fc from 'fast-check';
import { CLUSTER_CACHE_LIMIT, clusterCache, normalize, normalizeWithMap } from '../../src/analysis/normalize';

/** Traditional characters OpenCC rewrites (證→证, 國→国 …). */
const TRADITIONAL = [...'證券國際臺灣後來發聯網質量'];
/** Full-width forms NFKC folds to ASCII: letters, digits, punctuation and the ideographic space. */
const FULL_WIDTH = [...'ＡＢＣｘｙｚ０１２９．，：（）＊　'];
/** Outside the BMP: CJK Extension B, mathematical letters NFKC folds, an emoji. */
const ASTRAL = ['𠀀', '𡃁', '𝐀', '😀', '𝟗'];
const COMBINING = ['\u0301', '\u0308', '\u20dd', '\u3099'];
const INVISIBLE = ['\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const SPACE_AND_CONTROL = [' ', '\t', '\n', '\r', '\u00a0', '\u3000', '\u0001', '\u007f'];
/** One character that becomes several, or changes with its neighbours: ㈱ → (株), ﬁ → fi, Å (U+212B). */
const EXPANDING = ['㈱', 'ﬁ', '\u212b', '㍿', 'ǅ', 'İ'];

/**
 * Keys of OpenCC's traditional → simplified phrase table, and simplified text in which such a
 * key appears across a word boundary (`破坏土耳其` holds `坏土`).
 */
const PHRASES = ['瞭解', '據瞭解', '乾隆', '乾淨', '擊沈', '憑藉', '反覆', '批覆', '坏土', '破坏土耳其', '一批覆盖', '看著', '著名'];

/** Text whose every code-point slice is whole clusters: no combining marks, nothing that vanishes. */
const clusterFreeText = fc
  .array(fc.oneof(fc.constantFrom(...PHRASES), fc.constantFrom(...TRADITIONAL), fc.constantFrom(...FULL_WIDTH), fc.constantFrom('海通证券', '了解', 'AB', ' ')), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

/** Any string, weighted towards the characters normalisation rewrites. */
const messyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 3 }),
      fc.constantFrom(...TRADITIONAL),
      fc.constantFrom(...PHRASES),
      fc.constantFrom(...FULL_WIDTH),
      fc.constantFrom(...ASTRAL),
      fc.constantFrom(...COMBINING),
      fc.constantFrom(...INVISIBLE),
      fc.constantFrom(...SPACE_AND_CONTROL),
      fc.constantFrom(...EXPANDING),
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

describe('normalize', () => {
  it('returns half-width lower case when given full-width capitals', () => {
    expect(normalize('ＡＢ轮岗')).toBe('ab轮岗');
  });

  it('returns simplified characters when given traditional ones', () => {
    expect(normalize('海通證券')).toBe('海通证券');
  });

  it('returns an ASCII stock code when given a full-width one', () => {
    expect(normalize('６０１６３３.ＳＨ')).toBe('601633.sh');
  });

  it('returns a plain space when given NBSP or the ideographic space', () => {
    expect(normalize('a\u00a0b\u3000c')).toBe('a b c');
  });

  it('returns the word joined when a zero-width non-joiner sits inside it', () => {
    expect(normalize('中\u200c国')).toBe('中国');
  });

  it('returns the text without any invisible character when given all of them', () => {
    expect(normalize(`证${INVISIBLE.join('')}券`)).toBe('证券');
  });

  it('returns a space when given a tab, carriage return, vertical tab or form feed', () => {
    expect(normalize('a\tb\rc\vd\fe')).toBe('a b c d e');
  });

  it('returns the text without control characters when given C0 controls and DEL', () => {
    expect(normalize('a\u0000b\u0001c\u001fd\u007fe')).toBe('abcde');
  });

  it('returns \\n unchanged when given a paragraph break', () => {
    expect(normalize('第一段\n第二段')).toBe('第一段\n第二段');
  });

  it('returns the composed character when given a letter and a combining accent', () => {
    expect(normalize('e\u0301')).toBe('\u00e9');
  });

  it('returns astral CJK and emoji unchanged and folds a mathematical letter', () => {
    expect(normalize('𠀀𡃁😀𝐀')).toBe('𠀀𡃁😀a');
  });

  it('returns the same string when the text is already normal', () => {
    const text = '北向资金净流入 12.5 亿元';
    expect(normalize(text)).toBe(text);
  });

  it('returns an empty string when given an empty string', () => {
    expect(normalize('')).toBe('');
  });

  it('returns the composed letter when a soft hyphen sits between a letter and its accent (regression: normalising twice changed the text)', () => {
    expect(normalize('e\u00ad\u0301')).toBe('\u00e9');
    expect(normalize('e\u200b\u200c\u0301')).toBe('\u00e9');
  });

  it('returns the composed letter when a control character sits between a letter and its accent (regression: normalising twice changed the text)', () => {
    expect(normalize('Ａ\u0001\u0301')).toBe('\u00e1');
    expect(normalize('x\u007f\u0308')).toBe('\u1e8d');
  });

  it('keeps its cluster cache at the limit when queries bring 200,000 distinct clusters (regression: unbounded memory from distinct queries)', () => {
    // A letter with two combining marks: 26 × 112 × 112 distinct clusters, 80 to a query.
    let query = '';
    let clusters = 0;
    for (let letter = 0x61; letter <= 0x7a && clusters < 200_000; letter++) {
      for (let first = 0x300; first < 0x370 && clusters < 200_000; first++) {
        for (let second = 0x300; second < 0x370 && clusters < 200_000; second++) {
          query += String.fromCharCode(letter, first, second);
          clusters++;
          if (clusters % 80 === 0) {
            normalize(query);
            query = '';
          }
        }
      }
    }
    expect(clusters).toBe(200_000);
    expect(clusterCache.size).toBe(CLUSTER_CACHE_LIMIT);
    expect(CLUSTER_CACHE_LIMIT).toBe(10_000);
    expect(normalize('ＡＢ海通證券e\u0301')).toBe('ab海通证券\u00e9');
  });

  it('returns traditional and simplified forms alike in both directions when OpenCC converts the character alone', () => {
    expect(normalize('海通证券')).toContain(normalize('證券'));
    expect(normalize('海通證券')).toContain(normalize('证券'));
  });

  it('returns a character converted the same alone and inside an OpenCC phrase', () => {
    expect(normalize('乾')).toBe('干');
    expect(normalize('乾隆')).toBe('干隆');
    expect(normalize('擊沈')).toBe('击沈');
    expect(normalize('瞭解')).toBe('瞭解');
  });

  it('returns simplified text unchanged when it holds an OpenCC phrase key across a word boundary', () => {
    expect(normalize('目的是破坏土耳其')).toBe('目的是破坏土耳其');
    expect(normalize('施了一批覆盖产业')).toBe('施了一批覆盖产业');
  });

  it('returns the normal form of a slice as a substring of the normal form of the text (property)', () => {
    fc.assert(
      fc.property(clusterFreeText, fc.nat(), fc.nat(), (text, a, b) => {
        const points = [...text];
        const [from, to] = [a % (points.length + 1), b % (points.length + 1)].sort((x, y) => x - y);
        const slice = points.slice(from, to).join('');
        expect(normalize(text)).toContain(normalize(slice));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns the same result when applied twice (property)', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const once = normalize(text);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizeWithMap', () => {
  it('returns each unit mapped to its source when every character maps to one unit', () => {
    const map = normalizeWithMap('ＡＢ轮岗');
    expect(map.text).toBe('ab轮岗');
    expect([...map.starts]).toEqual([0, 1, 2, 3]);
    expect([...map.ends]).toEqual([1, 2, 3, 4]);
  });

  it('returns all expanded units mapped to one source character when ㈱ becomes (株)', () => {
    const map = normalizeWithMap('ＡＢ轮岗㈱');
    expect(map.text).toBe('ab轮岗(株)');
    expect([...map.starts]).toEqual([0, 1, 2, 3, 4, 4, 4]);
    expect([...map.ends]).toEqual([1, 2, 3, 4, 5, 5, 5]);
  });

  it('returns no units for a dropped character and spans both surrogates of an astral one', () => {
    const map = normalizeWithMap('中\u200c𝐀');
    expect(map.text).toBe('中a');
    expect([...map.starts]).toEqual([0, 2]);
    expect([...map.ends]).toEqual([1, 4]);
  });

  it('returns a combining mark inside its base character span when they compose', () => {
    const map = normalizeWithMap('xe\u0301y');
    expect(map.text).toBe('x\u00e9y');
    expect([...map.starts]).toEqual([0, 1, 3]);
    expect([...map.ends]).toEqual([1, 3, 4]);
  });

  it('returns the text of normalize and ordered in-bounds spans for any string (property)', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const map = normalizeWithMap(text);
        expect(map.text).toBe(normalize(text));
        expect(map.starts.length).toBe(map.text.length);
        expect(map.ends.length).toBe(map.text.length);
        for (let i = 0; i < map.text.length; i++) {
          expect(map.starts[i]).toBeLessThan(map.ends[i]);
          expect(map.ends[i]).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(map.starts[i]).toBeGreaterThanOrEqual(map.starts[i - 1]);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
