import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import nodejieba from 'nodejieba';
import { packageRoot } from '../package-root';
import { parseUserDictionary, type UserDictionary } from './user-dictionary';

/** Finance and news terms jieba's stock dictionary lacks, written in normalised (lower-case, simplified) form. */
export const USER_DICT_PATH = path.join(packageRoot(), 'src', 'analysis', 'user-dict.utf8');

interface Dictionary {
  /** Dictionary words of two or three characters: the candidates for search-mode sub-words. */
  shortWords: Set<string>;
  version: string;
}

/** The user dictionary cuts use: the project's until another is put in force. */
let chosen: UserDictionary | undefined;
/** jieba as loaded in this process, with the version of the user dictionary it holds. */
let loaded: Dictionary | undefined;
/** Where this process writes the user dictionary it hands to jieba (jieba reads a file). */
let loadFolder: string | undefined;

function readWords(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.split(' ')[0].trim())
    .filter((word) => word.length > 0);
}

let defaultWords: string[] | undefined;
let jieba: { version: string; hash: ReturnType<typeof createHash> } | undefined;

/** jieba's version and a running hash of its own dictionary (5 MB: hashed once per process). */
function jiebaState(): { version: string; hash: ReturnType<typeof createHash> } {
  jieba ??= {
    version: (JSON.parse(readFileSync(require.resolve('nodejieba/package.json'), 'utf8')) as { version: string }).version,
    hash: createHash('sha256').update(readFileSync(nodejieba.DEFAULT_DICT)),
  };
  return jieba;
}

/**
 * The version of a user dictionary: a hash of everything that decides how text is cut —
 * jieba's version, its dictionary and `text`.
 *
 * @example versionOf(readFileSync(USER_DICT_PATH, 'utf8')) // 'jieba-3.5.8+5f0c…'
 */
export function versionOf(text: string): string {
  const { version, hash } = jiebaState();
  return `jieba-${version}+${hash.copy().update(text, 'utf8').digest('hex').slice(0, 12)}`;
}

/** The jieba part of a dictionary version (`jieba-3.5.8`): an index cut by another jieba cannot be served. */
export function jiebaOf(dictionaryVersion: string): string {
  return dictionaryVersion.split('+')[0];
}

/** The user dictionary in force: the project's file until {@link useUserDictionary} puts another in force. */
export function userDictionary(): UserDictionary {
  chosen ??= parseUserDictionary(readFileSync(USER_DICT_PATH, 'utf8'), USER_DICT_PATH, versionOf);
  return chosen;
}

function loadJieba(dictionary: UserDictionary): Dictionary {
  loadFolder ??= mkdtempSync(path.join(tmpdir(), 'jiansuo-dict-'));
  const file = path.join(loadFolder, `${dictionary.version.split('+')[1]}.utf8`);
  // The lines as jieba reads them: without the carriage returns a file written on Windows has.
  writeFileSync(file, dictionary.entries.map(({ word, freq, tag }) => [word, freq, tag].filter((field) => field !== null).join(' ')).join('\n'));
  nodejieba.load({ userDict: file });
  defaultWords ??= readWords(readFileSync(nodejieba.DEFAULT_DICT, 'utf8'));
  const shortWords = new Set<string>();
  for (const word of [...defaultWords, ...dictionary.entries.map((entry) => entry.word)]) {
    if (word.length === 2 || word.length === 3) shortWords.add(word.toLowerCase());
  }
  return { shortWords, version: dictionary.version };
}

/**
 * Loads jieba with the user dictionary in force, once per process (1–3 s), and returns the
 * word list used for search-mode sub-words. Every cut in the project goes through here first.
 */
export function loadDictionary(): Dictionary {
  loaded ??= loadJieba(userDictionary());
  return loaded;
}

/**
 * Puts `dictionary` in force for every later cut of this process. When jieba is loaded
 * already it is loaded again at once, on this thread (the stall, in milliseconds, is
 * returned); otherwise it loads on first use.
 *
 * @example useUserDictionary(parseUserDictionary('宁德时代 300 nt', 'PUT /api/dictionary', versionOf)).stallMs
 */
export function useUserDictionary(dictionary: UserDictionary): { stallMs: number } {
  if (dictionary.version === chosen?.version) return { stallMs: 0 };
  chosen = dictionary;
  if (loaded === undefined) return { stallMs: 0 };
  const started = performance.now();
  loaded = loadJieba(dictionary);
  return { stallMs: performance.now() - started };
}

/**
 * The version of the dictionary in force (see {@link versionOf}). An index cut with another
 * one is served with the one it records (see the index manifest).
 *
 * @example dictionaryVersion() // 'jieba-3.5.8+5f0c…'
 */
export function dictionaryVersion(): string {
  return userDictionary().version;
}
