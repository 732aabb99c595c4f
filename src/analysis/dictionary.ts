import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import nodejieba from 'nodejieba';
import { packageRoot } from '../package-root';

/** Finance and news terms jieba's stock dictionary lacks, written in normalised (lower-case, simplified) form. */
export const USER_DICT_PATH = path.join(packageRoot(), 'src', 'analysis', 'user-dict.utf8');

interface Dictionary {
  /** Dictionary words of two or three characters: the candidates for search-mode sub-words. */
  shortWords: Set<string>;
  version: string;
}

let loaded: Dictionary | undefined;

function readWords(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[0].trim())
    .filter((word) => word.length > 0);
}

/**
 * Loads jieba with the user dictionary, once per process (1–3 s), and returns the word list
 * used for search-mode sub-words. Every cut in the project goes through here first.
 */
export function loadDictionary(): Dictionary {
  if (loaded) return loaded;
  nodejieba.load({ userDict: USER_DICT_PATH });
  const shortWords = new Set<string>();
  for (const word of [...readWords(nodejieba.DEFAULT_DICT), ...readWords(USER_DICT_PATH)]) {
    if (word.length === 2 || word.length === 3) shortWords.add(word.toLowerCase());
  }
  loaded = { shortWords, version: dictionaryVersion() };
  return loaded;
}

/**
 * A hash of everything that decides how text is cut: jieba's version, its dictionary and ours.
 * An index built under another version refuses to load (see the index manifest).
 *
 * @example dictionaryVersion() // 'jieba-3.5.8+5f0c…'
 */
export function dictionaryVersion(): string {
  // The files do not change under a running process: hash them (5 MB) once, not at every
  // manifest check.
  if (version === undefined) {
    const hash = createHash('sha256');
    hash.update(readFileSync(nodejieba.DEFAULT_DICT));
    hash.update(readFileSync(USER_DICT_PATH));
    const jiebaVersion = (JSON.parse(readFileSync(require.resolve('nodejieba/package.json'), 'utf8')) as { version: string }).version;
    version = `jieba-${jiebaVersion}+${hash.digest('hex').slice(0, 12)}`;
  }
  return version;
}

let version: string | undefined;
