import type { Logger } from 'pino';
import { dictionaryVersion } from '../analysis';
import type { UserDictionary } from '../analysis';
import type { Config } from '../config';
import { JiansuoError } from '../errors';
import type { DictionaryControl } from '../index/dictionary-control';
import { LiveDictionary } from '../index/live-dictionary';
import type { Manifest } from '../index/manifest';
import { readConfiguredDictionary } from '../index/user-dictionary-file';

/** The dictionary of the index folder this process builds, its re-segmentation logged. */
function liveDictionary(indexDir: string, logger: Logger): LiveDictionary {
  return new LiveDictionary(indexDir, {
    onSegment: ({ done, pending, ms }) => logger.info({ done, pending, ms: Math.round(ms) }, 'segment cut again with the user dictionary in force'),
    onDone: (complete) => complete && logger.info({ dictionaryVersion: dictionaryVersion() }, 'index cut with the user dictionary in force'),
    onError: (error) => logger.warn({ err: error.message }, 'index not cut again with the user dictionary; it is tried again at the next start'),
  });
}

/** Logs a dictionary put in force, with the stall it cost the main thread. */
function switchedTo(logger: Logger, from: string, { stallMs }: { stallMs: number }): void {
  logger.info({ from, to: dictionaryVersion(), stallMs: Math.round(stallMs) }, 'user dictionary put in force; the index is cut again with it in the background');
}

/**
 * SIGHUP: the configured dictionary file, read again, is put in force (see {@link LiveDictionary});
 * a malformed one is reported and the one in force stays. Resolves to the text put in force, or `null`.
 */
export async function reloadDictionaryFile(config: Config, live: LiveDictionary, logger: Logger): Promise<string | null> {
  try {
    const dictionary = await readConfiguredDictionary(config.userDictFile);
    const from = dictionaryVersion();
    switchedTo(logger, from, await live.replace(dictionary));
    return dictionary.text;
  } catch (error) {
    logger.error({ err: (error as Error).message }, 'user dictionary not reloaded; the one in force stays');
    return null;
  }
}

/** Over a shared store the dictionary is the one the store's index records: it is replaced where that index is built. */
export function storeDictionary(manifest: Manifest): DictionaryControl {
  return {
    served: () => manifest,
    replace: async () => {
      throw new JiansuoError('invalid_parameter', 'PUT /api/dictionary: over a shared store the dictionary is replaced where the store\'s index is built (npm run index -- --store …)');
    },
  };
}

/**
 * The live dictionary of the index folder this process builds, started: the dictionary kept in
 * the folder (`chosen`) wins over the one the index records (a restart after a replacement whose
 * generation was not committed yet); else an interrupted re-cut is resumed.
 */
export function startLiveDictionary(indexDir: string, chosen: UserDictionary, logger: Logger): LiveDictionary {
  const live = liveDictionary(indexDir, logger);
  if (chosen.version !== dictionaryVersion()) switchedTo(logger, dictionaryVersion(), live.use(chosen));
  else live.resume();
  return live;
}
