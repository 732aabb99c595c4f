import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as Redis from 'redis';
import type { Logger } from 'pino';
import { JiansuoError } from '../errors';
import type { Manifest } from '../index/manifest';
import type { GenerationFeed } from '../index/follow-generation';
import { readManifest } from '../index/index-folder';
import { indexFromFiles, segmentPartFromFiles } from '../index/read-index';
import { segmentFiles } from '../index/segment-files';
import { checkFiles, type GenerationSource, verifyFiles } from '../index/verify-index';
import type { SearchIndex } from '../index/search-index';

/** A node-redis client of this project (RESP2, strings as strings). */
export type RedisClient = ReturnType<typeof Redis.createClient>;

/** node-redis, loaded on first use: a service over an index folder never loads it (0.2 s of its start). */
function redis(): typeof Redis {
  return require('redis') as typeof Redis;
}

/** `client`, answering strings as Buffers: for the index files the store holds. */
export function bufferReplies(client: RedisClient) {
  return client.withTypeMapping({ [redis().RESP_TYPES.BLOB_STRING]: Buffer });
}

/**
 * The keys jiansuo keeps in Redis, all under one prefix (`jiansuo:` by default):
 * `current` names the generation served, `manifest` is its manifest, `gen:<name>:<file>` its
 * data files, the stream `writes` is the write log every node tails, and `synonyms` holds the
 * synonym rules replaced through the API.
 */
export interface StoreKeys {
  current: string;
  manifest: string;
  writes: string;
  /** Hash of the synonym rules last replaced through the API: `text` and its `version`. */
  synonyms: string;
  /**
   * Key of one data file (`seg-…/texts.bin`). Segment files never change once written, so a
   * key holds one file's bytes for good, whichever generations list it.
   */
  file: (file: string) => string;
  /** SCAN pattern matching every data file. */
  allFiles: string;
  /** SCAN pattern of the data files of stores written before files were keyed per segment (one key per generation and file). */
  legacyFiles: string;
}

/** The keys under `prefix`. @example storeKeys('jiansuo:').current // 'jiansuo:current' */
export function storeKeys(prefix: string): StoreKeys {
  return {
    current: `${prefix}current`,
    manifest: `${prefix}manifest`,
    writes: `${prefix}writes`,
    synonyms: `${prefix}synonyms`,
    file: (file) => `${prefix}file:${file}`,
    allFiles: `${prefix}file:*`,
    legacyFiles: `${prefix}gen:*`,
  };
}

/** A store URL fit for logs and messages: the password, if any, replaced by `***`. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Longest wait between two reconnection attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 1000;

/**
 * Connects to Redis at `url`. Commands sent while the connection is down fail at once instead
 * of queueing (a write must fail fast with 503, not hang), and the client reconnects in the
 * background with exponential backoff up to 1 s. Rejects with `store_unavailable` when Redis
 * cannot be reached within `connectTimeoutMs`.
 *
 * @example const client = await connectStore('redis://127.0.0.1:6379/0')
 */
export async function connectStore(url: string, options: { logger?: Logger; connectTimeoutMs?: number } = {}): Promise<RedisClient> {
  const client = redis().createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: options.connectTimeoutMs ?? 5000, reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_RECONNECT_DELAY_MS) },
  });
  // Logged once per outage, not once per reconnection attempt.
  let down = false;
  client.on('error', (error: Error) => {
    if (!down) options.logger?.warn({ store: redactedUrl(url), err: error.message }, 'store connection lost; reconnecting');
    down = true;
  });
  client.on('ready', () => {
    if (down) options.logger?.info({ store: redactedUrl(url) }, 'store connection restored');
    down = false;
  });
  const timeout = options.connectTimeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeout} ms`)), timeout);
      }),
    ]);
  } catch (error) {
    client.destroy();
    throw new JiansuoError('store_unavailable', `cannot connect to ${redactedUrl(url)} (${(error as Error).message})`);
  } finally {
    clearTimeout(timer);
  }
  return client;
}

/** What an upload did. */
export interface UploadReport {
  generation: string;
  /** Bytes of the generation's data files. */
  bytes: number;
  /** Bytes sent: the files of the segments the store did not hold yet. */
  uploadedBytes: number;
  /** Keys of data files no generation kept in the store lists, deleted after the switch. */
  deletedKeys: number;
}

/**
 * Uploads the generation `indexDir` serves to the store — only the files of segments the store
 * does not hold yet, so a build that added one segment sends one segment — then switches
 * `current` to it and sets its manifest in one MULTI. Until the switch the store keeps serving
 * the previous generation, so an interrupted upload loses nothing: running it again sends what
 * is missing. After the switch, the files neither this generation nor the one it replaced lists
 * are deleted (a node may still be loading the replaced one). `onProgress` gets bytes of the
 * generation accounted for. `writeStream`, the last entry of the store's write stream the
 * generation holds, is recorded in its manifest; after the switch the stream loses the entries
 * the previous generation already held (a node still loading that one replays from there).
 *
 * @example await uploadGeneration(client, storeKeys('jiansuo:'), 'tmp/index')
 */
export async function uploadGeneration(
  client: RedisClient,
  keys: StoreKeys,
  indexDir: string,
  onProgress?: (progress: { done: number; total: number }) => void,
  writeStream?: string,
): Promise<UploadReport> {
  const { manifest: built, genDir } = await readManifest(indexDir);
  const manifest: Manifest = writeStream === undefined ? built : { ...built, writeStream };
  const generation = path.basename(genDir);
  const previousJson = await client.get(keys.manifest);
  const previous = previousJson === null ? null : (JSON.parse(previousJson) as Manifest);
  const total = Object.values(manifest.files).reduce((sum, file) => sum + file.bytes, 0);
  let done = 0;
  let uploadedBytes = 0;
  onProgress?.({ done, total });
  for (const [name, file] of Object.entries(manifest.files)) {
    // A key of the right length holds the file (names are unique per write); nodes check
    // every file's checksum when they load it.
    if ((await client.strLen(keys.file(name))) !== file.bytes) {
      // One value per file: Redis takes strings up to 512 MB, and no segment file comes near that.
      await client.set(keys.file(name), await readFile(path.join(indexDir, name)));
      uploadedBytes += file.bytes;
    }
    done += file.bytes;
    onProgress?.({ done, total });
  }
  await client.multi().set(keys.manifest, JSON.stringify(manifest)).set(keys.current, generation).exec();
  const kept = new Set([...Object.keys(manifest.files), ...Object.keys(previous?.files ?? {})].map((name) => keys.file(name)));
  const stale: string[] = [];
  for (const pattern of [keys.allFiles, keys.legacyFiles]) {
    for await (const batch of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
      for (const key of batch) if (!kept.has(key)) stale.push(key);
    }
  }
  if (stale.length > 0) await client.del(stale);
  if (previous?.writeStream !== undefined) await client.xTrim(keys.writes, 'MINID', previous.writeStream);
  return { generation, bytes: total, uploadedBytes, deletedKeys: stale.length };
}

function storeHint(url: string): string {
  return `run \`npm run index -- --corpus DIR --store ${redactedUrl(url)}\``;
}

