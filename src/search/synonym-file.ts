import { open, readFile, rename } from 'node:fs/promises';
import * as path from 'node:path';
import { JiansuoError } from '../errors';
import { writeDurably } from '../index/durable-file';
import { noSynonyms, parseSynonyms, type Synonyms } from './synonyms';

/** Where the rules replaced through the API are kept, in the index folder. */
export const SYNONYMS_FILE = 'synonyms.txt';

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The rules a node starts with: those last replaced through the API (`<indexDir>/synonyms.txt`)
 * win over the configured file (`JIANSUO_SYNONYMS`), which wins over none. Throws
 * `invalid_synonyms` naming the file and line of a malformed rule, `invalid_parameter` when the
 * configured file cannot be read.
 *
 * @example const { synonyms, file } = await loadSynonyms('index', '/etc/jiansuo/synonyms.txt')
 */
export async function loadSynonyms(indexDir: string | null, configured: string | null): Promise<{ synonyms: Synonyms; file: string | null }> {
  if (indexDir !== null) {
    const file = path.join(indexDir, SYNONYMS_FILE);
    const text = await readIfPresent(file);
    if (text !== null) return { synonyms: parseSynonyms(text, file), file };
  }
  if (configured === null) return { synonyms: noSynonyms, file: null };
  const text = await readFile(configured, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new JiansuoError('invalid_parameter', `JIANSUO_SYNONYMS: cannot read "${configured}" (${error.code ?? error.message})`);
  });
  return { synonyms: parseSynonyms(text, configured), file: configured };
}

/**
 * `<indexDir>/synonyms.txt`, replaced atomically: the text goes to a temporary file, fsynced,
 * renamed over it, and the folder fsynced, so a crash leaves the old rules or the new ones.
 * Writes run one after another, in the order they were asked for.
 */
export class SynonymFile {
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly indexDir: string) {}

  write(text: string): Promise<void> {
    const written = this.last.then(() => this.replace(text));
    this.last = written.catch(() => undefined);
    return written;
  }

  private async replace(text: string): Promise<void> {
    const file = path.join(this.indexDir, SYNONYMS_FILE);
    const temporary = `${file}.${process.pid}.tmp`;
    await writeDurably(temporary, text);
    await rename(temporary, file);
    const folder = await open(this.indexDir, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
