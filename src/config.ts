import { JiansuoError } from './errors';

/**
 * Limits the service enforces at its edge. Each is defined here only: the schemas, the query
 * parser and the search page (through `GET /api/settings`) read them from here.
 */
export interface Limits {
  /** Longest query, in characters. */
  maxQueryLength: number;
  /** Longest prefix of one suggest request, in characters. */
  maxSuggestPrefixLength: number;
  /** Largest `limit` of one search. */
  maxLimit: number;
  /** Largest `offset` of one search: deep pages are a scraper's, not a reader's. */
  maxOffset: number;
  /** Most fragments per snippet. */
  maxSnippets: number;
  /** Most queries in one bulk request. */
  maxBulkQueries: number;
  /** Largest request body, in bytes (bulk and writes). */
  maxBodyBytes: number;
  /** Most suggestions per request. */
  maxSuggestions: number;
  /** Most exports (`GET /api/export`) one process streams at once; one more answers 429. */
  maxConcurrentExports: number;
  /** Window of the per-client rate limits, in milliseconds. */
  rateWindowMs: number;
  /** Writes (`PUT`/`DELETE /api/docs/:id`) per client per window (`JIANSUO_RATE_LIMIT_WRITES`). */
  writesPerWindow: number;
  /** Bulk queries per client per window (`JIANSUO_RATE_LIMIT_BULK`): a bulk request costs one per query. */
  bulkQueriesPerWindow: number;
  /**
   * Milliseconds one search request may compute (`JIANSUO_TIME_BUDGET_MS`): a search past it
   * fails, a bulk request answers the entries done so far and flags the rest.
   */
  timeBudgetMs: number;
  /**
   * Bytes of results one search request may answer (`JIANSUO_RESPONSE_BUDGET_BYTES`): a search
   * past it fails, a bulk request answers the entries that fit and flags the rest.
   */
  responseBudgetBytes: number;
}

/**
 * Defaults of the parameters of a search and of a suggest request, each within its limit in
 * {@link Limits}. Defined here only: the search options, the snippets, the schemas, the command
 * line and the search page (through `GET /api/settings`) read them from here.
 */
export interface ParameterDefaults {
  /** Hits per page (`limit`), at most `maxLimit`: also the page size of the search page. */
  limit: number;
  /** Fragments per snippet (`snippets`), at most `maxSnippets`. */
  snippets: number;
  /** Aimed characters per snippet fragment. */
  snippetChars: number;
  /** Completions per suggest request (its `limit`), at most `maxSuggestions`. */
  suggestions: number;
}

export const defaultParameters: ParameterDefaults = {
  limit: 10,
  snippets: 2,
  snippetChars: 100,
  suggestions: 8,
};

/** The one configuration of jiansuo, merged once from flags, environment and defaults. */
export interface Config {
  /** Folder of article files (`JIANSUO_CORPUS`, `--corpus`). */
  corpusDir: string;
  /** Whether the user named `corpusDir`: an existing index is only rebuilt from a corpus the user named, or from its own. */
  corpusNamed: boolean;
  /** Folder of the built index and its write log (`JIANSUO_INDEX`, `--index`). */
  indexDir: string;
  /** TCP port of the service (`PORT`, `--port`). */
  port: number;
  /** Interface the service listens on (`HOST`); all interfaces by default. */
  host: string;
  /** Bearer token for writes (`JIANSUO_ADMIN_TOKEN`); `null` disables writes. */
  adminToken: string | null;
  /**
   * Origins allowed to call the GET API and load `/widget.js` from a browser (`JIANSUO_CORS_ORIGINS`,
   * comma-separated); `*` allows all, and none are allowed unless some are named.
   */
  corsOrigins: string[] | '*';
  /** pino level (`LOG_LEVEL`): `silent` under jest, `info` otherwise. */
  logLevel: string;
  /** The corpus time zone (`JIANSUO_TIME_ZONE`, `±HH:MM`): for article dates written without one, `from`/`to` and dates in writes. */
  timeZone: string;
  /** Client address from `X-Forwarded-For` behind this many proxies (`JIANSUO_TRUST_PROXY`), for rate limits. */
  trustProxy: number;
  /**
   * Service processes sharing the port (`JIANSUO_WORKERS`, `--workers`): each holds its own copy
   * of the index in memory, so N processes use N times the memory for up to N times the searches.
   */
  workers: number;
  /**
   * Where the index and the write log live (`JIANSUO_STORE`, `--store`): `memory` keeps them in
   * `indexDir` and this process; `redis://host:port/db` keeps them in Redis, shared by every node.
   */
  store: string;
  /** Prefix of every key jiansuo keeps in the store (`JIANSUO_STORE_PREFIX`). */
  storePrefix: string;
  /**
   * Synonyms file loaded at start (`JIANSUO_SYNONYMS`), in the Solr/Elasticsearch format;
   * `null` for none. Rules replaced through `PUT /api/synonyms` win over it.
   */
  synonymsFile: string | null;
  /**
   * Codes file loaded at start (`JIANSUO_CODES`): a stock code and the company's names per
   * line, in the synonyms format (`600837, 海通证券`); `null` for none. Its pairs stay in force
   * when the synonyms are replaced, with those the articles write.
   */
  codesFile: string | null;
  /**
   * jieba user dictionary (`JIANSUO_USER_DICT`), `word [freq tag]` per line; `null` for the
   * project's `src/analysis/user-dict.utf8`. Re-read on SIGHUP; one replaced through
   * `PUT /api/dictionary` or SIGHUP is kept in the index folder and wins over it at start.
   */
  userDictFile: string | null;
  /**
   * Bytes of serialised search answers kept for requests that come again
   * (`JIANSUO_RESULT_CACHE_MB`, in MiB; 0 keeps none), per process: any write, new generation,
   * synonym or dictionary change empties it.
   */
  resultCacheBytes: number;
  limits: Limits;
}

