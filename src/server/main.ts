import cluster from 'node:cluster';
import type { Server } from 'node:http';
import { dictionaryVersion, loadDictionary, useUserDictionary } from '../analysis';
import { utcOffsetMinutes, type Config } from '../config';
import { buildProgress, processIo, type CommandIo } from '../index/build-progress';
import { catchUpWithCorpus, ensureIndexBuilt, openIndex, type BuildProgress, type EnsureIndexOptions } from '../index/ensure-index';
import { folderFeed, followGeneration } from '../index/follow-generation';
import { readIndex, readManifest } from '../index/persist';
import { replayWrites, WriteLog } from '../index/write-log';
import { search } from '../search/search';
import type { Logger } from 'pino';
import { JiansuoError } from '../errors';
import type { Manifest } from '../index/manifest';
import type { SearchIndex } from '../index/search-index';
import type { WriteSink } from '../index/write-sink';
import { suggest } from '../search/suggest';
import { openReplica, redactedUrl, type StoreHealth } from '../store';
import { createApp } from './app';
import { ClusterSynonyms, ClusterWrites, runPrimary } from './cluster';
import { loadSynonyms, SynonymFile } from '../search/synonym-file';
import { LocalSynonyms, type SynonymRules } from '../search/synonym-rules';
import { createLogger } from './request-log';
import type { DictionaryControl } from '../index/dictionary-control';
import { LiveDictionary } from '../index/live-dictionary';
import { readConfiguredDictionary, readUserDictionary } from '../index/user-dictionary-file';
import { ClusterDictionary } from './cluster';

/** A running service. */
export interface RunningService {
  server: Server;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, closes the write log. */
  stop: () => Promise<void>;
}

/** How often a served index folder is checked for a new generation. */
const GENERATION_POLL_MS = 1000;

/** How long in-flight requests may run after a shutdown signal before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The index a node serves, where its writes go, and how to let go of both. */
interface Served {
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
async function serveEmbedded(config: Config, io: CommandIo, logger: Logger): Promise<Served> {
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
  const follower = followGeneration(loaded.index, folderFeed(config.indexDir), loaded.generation, loaded.manifest, {
    intervalMs: GENERATION_POLL_MS,
    onChange: ({ generation, manifest, added, removed, ms }) => {
      latest = manifest;
      logger.info({ generation, segments: manifest.segments.length, added, removed, ms: Math.round(ms) }, 'new index generation applied');
      compact(manifest);
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
  const live = clusterWrites ? null : liveDictionary(config.indexDir, logger);
  // The dictionary kept in the folder wins over the one the index records (a restart after a
  // replacement whose generation was not committed yet); an interrupted run is resumed.
  if (live && chosen.version !== dictionaryVersion()) switchedTo(logger, dictionaryVersion(), live.use(chosen));
  else live?.resume();
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
      follower.stop();
      await live?.stop();
      await catchUp;
      await log?.close();
    },
  };
}

/** The shared-store mode: a replica of the index the store serves, writes through the store. */
async function serveFromStore(config: Config, logger: Logger): Promise<Served> {
  const { synonyms } = await loadSynonyms(null, config.synonymsFile);
  const replica = await openReplica(config.store, config.storePrefix, logger, synonyms);
  return {
    index: replica.index,
    manifest: replica.manifest,
    writes: replica.writes,
    store: replica.writes,
    synonyms: replica.synonyms,
    dictionary: storeDictionary(replica.manifest),
    replayed: replica.replayed,
    close: () => {
      replica.stopFollowing();
      return replica.writes.stop();
    },
  };
}

/**
 * Starts the service: loads `config.indexDir` (building it from `config.corpusDir` first, with
 * progress on stderr, when it is missing, damaged or of another format, analyzer or corpus; an
 * index of this corpus is served at once and the corpus checked while it is, what changed in
 * it applied without a restart), replays the write log, listens on `config.port`. Over a shared store
 * (`config.store` a `redis://` URL) it loads the index the store serves and tails its write
 * log instead, and builds nothing. With `handleSignals`, SIGTERM and SIGINT stop it gracefully
 * and exit 0.
 *
 * @example await start(loadConfig({ index: '/srv/index' }))
 */
export async function start(config: Config, options: { io?: CommandIo; handleSignals?: boolean } = {}): Promise<RunningService> {
  const io = options.io ?? processIo();
  const logger = createLogger(config.logLevel);
  const served = config.store === 'memory' ? await serveEmbedded(config, io, logger) : await serveFromStore(config, logger);
  // jieba loads its dictionary on first use (1–3 s), and the facet table and the suggest
  // vocabulary are built by the first search and suggestion: pay for them before listening.
  loadDictionary();
  search(served.index, '中国');
  suggest(served.index, '中', 1);
  const app = createApp({
    index: served.index,
    config,
    indexDir: served.indexDir,
    manifest: served.manifest,
    writes: served.writes,
    store: served.store,
    synonyms: served.synonyms,
    dictionary: served.dictionary,
    logger,
    processMetrics: true,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
  }).catch(async (error: unknown) => {
    await served.close();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info(
    {
      url: `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`,
      port,
      index: served.indexDir ?? redactedUrl(config.store),
      corpus: served.manifest.corpus.path,
      documents: served.index.size,
      writesReplayed: served.replayed,
      synonymRules: served.synonyms.current().rules.length,
      store: config.store === 'memory' ? 'memory' : redactedUrl(config.store),
    },
    'jiansuo listening',
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS).unref();
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      // Keep-alive connections with no request in flight would hold close() open.
      server.closeIdleConnections();
    }).then(served.close));

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      void stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    const live = served.live;
    if (live) process.on('SIGHUP', () => void reloadDictionaryFile(config, live, logger));
  }
  return { server, port, stop };
}