/**
 * Loads the generation the store serves into memory, checking its manifest's versions and every
 * file's size and checksum exactly as `readIndex` does for a folder, then decoding it the same way.
 * A generation replaced while it was read (its files deleted) is read again.
 *
 * @example const { index, manifest } = await downloadIndex(client, storeKeys('jiansuo:'), url)
 */
export async function downloadIndex(client: RedisClient, keys: StoreKeys, url: string): Promise<{ index: SearchIndex; manifest: Manifest; generation: string }> {
  const buffers = bufferReplies(client);
  for (let attempt = 0; ; attempt++) {
    const [generation, manifestJson] = await client.mGet([keys.current, keys.manifest]);
    if (generation === null || manifestJson === null) {
      throw new JiansuoError('index_missing', `no index in the store ${redactedUrl(url)}; ${storeHint(url)}`);
    }
    const manifest = JSON.parse(manifestJson) as Manifest;
    const names = Object.keys(manifest.files);
    const values = await buffers.mGet(names.map((name) => keys.file(name)));
    if (values.some((value) => value === null) && attempt < 2 && (await client.get(keys.current)) !== generation) continue;
    const contents: Record<string, Buffer> = {};
    names.forEach((name, i) => {
      if (values[i] !== null) contents[name] = values[i] as Buffer;
    });
    const source: GenerationSource = { name: `the store ${redactedUrl(url)}`, file: (name) => keys.file(name), hint: storeHint(url) };
    await verifyFiles(manifest, contents, source);
    try {
      return { index: indexFromFiles(manifest, contents, source), manifest, generation };
    } catch (error) {
      throw new JiansuoError('index_damaged', `generation ${generation} in the store holds data that cannot be decoded (${(error as Error).message}); ${storeHint(url)}`);
    }
  }
}

/**
 * The generations of a store, for a node that follows them: `current`, its manifest (read
 * together), and one segment's files of a generation, checked against its manifest.
 *
 * @example followGeneration(index, storeFeed(client, storeKeys('jiansuo:'), url), generation, manifest, { intervalMs: 1000 })
 */
export function storeFeed(client: RedisClient, keys: StoreKeys, url: string): GenerationFeed {
  const buffers = bufferReplies(client);
  return {
    current: () => client.get(keys.current),
    manifest: async () => {
      const [generation, manifestJson] = await client.mGet([keys.current, keys.manifest]);
      if (generation === null || manifestJson === null) throw new JiansuoError('index_missing', `no index in the store ${redactedUrl(url)}; ${storeHint(url)}`);
      return { generation, manifest: JSON.parse(manifestJson) as Manifest };
    },
    segment: async (_generation, manifest, segment) => {
      const names = segmentFiles(segment);
      const values = await buffers.mGet(names.map((name) => keys.file(name)));
      const contents: Record<string, Buffer> = {};
      names.forEach((name, i) => {
        if (values[i] !== null) contents[name] = values[i] as Buffer;
      });
      const source: GenerationSource = { name: `the store ${redactedUrl(url)}`, file: (name) => keys.file(name), hint: storeHint(url) };
      await checkFiles(manifest.files, names, contents, source);
      return segmentPartFromFiles(segment.name, contents, source);
    },
  };
}