export const defaultLimits: Limits = {
  maxQueryLength: 256,
  maxSuggestPrefixLength: 64,
  maxLimit: 100,
  maxOffset: 10_000,
  maxSnippets: 5,
  maxBulkQueries: 1000,
  maxBodyBytes: 1024 * 1024,
  maxSuggestions: 50,
  maxConcurrentExports: 4,
  rateWindowMs: 60_000,
  writesPerWindow: 120,
  bulkQueriesPerWindow: 10_000,
  timeBudgetMs: 10_000,
  responseBudgetBytes: 16 * 1024 * 1024,
};

/** The defaults of the configuration, the corpus time zone among them: named here only. */
export const defaultConfig: Config = {
  corpusDir: 'corpus',
  corpusNamed: false,
  indexDir: 'index',
  port: 3000,
  host: '0.0.0.0',
  adminToken: null,
  corsOrigins: [],
  logLevel: 'info',
  timeZone: '+08:00',
  trustProxy: 0,
  workers: 1,
  store: 'memory',
  storePrefix: 'jiansuo:',
  synonymsFile: null,
  codesFile: null,
  userDictFile: null,
  resultCacheBytes: 64 * 1024 * 1024,
  limits: defaultLimits,
};

/** What the command line may set; each flag wins over its environment variable. */
export interface ConfigFlags {
  corpus?: string;
  index?: string;
  port?: string | number;
  workers?: string | number;
  store?: string;
}

function parsePort(value: string | number, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new JiansuoError('invalid_parameter', `${source}: "${value}" is not a port number (0–65535)`);
  }
  return port;
}

function parseCount(value: string, source: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new JiansuoError('invalid_parameter', `${source}: "${value}" is not a positive integer`);
  return count;
}

const TIME_ZONE = /^([+-])(\d{2}):(\d{2})$/;

/**
 * Minutes east of UTC of a `±HH:MM` offset.
 *
 * @example utcOffsetMinutes('+08:00') // 480
 */
export function utcOffsetMinutes(timeZone: string): number {
  const match = TIME_ZONE.exec(timeZone);
  if (match === null || Number(match[2]) > 14 || Number(match[3]) > 59) {
    throw new JiansuoError('invalid_parameter', `JIANSUO_TIME_ZONE: "${timeZone}" is not a UTC offset of the form ±HH:MM (e.g. +08:00)`);
  }
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function parseHops(value: string): number {
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0) {
    throw new JiansuoError('invalid_parameter', `JIANSUO_TRUST_PROXY: "${value}" is not a number of proxies (0 or more)`);
  }
  return hops;
}

function parseOrigins(value: string): string[] | '*' {
  const origins = value.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
  return origins.includes('*') ? '*' : origins;
}

function checkedTimeZone(timeZone: string): string {
  utcOffsetMinutes(timeZone);
  return timeZone;
}

