import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildIndexFromCorpus, type BuildProgress, type BuildResult } from '../index/ensure-index';
import type { Manifest } from '../index/manifest';
import { adoptGeneration } from '../index/index-folder';
import { WRITE_LOG } from '../index/write-log';
import { bufferReplies, uploadGeneration, type RedisClient, type StoreKeys, type UploadReport } from './redis-store';

/** Entries read per XRANGE. */
const BATCH = 1000;

/**
 * Writes the generation the store serves into the empty folder `dir` as an index folder
 * (`CURRENT`, the generation's manifest, its segment files): what an incremental build starts
 * from. Returns its manifest, or `null` when the store serves none.
 */
export async function downloadGenerationInto(client: RedisClient, keys: StoreKeys, dir: string): Promise<Manifest | null> {
  const buffers = bufferReplies(client);
  const [generation, manifestJson] = await client.mGet([keys.current, keys.manifest]);
  if (generation === null || manifestJson === null) return null;
  const manifest = JSON.parse(manifestJson) as Manifest;
  for (const name of Object.keys(manifest.files)) {
    const content = await buffers.get(keys.file(name));
    // Replaced while it was read: the build starts from nothing rather than from half a generation.
    if (content === null) return null;
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content as Buffer);
  }
  await adoptGeneration(dir, generation, manifest);
  return manifest;
}

/**
 * Copies the entries of the store's write stream after `afterId` into `dir/writes.log`, one
 * JSON line each as the embedded service logs them, so that a build folds them into its
 * segments. Returns the id of the last entry copied (`afterId` when there is none).
 */
export async function copyWriteStream(client: RedisClient, keys: StoreKeys, dir: string, afterId: string): Promise<string> {
  let last = afterId;
  const lines: string[] = [];
  for (;;) {
    const batch = (await client.xRange(keys.writes, `(${last}`, '+', { COUNT: BATCH })) as Array<{ id: string; message: Record<string, string> }>;
    for (const { id, message } of batch) {
      lines.push(`${String(message.entry)}\n`);
      last = id;
    }
    if (batch.length < BATCH) break;
  }
  await writeFile(path.join(dir, WRITE_LOG), lines.join(''));
  return last;
}

/**
 * Builds the next generation of the store: the one it serves is copied into a temporary
 * folder, the corpus applied to it incrementally, the writes of the store's write stream it
 * does not hold folded into segments (a write no node acknowledged is never lost: the stream
 * keeps what the generation does not hold), then it is uploaded and switched to (see
 * `uploadGeneration`), and the stream trimmed of what the generation before already held —
 * one generation late, so a node still loading that one replays what it needs.
 *
 * @example const { upload } = await buildIntoStore(client, storeKeys('jiansuo:'), 'corpus', 480)
 */
export async function buildIntoStore(
  client: RedisClient,
  keys: StoreKeys,
  corpusDir: string,
  utcOffsetMinutes: number,
  onProgress?: (progress: BuildProgress) => void,
): Promise<BuildResult & { upload: UploadReport & { ms: number } }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-index-'));
  try {
    const served = await downloadGenerationInto(client, keys, dir);
    const writeStream = await copyWriteStream(client, keys, dir, served?.writeStream ?? '0-0');
    const result = await buildIndexFromCorpus(corpusDir, dir, onProgress, utcOffsetMinutes);
    const started = performance.now();
    const upload = await uploadGeneration(client, keys, dir, onProgress && (({ done, total }) => onProgress({ stage: 'write', done, total })), writeStream);
    return { ...result, upload: { ...upload, ms: performance.now() - started } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
