import { readFileSync } from 'node:fs';
import { dictionaryVersion, parseUserDictionary, useUserDictionary, USER_DICT_PATH, versionOf } from '../../src/analysis';
import { currentAnalyzer, dictionaryIncompatibility, useManifestDictionary, type Manifest } from '../../src/index/manifest';

const PROJECT_TEXT = readFileSync(USER_DICT_PATH, 'utf8');
const EXTENDED = `${PROJECT_TEXT.trimEnd()}\n宁德时代 300 nt\n`;

/** A manifest whose analyzer records `analyzer` (the rest does not matter here). */
const recording = (analyzer: Manifest['analyzer']): Manifest => ({ analyzer }) as Manifest;

describe('dictionaryIncompatibility', () => {
  it('returns null when the manifest records another dictionary of this jieba with its text', () => {
    expect(dictionaryIncompatibility(recording({ ...currentAnalyzer(), dictionaryVersion: versionOf(EXTENDED), userDictionary: EXTENDED }))).toBeNull();
  });

  it('returns the rebuild reason when the manifest records another dictionary without its text', () => {
    expect(dictionaryIncompatibility(recording({ description: currentAnalyzer().description, dictionaryVersion: versionOf(EXTENDED) }))).toBe(
      `dictionary ${versionOf(EXTENDED)}, this jiansuo uses ${dictionaryVersion()}`,
    );
  });

  it('returns the rebuild reason when the manifest records a dictionary of another jieba', () => {
    const other = `jieba-2.0.0+${versionOf(EXTENDED).split('+')[1]}`;
    expect(dictionaryIncompatibility(recording({ ...currentAnalyzer(), dictionaryVersion: other, userDictionary: EXTENDED }))).toBe(`dictionary ${other}, this jiansuo uses ${dictionaryVersion()}`);
  });
});

describe('useManifestDictionary', () => {
  afterAll(() => {
    useUserDictionary(parseUserDictionary(PROJECT_TEXT, USER_DICT_PATH, versionOf));
  });

  it('puts the dictionary the manifest records in force when it is another one of this jieba', () => {
    useManifestDictionary(recording({ ...currentAnalyzer(), dictionaryVersion: versionOf(EXTENDED), userDictionary: EXTENDED }));
    expect(dictionaryVersion()).toBe(versionOf(EXTENDED));
  });
});
