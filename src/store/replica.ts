import type { Logger } from 'pino';
import type { Manifest } from '../index/manifest';
import type { SearchIndex } from '../index/search-index';
import { connectStore, downloadIndex, storeKeys, type RedisClient } from './redis-store';
import { RedisWrites } from './redis-writes';

/** A node's in-memory replica of the index a store serves, kept current by tailing its write log. */
export interface StoreReplica {
  index: SearchIndex;
  manifest: Manifest;
  /** The node's write sink; `stop()` ends the tail and closes the connections. */
  writes: RedisWrites;
  /** Writes of the log applied on top of the generation at start. */
  replayed: number;
}

/**
 * Opens a replica of the store at `url`: loads the generation it serves (checksums verified),
 * replays the whole write log, then tails it so writes made on any node show up here.
 *
 * @example const { index, writes } = await openReplica('redis://127.0.0.1:6379/0', 'jiansuo:')
 */
export async function openReplica(url: string, prefix: string, logger?: Logger): Promise<StoreReplica> {
  const keys = storeKeys(prefix);
  const client = await connectStore(url, { logger });
  let tailClient: RedisClient | undefined;
  try {
    tailClient = await connectStore(url);
    const { index, manifest } = await downloadIndex(client, keys, url);
    const writes = new RedisWrites(client, tailClient, keys, logger);
    const replayed = await writes.attach(index);
    return { index, manifest, writes, replayed };
  } catch (error) {
    client.destroy();
    tailClient?.destroy();
    throw error;
  }
}