/** Where the configured corpus and index are, and how to read the corpus. */
function indexOptions(config: Config, onProgress: (progress: BuildProgress) => void): EnsureIndexOptions {
  return { corpusDir: config.corpusDir, corpusNamed: config.corpusNamed, indexDir: config.indexDir, onProgress, utcOffsetMinutes: utcOffsetMinutes(config.timeZone) };
}

function logBuild(logger: ReturnType<typeof createLogger>, config: Config, result: { built: boolean; report?: { rejected: Array<{ path: string; reason: string; message: string }> } }): void {
  if (!result.built || !result.report) return;
  logger.info({ indexDir: config.indexDir, rejected: result.report.rejected.length }, 'index built');
  for (const rejection of result.report.rejected) logger.warn({ path: rejection.path, reason: rejection.reason }, rejection.message);
}

/**
 * Starts `config.workers` service processes on one port (Node's cluster): this process builds
 * or checks the index, then forks workers that each load it and serve; writes go through this
 * process, the one writer of the log (see `cluster.ts`). SIGTERM/SIGINT stop the workers
 * gracefully and exit 0.
 */
export async function startCluster(config: Config, options: { io?: CommandIo } = {}): Promise<{ stop: () => Promise<void> }> {
  const io = options.io ?? processIo();
  const logger = createLogger(config.logLevel);
  // A malformed synonyms file stops the start here, before a build, not in every worker.
  await loadSynonyms(config.indexDir, config.synonymsFile);
  useUserDictionary(await readUserDictionary(config.indexDir, config.userDictFile));
  const progress = buildProgress(io);
  const built = await ensureIndexBuilt(indexOptions(config, progress.update)).finally(progress.stop);
  logBuild(logger, config, built);
  const log = new WriteLog(config.indexDir);
  // Before the workers replay it: the writes the generation holds leave the log.
  const { manifest } = await readManifest(config.indexDir);
  if (manifest.writeLog) await log.compact(manifest.writeLog);
  const live = liveDictionary(config.indexDir, logger);
  const chosen = await readUserDictionary(config.indexDir, config.userDictFile);
  // `verifyIndex` put the dictionary the index records in force; the one kept in the folder wins.
  if (chosen.version !== dictionaryVersion()) switchedTo(logger, dictionaryVersion(), live.use(chosen));
  else live.resume();
  const primary = runPrimary(config.workers, log, new SynonymFile(config.indexDir), logger, live);
  process.on('SIGHUP', () => void reloadDictionaryFile(config, live, logger).then((text) => text !== null && primary.relayDictionary(text)));
  logger.info({ workers: config.workers, port: config.port }, 'jiansuo cluster started');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= primary.stop());
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down the cluster');
    void stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return { stop };
}

/** The dictionary of the index folder this process builds, its re-segmentation logged. */
function liveDictionary(indexDir: string, logger: Logger): LiveDictionary {
  return new LiveDictionary(indexDir, {
    onSegment: ({ done, pending, ms }) => logger.info({ done, pending, ms: Math.round(ms) }, 'segment cut again with the user dictionary in force'),
    onDone: (complete) => complete && logger.info({ dictionaryVersion: dictionaryVersion() }, 'index cut with the user dictionary in force'),
    onError: (error) => logger.warn({ err: error.message }, 'index not cut again with the user dictionary; it is tried again at the next start'),
  });
}

function switchedTo(logger: Logger, from: string, { stallMs }: { stallMs: number }): void {
  logger.info({ from, to: dictionaryVersion(), stallMs: Math.round(stallMs) }, 'user dictionary put in force; the index is cut again with it in the background');
}

/**
 * SIGHUP: the configured dictionary file, read again, is put in force (see {@link LiveDictionary});
 * a malformed one is reported and the one in force stays. Resolves to the text put in force, or `null`.
 */
async function reloadDictionaryFile(config: Config, live: LiveDictionary, logger: Logger): Promise<string | null> {
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
function storeDictionary(manifest: Manifest): DictionaryControl {
  return {
    served: () => manifest,
    replace: async () => {
      throw new JiansuoError('invalid_parameter', 'PUT /api/dictionary: over a shared store the dictionary is replaced where the store\'s index is built (npm run index -- --store …)');
    },
  };
}
