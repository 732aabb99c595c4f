import { readFileSync } from 'node:fs';
import nodejieba from 'nodejieba';
import { dictionaryVersion, loadDictionary, parseUserDictionary, tokenize, useUserDictionary, USER_DICT_PATH, versionOf } from '../../src/analysis';

const PROJECT_TEXT = readFileSync(USER_DICT_PATH, 'utf8');
const project = parseUserDictionary(PROJECT_TEXT, USER_DICT_PATH, versionOf);
/** The project's words and three more, one of them Latin: what a user would add. */
const EXTENDED = `${PROJECT_TEXT.trimEnd()}\n宁德时代 300 nt\n中芯国际 nt\nvpn\n`;

const placed = (text: string): Array<[string, number, number, boolean]> => tokenize(text).map((t) => [t.word, t.start, t.end, t.sub]);
const error = (text: string): string => {
  try {
    parseUserDictionary(text, 'body', versionOf);
  } catch (caught) {
    return (caught as Error).message;
  }
  return 'no error';
};

describe('parseUserDictionary', () => {
  it('returns each entry with its line, frequency and tag when given the three forms of a line', () => {
    expect(parseUserDictionary('宁德时代 300 nt\n\n中芯国际 nt\r\nvpn\n', 'body', versionOf).entries).toEqual([
      { line: 1, word: '宁德时代', freq: 300, tag: 'nt' },
      { line: 3, word: '中芯国际', freq: null, tag: 'nt' },
      { line: 4, word: 'vpn', freq: null, tag: null },
    ]);
  });

  it('returns the version dictionaryVersion reports for the project file when given its text', () => {
    expect(project.version).toBe(dictionaryVersion());
    expect(project.entries.length).toBe(41);
  });

  it('returns another version when one word is added', () => {
    expect(parseUserDictionary(EXTENDED, 'body', versionOf).version).not.toBe(project.version);
    expect(parseUserDictionary(EXTENDED, 'body', versionOf).version).toMatch(/^jieba-3\.5\.8\+[0-9a-f]{12}$/);
  });

  it('throws naming the line when a line is malformed', () => {
    expect(error('宁德时代 300 nt\n宁德时代 300')).toBe('invalid dictionary: body line 2: a frequency needs a tag after it ("宁德时代 300 n")');
    expect(error('宁德时代  nt')).toBe('invalid dictionary: body line 1: fields must be separated by single spaces ("word", "word tag" or "word freq tag")');
    expect(error('宁德时代\t300 nt')).toBe('invalid dictionary: body line 1: fields must be separated by single spaces ("word", "word tag" or "word freq tag")');
    expect(error('宁德时代 -3 nt')).toBe('invalid dictionary: body line 1: "-3" is not a frequency (a positive integer)');
    expect(error('宁德时代 300 名词')).toBe('invalid dictionary: body line 1: "名词" is not a tag (1–8 Latin letters)');
    expect(error('a b c d')).toBe('invalid dictionary: body line 1: 4 fields; write "word", "word tag" or "word freq tag"');
    expect(error('\n寧德時代 300 nt')).toBe('invalid dictionary: body line 2: "寧德時代" is not in normalised form; write "宁德时代"');
    expect(error('VPN')).toBe('invalid dictionary: body line 1: "VPN" is not in normalised form; write "vpn"');
  });
});

describe('useUserDictionary', () => {
  afterAll(() => {
    useUserDictionary(project);
  });

  it('cuts a word the dictionary adds whole, and returns the stall of loading jieba again', () => {
    loadDictionary();
    expect(nodejieba.cut('宁德时代', true)).toEqual(['宁德', '时代']);
    const { stallMs } = useUserDictionary(parseUserDictionary(EXTENDED, 'body', versionOf));
    expect(stallMs).toBeGreaterThan(0);
    expect(nodejieba.cut('宁德时代', true)).toEqual(['宁德时代']);
    expect(placed('宁德时代')).toEqual([
      ['宁德', 0, 2, true],
      ['时代', 2, 4, true],
      ['宁德时代', 0, 4, false],
    ]);
    expect(dictionaryVersion()).toBe(parseUserDictionary(EXTENDED, 'body', versionOf).version);
  });

  it('returns a stall of 0 when the dictionary is the one in force', () => {
    expect(useUserDictionary(parseUserDictionary(EXTENDED, 'body', versionOf))).toEqual({ stallMs: 0 });
  });

  it('keeps the Latin and digit runs of AB轮岗, 7*24小时, VPN, 600837.SH and iPhone15 when another dictionary is in force', () => {
    useUserDictionary(parseUserDictionary(EXTENDED, 'body', versionOf));
    expect(placed('AB轮岗')).toEqual([
      ['轮岗', 2, 4, true],
      ['ab轮岗', 0, 4, false],
    ]);
    expect(placed('7*24小时')).toEqual([
      ['7', 0, 1, false],
      ['24', 2, 4, false],
      ['小时', 4, 6, false],
    ]);
    expect(placed('VPN')).toEqual([['vpn', 0, 3, false]]);
    expect(placed('600837.SH')).toEqual([['600837.sh', 0, 9, false]]);
    expect(placed('iPhone15')).toEqual([['iphone15', 0, 8, false]]);
  });
});
