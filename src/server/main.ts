import { useUserDictionary } from '../analysis';
import type { Server } from 'node:http';
import type { Config } from '../config';
import { buildProgress, processIo, type CommandIo } from '../index/build-progress';
import { ensureIndexBuilt } from '../index/ensure-index';
import { readManifest } from '../index/index-folder';
import { WriteLog } from '../index/write-log';
import { loadCodes } from '../search/code-synonyms';
import { minedCodes } from '../search/mined-codes';
import { preparePinyin } from '../search/pinyin-build';
import { SynonymFile, loadSynonyms } from '../search/synonym-file';
import { indexOptions, logBuild, openServedIndex } from '../service/served-index';
import { redactedUrl } from '../store';
import { createApp } from './app';
import { runPrimary } from './cluster';
import { createLogger } from './request-log';
import { readUserDictionary } from '../index/user-dictionary-file';
import { reloadDictionaryFile, startLiveDictionary } from '../service/user-dictionary';

/** A running service. */
export interface RunningService {
  server: Server;
  /** The port actually bound (useful with `port: 0`). */
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, closes the write log. */
  stop: () => Promise<void>;
}

/** How long in-flight requests may run after a shutdown signal before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

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
  // Before a build that may take minutes: a malformed codes file is reported at once.
  const codes = await loadCodes(config.codesFile);
  const served = await openServedIndex(config, io, logger);
  // The code and name pairs are mined from the index before the first search needs them.
  const mined = minedCodes(served.index).length;
  const app = createApp({
    index: served.index,
    config,
    indexDir: served.indexDir,
    manifest: served.manifest,
    writes: served.writes,
    store: served.store,
    synonyms: served.synonyms,
    dictionary: served.dictionary,
    codes,
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
      minedCodes: mined,
      store: config.store === 'memory' ? 'memory' : redactedUrl(config.store),
    },
    'jiansuo listening',
  );
  // The pinyin tables are made while the service answers; a pinyin query before they are
  // ready finishes them itself.
  const pinyinStarted = performance.now();
  const pinyinStop = new AbortController();
  void preparePinyin(served.index, { signal: pinyinStop.signal }).then(
    (done) => done && logger.info({ ms: Math.round(performance.now() - pinyinStarted) }, 'pinyin tables ready'),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= new Promise<void>((resolve) => {
      pinyinStop.abort();
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
    // SIGHUP re-reads the dictionary file where this process builds the index; elsewhere (a
    // `--workers` worker, a Redis node) it must not end the process, as by default it would.
    process.on('SIGHUP', () =>
      live ? void reloadDictionaryFile(config, live, logger) : logger.info('SIGHUP ignored: the dictionary is replaced where the index is built (the cluster primary, or `npm run index -- --store`)'),
    );
  }
  return { server, port, stop };
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
  // A malformed synonyms or codes file stops the start here, before a build, not in every worker.
  await loadSynonyms(config.indexDir, config.synonymsFile);
  await loadCodes(config.codesFile);
  const chosen = await readUserDictionary(config.indexDir, config.userDictFile);
  useUserDictionary(chosen);
  const progress = buildProgress(io);
  const built = await ensureIndexBuilt(indexOptions(config, progress.update)).finally(progress.stop);
  logBuild(logger, config, built);
  const log = new WriteLog(config.indexDir);
  // Before the workers replay it: the writes the generation holds leave the log.
  const { manifest } = await readManifest(config.indexDir);
  if (manifest.writeLog) await log.compact(manifest.writeLog);
  // `verifyIndex` put the dictionary the index records in force; the one kept in the folder wins.
  const live = startLiveDictionary(config.indexDir, chosen, logger);
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
