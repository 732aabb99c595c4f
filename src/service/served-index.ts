import cluster from 'node:cluster';
import type { Logger } from 'pino';
import { loadDictionary, useUserDictionary } from '../analysis';
import { utcOffsetMinutes, type Config } from '../config';
import { buildProgress, type CommandIo } from '../index/build-progress';
import { catchUpWithCorpus, ensureIndex, openIndex, type BuildProgress, type EnsureIndexOptions } from '../index/ensure-index';
import { folderFeed, followGeneration } from '../index/follow-generation';
import type { Manifest } from '../index/manifest';
import { readIndex } from '../index/read-index';
import type { SearchIndex } from '../index/search-index';
import { prepareTitleOrders } from '../index/title-order';
import { replayWrites, WriteLog } from '../index/write-log';
import type { WriteSink } from '../index/write-sink';
import { loadCodes, withCodes } from '../search/code-synonyms';
import { minedCodes } from '../search/mined-codes';
import { preparePinyin } from '../search/pinyin-build';
import { search } from '../search/search';
import { loadSynonyms, SynonymFile } from '../search/synonym-file';
import { LocalSynonyms, type SynonymRules } from '../search/synonym-rules';
import type { Synonyms } from '../search/synonyms';
import { openReplica, type StoreHealth } from '../store';
import type { DictionaryControl } from '../index/dictionary-control';
import type { LiveDictionary } from '../index/live-dictionary';
import { readUserDictionary } from '../index/user-dictionary-file';
import { ClusterDictionary, ClusterSynonyms, ClusterWrites } from './cluster-relay';
import { startLiveDictionary, storeDictionary } from './user-dictionary';

/** How often a served index folder is checked for a new generation. */
const GENERATION_POLL_MS = 1000;

/** The index a process serves, where its writes go, and how to let go of both. */
export interface ServedIndex {
  index: SearchIndex;
  manifest: Manifest;
  /** The folder the index was read from; none over a shared store. */
  indexDir?: string;
  writes: WriteSink;
  store?: StoreHealth;
  synonyms: SynonymRules;
  dictionary: DictionaryControl;
  /** The process that builds the index folder: a changed dictionary file is put in force through it (SIGHUP). */
  live?: LiveDictionary;
  replayed: number;
  close: () => Promise<void>;
}

/** The embedded mode: the index in `config.indexDir`, (re)built when needed, and its write log beside it. */
async function openEmbedded(config: Config, io: CommandIo, logger: Logger): Promise<ServedIndex> {
  // In a cluster worker the primary has built and checked the index, and owns the write log;
  // the sink listens for the primary's broadcasts from the start, before the index is loaded.
  const clusterWrites = cluster.isWorker ? new ClusterWrites() : null;
  const clusterSynonyms = cluster.isWorker ? new ClusterSynonyms() : null;
  // Before a build that may take minutes: a malformed synonyms file is reported at once.
  const { synonyms } = await loadSynonyms(config.indexDir, config.synonymsFile);
  clusterSynonyms?.attach(synonyms);
  // The dictionary last put in force, or the configured one: what a build from scratch cuts with.
  // An index that records another one is served with its own first.
  const chosen = await readUserDictionary(config.indexDir, config.userDictFile);
  useUserDictionary(chosen);
  let latest: Manifest | undefined;
  const clusterDictionary = cluster.isWorker ? new ClusterDictionary(() => latest) : null;
  let loaded: Awaited<ReturnType<typeof openIndex>>;
  if (clusterWrites) {
    loaded = { ...(await readIndex(config.indexDir)), built: false, catchUp: false };
  } else {
    const progress = buildProgress(io);
    loaded = await openIndex(indexOptions(config, progress.update)).finally(progress.stop);
    logBuild(logger, config, loaded);
  }
  latest = loaded.manifest;
  const replay = await replayWrites(loaded.index, config.indexDir, loaded.manifest.writeLog);
  clusterWrites?.attach(loaded.index);
  if (replay.tornLine !== null) logger.warn({ tornLine: replay.tornLine.slice(0, 200) }, 'write log ended with an unfinished write (never acknowledged); it was ignored');
  const log = clusterWrites ? null : new WriteLog(config.indexDir);
  const synonymFile = new SynonymFile(config.indexDir);
  // The writes a generation holds leave the log (this process is its one writer).
  const compact = (manifest: Manifest): void => {
    if (log && manifest.writeLog) {
      log.compact(manifest.writeLog).then(
        (bytes) => bytes > 0 && logger.info({ bytes }, 'writes held by the index generation dropped from the write log'),
        (error: Error) => logger.warn({ err: error.message }, 'write log not compacted'),
      );
    }
  };
  compact(loaded.manifest);
  // A re-run of `npm run index` on this folder (new segments, tombstones, merges, folded
  // writes) is served without a restart.
  const preparing = new AbortController();
  const follower = followGeneration(loaded.index, folderFeed(config.indexDir), loaded.generation, loaded.manifest, {
    intervalMs: GENERATION_POLL_MS,
    onChange: ({ generation, manifest, added, removed, ms }) => {
      latest = manifest;
      logger.info({ generation, segments: manifest.segments.length, added, removed, ms: Math.round(ms) }, 'new index generation applied');
      compact(manifest);
      prepareInBackground(loaded.index, preparing.signal);
    },
    onError: (error) => logger.warn({ err: error.message }, 'new index generation not applied yet; retrying'),
  });
  // Served as it was: now the corpus is walked, and what changed in it built into a generation
  // the follower applies.
  const catchUp = loaded.catchUp
    ? catchUpWithCorpus(indexOptions(config, () => undefined)).then(
        (result) => logBuild(logger, config, result),
        (error: Error) => logger.warn({ err: error.message }, 'index not brought up to date with the corpus'),
      )
    : Promise.resolve();
  const live = clusterWrites ? null : startLiveDictionary(config.indexDir, chosen, logger);
  return {
    index: loaded.index,
    manifest: loaded.manifest,
    indexDir: config.indexDir,
    writes: clusterWrites ?? (log as WriteLog),
    synonyms: clusterSynonyms ?? new LocalSynonyms(synonyms, (text) => synonymFile.write(text)),
    dictionary: clusterDictionary ?? { served: () => latest, replace: (dictionary) => live!.replace(dictionary) },
    ...(live ? { live } : {}),
    replayed: replay.applied,
    close: async () => {
      preparing.abort();
      follower.stop();
      await live?.stop();
      await catchUp;
      await log?.close();
    },
  };
}

