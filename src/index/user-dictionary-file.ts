import { open, readFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { parseUserDictionary, USER_DICT_PATH, versionOf, type UserDictionary } from '../analysis';
import { JiansuoError } from '../errors';
import { writeDurably } from './durable-file';

/** Where the user dictionary last put in force (`PUT /api/dictionary`, SIGHUP) is kept, in the index folder. */
export const USER_DICT_FILE = 'user-dict.utf8';

/**
 * Reads the configured user dictionary (`JIANSUO_USER_DICT`; `null`: the project's). Throws
 * `invalid_dictionary` naming the file and line of a malformed entry, `invalid_parameter` when
 * the file cannot be read.
 */
export async function readConfiguredDictionary(configured: string | null): Promise<UserDictionary> {
  const file = configured ?? USER_DICT_PATH;
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new JiansuoError('invalid_parameter', `JIANSUO_USER_DICT: cannot read "${file}" (${error.code ?? error.message})`);
  });
  return parseUserDictionary(text, file, versionOf);
}

/**
 * The user dictionary a node starts with: the one last put in force (`<indexDir>/user-dict.utf8`)
 * wins over the configured one (see {@link readConfiguredDictionary}).
 *
 * @example useUserDictionary(await readUserDictionary('index', null))
 */
export async function readUserDictionary(indexDir: string | null, configured: string | null): Promise<UserDictionary> {
  if (indexDir !== null) {
    const file = path.join(indexDir, USER_DICT_FILE);
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (text !== null) return parseUserDictionary(text, file, versionOf);
  }
  return readConfiguredDictionary(configured);
}

/**
 * Replaces `<indexDir>/user-dict.utf8` atomically: the text goes to a temporary file, fsynced,
 * renamed over it, and the folder fsynced, so a crash leaves the old dictionary or the new one.
 */
export async function writeUserDictionary(indexDir: string, text: string): Promise<void> {
  const file = path.join(indexDir, USER_DICT_FILE);
  // Not `.tmp`: a commit of the index removes those.
  const temporary = `${file}.${process.pid}.new`;
  await writeDurably(temporary, text);
  await rename(temporary, file);
  const folder = await open(indexDir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
