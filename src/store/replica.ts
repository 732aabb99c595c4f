import type { Logger } from 'pino';
import type { Manifest } from '../index/manifest';
import type { SearchIndex } from '../index/search-index';
import { followGeneration } from '../index/follow-generation';
import { connectStore, downloadIndex, storeFeed, storeKeys, type RedisClient } from './redis-store';
import { RedisWrites } from './redis-writes';
import { noSynonyms, type Synonyms } from '../search/synonyms';
import { RedisSynonyms } from './redis-synonyms';

/** A node's in-memory replica of the index a store serves, kept current by tailing its write log. */
export interface StoreReplica {
  index: SearchIndex;
  manifest: Manifest;
  /** The node's write sink; `stop()` ends the tail and closes the connections. */
  writes: RedisWrites;
  /** Writes of the log applied on top of the generation at start. */
  replayed: number;
  /** The synonym rules the node serves, kept equal to those last stored. */
  synonyms: RedisSynonyms;
  /** Stops following the store's generations and synonym rules. */
  stopFollowing: () => void;
}

/** How often a node checks the store for a new generation. */
const GENERATION_POLL_MS = 1000;

/**
 * Opens a replica of the store at `url`: loads the generation it serves (checksums verified),
 * replays the write log after what the generation holds, then tails it so writes made on any node show up here, and
 * follows the store's generations so a new upload shows up too. It serves the synonym rules
 * last stored, else `synonyms` (the node's configured file), and follows them.
 * `onGeneration` is called once each new generation is applied.
 *
 * @example const { index, writes } = await openReplica('redis://127.0.0.1:6379/0', 'jiansuo:')
 */
export async function openReplica(url: string, prefix: string, logger?: Logger, synonyms: Synonyms = noSynonyms, onGeneration?: (index: SearchIndex) => void): Promise<StoreReplica> {
  const keys = storeKeys(prefix);
  const client = await connectStore(url, { logger });
  let tailClient: RedisClient | undefined;
  try {
    tailClient = await connectStore(url);
    const { index, manifest, generation } = await downloadIndex(client, keys, url);
    const writes = new RedisWrites(client, tailClient, keys, logger);
    const replayed = await writes.attach(index, manifest.writeStream);
    const synonymRules = new RedisSynonyms(client, keys.synonyms, synonyms, logger);
    await synonymRules.start();
    // A new generation uploaded by `npm run index -- --store …` is applied in place, without a restart.
    const follower = followGeneration(index, storeFeed(client, keys, url), generation, manifest, {
      intervalMs: GENERATION_POLL_MS,
      onChange: (change) => {
        logger?.info({ generation: change.generation, added: change.added, removed: change.removed, ms: Math.round(change.ms) }, 'new index generation applied');
        onGeneration?.(index);
      },
      onError: (error) => logger?.warn({ err: error.message }, 'new index generation not applied yet; retrying'),
    });
    const stopFollowing = (): void => {
      follower.stop();
      synonymRules.stop();
    };
    return { index, manifest, writes, replayed, synonyms: synonymRules, stopFollowing };
  } catch (error) {
    client.destroy();
    tailClient?.destroy();
    throw error;
  }
}
