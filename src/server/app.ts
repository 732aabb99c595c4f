import { constants as zlibConstants } from 'node:zlib';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Manifest } from '../index/manifest';
import type { SearchIndex } from '../index/search-index';
import { applyWrite, WriteLog, type WriteEntry } from '../index/write-log';
import { cors } from './cors';
import { errorHandler, notFoundHandler } from './error-handler';
import { createMetrics } from './metrics';
import { openApiDocument } from './openapi';
import { packageVersion } from '../package-root';
import { publicDir } from './public-dir';
import { rateLimited } from './rate-limit';
import { createLogger, requestLog } from './request-log';
import type { WriteSink } from '../index/write-sink';
import type { StoreHealth } from '../store/store-health';
import { docRoutes } from './routes/doc-routes';
import { infoRoutes, type ServiceCounters } from './routes/info-routes';
import { searchRoutes } from './routes/search-routes';
import { synonymRoutes } from './routes/synonym-routes';
import { CodeSynonyms } from '../search/code-synonyms';
import { dictionaryRoutes } from './routes/dictionary-routes';
import { memoryDictionary, type DictionaryControl } from '../index/dictionary-control';
import { noSynonyms, type Synonyms } from '../search/synonyms';
import { LocalSynonyms, type SynonymRules } from '../search/synonym-rules';
import { apiSchemas } from '../api/schemas';
import { ResultCache } from '../api/result-cache';

/** What {@link createApp} serves. */
export interface AppOptions {
  index: SearchIndex;
  config: Config;
  /** Folder the index was read from: its size goes to stats and metrics, and writes to its `writes.log`. */
  indexDir?: string;
  /** Manifest of the index read from `indexDir`, for stats and metrics. */
  manifest?: Manifest;
  /** Where writes go; by default `<indexDir>/writes.log`, or nowhere durable without `indexDir` (tests). */
  writes?: WriteSink;
  /** The shared store `writes` go to, shown by `/api/health`. */
  store?: StoreHealth;
  /** The synonym rules served and replaced through `/api/synonyms`; by default none, replaced in memory only. */
  synonyms?: SynonymRules;
  /** Stock codes and company names served with the synonyms, besides those the articles write (the codes file). */
  codes?: Synonyms;
  /** The user dictionary served and replaced through `/api/dictionary`; by default replaced in memory only. */
  dictionary?: DictionaryControl;
  /** Defaults to a pino logger at `config.logLevel`. */
  logger?: Logger;
  /** Report process metrics (CPU, memory, event loop) at `/metrics`. */
  processMetrics?: boolean;
}

/** Writes applied to the index only: for an index that lives in memory. */
const memoryWrites: WriteSink = {
  commit: async (index: SearchIndex, entry: WriteEntry) => applyWrite(index, entry),
};

/**
 * The jiansuo HTTP service over one index, without listening: `main.ts` listens,
 * tests call it through supertest.
 *
 * @example
 * const app = createApp({ index: buildIndex(articles), config: loadConfig() });
 * await request(app).get('/api/search?q=海通证券').expect(200);
 */
export function createApp(options: AppOptions): Express {
  const { index, config } = options;
  const logger = options.logger ?? createLogger(config.logLevel);
  const schemas = apiSchemas(config.limits);
  const counters: ServiceCounters = { writesApplied: 0 };
  const sink = options.writes ?? (options.indexDir !== undefined ? new WriteLog(options.indexDir) : memoryWrites);
  const writes: WriteSink = {
    commit: async (target, entry) => {
      const outcome = await sink.commit(target, entry);
      if (outcome !== 'absent') counters.writesApplied++;
      return outcome;
    },
  };
  let openApi: unknown;
  const metrics = createMetrics({ index, manifest: options.manifest, indexDir: options.indexDir, processMetrics: options.processMetrics });
  const { limits } = config;
  const synonyms = new CodeSynonyms(options.synonyms ?? new LocalSynonyms(noSynonyms), index, options.codes);
  // Replacing the synonym rules is a write: it shares the writes' limit.
  const writeLimiter = rateLimited(limits.rateWindowMs, limits.writesPerWindow, 'writes').middleware;

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy > 0) app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger));
  app.use(metrics.middleware);
  // A search answer is 1 to 11 kB of JSON, compressed anew for every request: the cheapest
  // settings that keep its size down to about 0.42. gzip at level 1 in an 8 kB window with
  // less memory (its default state is 256 kB to set up per response); brotli, which browsers
  // prefer, at quality 1 instead of 4: a third of the CPU for 7 % more bytes.
  const compress = compression({ level: 1, windowBits: 13, memLevel: 7, brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } } });
  // Scripts and command-line clients ask for no encoding; the compression middleware would
  // still wrap every write and header of their answers (12 % of the CPU of an answer from the result cache).
  app.use((req, res, next) => {
    if (req.headers['accept-encoding'] !== undefined) return compress(req, res, next);
    res.vary('Accept-Encoding');
    next();
  });
  app.use(cors(config.corsOrigins));
  app.use(searchRoutes({ index, config, schemas, synonyms, cache: new ResultCache(config.resultCacheBytes), bulkLimit: rateLimited(limits.rateWindowMs, limits.bulkQueriesPerWindow, 'bulk queries') }));
  app.use(docRoutes({ index, config, schemas, writes, writeLimiter }));
  app.use(synonymRoutes({ config, synonyms, writeLimiter }));
  app.use(dictionaryRoutes({ config, dictionary: options.dictionary ?? memoryDictionary, writeLimiter }));
  app.use(
    infoRoutes({
      index,
      config,
      manifest: options.manifest,
      indexDir: options.indexDir,
      counters,
      store: options.store,
      openApi: () => (openApi ??= openApiDocument(schemas, packageVersion())),
      registry: metrics.registry,
    }),
  );
  app.use('/api', notFoundHandler);
  app.use(express.static(publicDir(), { maxAge: '5m' }));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