function parseStore(value: string, source: string): string {
  if (value !== 'memory' && !/^rediss?:\/\/./.test(value)) {
    throw new JiansuoError('invalid_parameter', `${source}: "${value}" is not a store (memory or redis://host:port/db)`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function cacheBytes(value: string | undefined): number {
  if (value === undefined) return defaultConfig.resultCacheBytes;
  const mib = Number(value);
  if (!Number.isInteger(mib) || mib < 0) throw new JiansuoError('invalid_parameter', `JIANSUO_RESULT_CACHE_MB: "${value}" is not a number of MiB (0 or more)`);
  return mib * 1024 * 1024;
}

/** The positive integer in the environment variable `name`, or `fallback` when it is unset. */
function envCount(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = nonEmpty(env[name]);
  return value === undefined ? fallback : parseCount(value, name);
}

/**
 * The configuration in force: flags, then environment variables, then {@link defaultConfig}.
 * Throws on a value that cannot be used (a port that is not a number), naming where it came from.
 *
 * @example loadConfig({ index: '/srv/index' }, { PORT: '8080' }).port // 8080
 */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const envPort = nonEmpty(env.PORT);
  const cors = nonEmpty(env.JIANSUO_CORS_ORIGINS);
  const trustProxy = nonEmpty(env.JIANSUO_TRUST_PROXY);
  const envWorkers = nonEmpty(env.JIANSUO_WORKERS);
  const envStore = nonEmpty(env.JIANSUO_STORE);
  return {
    ...defaultConfig,
    corpusDir: flags.corpus ?? nonEmpty(env.JIANSUO_CORPUS) ?? defaultConfig.corpusDir,
    corpusNamed: flags.corpus !== undefined || nonEmpty(env.JIANSUO_CORPUS) !== undefined,
    indexDir: flags.index ?? nonEmpty(env.JIANSUO_INDEX) ?? defaultConfig.indexDir,
    port:
      flags.port !== undefined
        ? parsePort(flags.port, '--port')
        : envPort !== undefined
          ? parsePort(envPort, 'PORT')
          : defaultConfig.port,
    host: nonEmpty(env.HOST) ?? defaultConfig.host,
    adminToken: nonEmpty(env.JIANSUO_ADMIN_TOKEN) ?? null,
    corsOrigins: cors === undefined ? defaultConfig.corsOrigins : parseOrigins(cors),
    logLevel: nonEmpty(env.LOG_LEVEL) ?? (env.NODE_ENV === 'test' ? 'silent' : defaultConfig.logLevel),
    timeZone: checkedTimeZone(nonEmpty(env.JIANSUO_TIME_ZONE) ?? defaultConfig.timeZone),
    trustProxy: trustProxy === undefined ? defaultConfig.trustProxy : parseHops(trustProxy),
    workers:
      flags.workers !== undefined
        ? parseCount(String(flags.workers), '--workers')
        : envWorkers !== undefined
          ? parseCount(envWorkers, 'JIANSUO_WORKERS')
          : defaultConfig.workers,
    store: flags.store !== undefined ? parseStore(flags.store, '--store') : envStore !== undefined ? parseStore(envStore, 'JIANSUO_STORE') : defaultConfig.store,
    storePrefix: nonEmpty(env.JIANSUO_STORE_PREFIX) ?? defaultConfig.storePrefix,
    synonymsFile: nonEmpty(env.JIANSUO_SYNONYMS) ?? defaultConfig.synonymsFile,
    codesFile: nonEmpty(env.JIANSUO_CODES) ?? defaultConfig.codesFile,
    userDictFile: nonEmpty(env.JIANSUO_USER_DICT) ?? defaultConfig.userDictFile,
    resultCacheBytes: cacheBytes(nonEmpty(env.JIANSUO_RESULT_CACHE_MB)),
    limits: {
      ...defaultLimits,
      writesPerWindow: envCount(env, 'JIANSUO_RATE_LIMIT_WRITES', defaultLimits.writesPerWindow),
      bulkQueriesPerWindow: envCount(env, 'JIANSUO_RATE_LIMIT_BULK', defaultLimits.bulkQueriesPerWindow),
      timeBudgetMs: envCount(env, 'JIANSUO_TIME_BUDGET_MS', defaultLimits.timeBudgetMs),
      responseBudgetBytes: envCount(env, 'JIANSUO_RESPONSE_BUDGET_BYTES', defaultLimits.responseBudgetBytes),
    },
  };
}