/**
 * After a new generation: the pinyin tables and the title orders of its new segments are made
 * in the background, so that the first pinyin query or suggestion does not wait for them;
 * `signal` stops them when the service closes.
 */
function prepareInBackground(index: SearchIndex, signal: AbortSignal): void {
  void preparePinyin(index, { signal });
  void prepareTitleOrders(index, { signal });
}

/** The shared-store mode: a replica of the index the store serves, writes through the store. */
async function openFromStore(config: Config, logger: Logger): Promise<ServedIndex> {
  const { synonyms } = await loadSynonyms(null, config.synonymsFile);
  const preparing = new AbortController();
  const replica = await openReplica(config.store, config.storePrefix, logger, synonyms, (index) => prepareInBackground(index, preparing.signal));
  return {
    index: replica.index,
    manifest: replica.manifest,
    writes: replica.writes,
    store: replica.writes,
    synonyms: replica.synonyms,
    dictionary: storeDictionary(replica.manifest),
    replayed: replica.replayed,
    close: () => {
      preparing.abort();
      replica.stopFollowing();
      return replica.writes.stop();
    },
  };
}

/**
 * Opens the index this process serves, in whichever mode the configuration names: over a
 * shared store (`config.store` a `redis://` URL) a replica of the generation the store serves,
 * tailing its write stream; in a `--workers` worker the index the cluster primary checked, with
 * writes and synonym rules relayed through the primary; else the folder `config.indexDir`,
 * (re)built from `config.corpusDir` first when missing or of another format (progress on
 * `io`), with its write log replayed, new generations followed and the corpus checked in the
 * background. Then warms it up (see {@link warmUp}) and sorts the titles completions read in
 * the background (a suggestion asked before finishes the sort). `close()` lets go of what it
 * opened.
 *
 * @example const served = await openServedIndex(loadConfig(), processIo(), logger)
 */
export async function openServedIndex(config: Config, io: CommandIo, logger: Logger): Promise<ServedIndex> {
  const served = config.store === 'memory' ? await openEmbedded(config, io, logger) : await openFromStore(config, logger);
  warmUp(served.index);
  const sorting = new AbortController();
  const sortStarted = performance.now();
  void prepareTitleOrders(served.index, { signal: sorting.signal }).then(
    (done) => done && logger.info({ ms: Math.round(performance.now() - sortStarted) }, 'titles sorted for completions'),
  );
  return {
    ...served,
    close: () => {
      sorting.abort();
      return served.close();
    },
  };
}

/**
 * The index of `config.indexDir` with its logged writes applied, and the synonym rules: what
 * the service would answer from, built from `config.corpusDir` first when missing or stale
 * (progress on `io`), for a command that answers and exits (`search`, `bulk`, `export`):
 * nothing is followed, nothing written.
 *
 * @example const { index, synonyms } = await openIndexToQuery(loadConfig(), processIo())
 */
export async function openIndexToQuery(config: Config, io: CommandIo): Promise<{ index: SearchIndex; synonyms: Synonyms }> {
  // Malformed rule files are reported before a build that may take minutes.
  const { synonyms } = await loadSynonyms(config.indexDir, config.synonymsFile);
  const codes = await loadCodes(config.codesFile);
  // A missing or stale index is built with the dictionary the service would build it with.
  useUserDictionary(await readUserDictionary(config.indexDir, config.userDictFile));
  const progress = buildProgress(io);
  const { index, manifest } = await ensureIndex(indexOptions(config, progress.update)).finally(progress.stop);
  await replayWrites(index, config.indexDir, manifest.writeLog);
  // jieba's dictionary loads on first use (1–3 s): not inside the first query's took_ms.
  loadDictionary();
  return { index, synonyms: withCodes(synonyms, codes, minedCodes(index)) };
}

/**
 * Pays before the first request for what the first search would: jieba loads its dictionary
 * on first use (1–3 s), and the facet table is built by the first search.
 */
function warmUp(index: SearchIndex): void {
  loadDictionary();
  search(index, '中国');
}

/** Where the configured corpus and index are, and how to read the corpus. */
export function indexOptions(config: Config, onProgress: (progress: BuildProgress) => void): EnsureIndexOptions {
  return { corpusDir: config.corpusDir, corpusNamed: config.corpusNamed, indexDir: config.indexDir, onProgress, utcOffsetMinutes: utcOffsetMinutes(config.timeZone) };
}

/** Logs a build that ran: the index folder and every rejected file with its reason. */
export function logBuild(logger: Logger, config: Config, result: { built: boolean; report?: { rejected: Array<{ path: string; reason: string; message: string }> } }): void {
  if (!result.built || !result.report) return;
  logger.info({ indexDir: config.indexDir, rejected: result.report.rejected.length }, 'index built');
  for (const rejection of result.report.rejected) logger.warn({ path: rejection.path, reason: rejection.reason }, rejection.message);
}
