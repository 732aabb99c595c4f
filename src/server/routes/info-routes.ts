import { Router } from 'express';
import type { Registry } from 'prom-client';
import { defaultParameters, type Config } from '../../config';
import { currentAnalyzer, FORMAT_VERSION, type Manifest } from '../../index/manifest';
import { indexBytes } from '../../index/index-folder';
import type { SearchIndex } from '../../index/search-index';
import { archiveMonths } from '../../search/archive-months';
import type { StoreHealth } from '../../store/store-health';

/** Counts of what the service did since it started, shown by `/api/stats`. */
export interface ServiceCounters {
  writesApplied: number;
}

/**
 * `GET /api/health`, `/api/settings`, `/api/stats`, `/api/openapi.json` and `/metrics`.
 * Without a manifest (an index built in memory) the build fields of the stats are `null`.
 */
export function infoRoutes(deps: {
  index: SearchIndex;
  config: Config;
  manifest?: Manifest;
  indexDir?: string;
  counters: ServiceCounters;
  /** The shared store, when the node runs over one. */
  store?: StoreHealth;
  openApi: () => unknown;
  registry: Registry;
}): Router {
  const { index, config, manifest, indexDir } = deps;
  const router = Router();

  router.get('/api/health', (_req, res) => {
    const { store } = deps;
    // 200 even while the store is down: this node still answers searches from its replica.
    res.json(store ? { status: 'ok', documents: index.size, store: store.kind, storeConnected: store.connected } : { status: 'ok', documents: index.size });
  });

  router.get('/api/settings', (_req, res) => {
    const { limits } = config;
    res.json({
      time_zone: config.timeZone,
      limits: {
        query_length: limits.maxQueryLength,
        limit: limits.maxLimit,
        offset: limits.maxOffset,
        snippets: limits.maxSnippets,
        bulk_queries: limits.maxBulkQueries,
        suggest_prefix_length: limits.maxSuggestPrefixLength,
        suggestions: limits.maxSuggestions,
      },
      defaults: { limit: defaultParameters.limit, snippets: defaultParameters.snippets, suggestions: defaultParameters.suggestions },
    });
  });

  router.get('/api/stats', async (_req, res) => {
    const analyzer = manifest?.analyzer ?? currentAnalyzer();
    res.json({
      documents: index.size,
      built_at: manifest?.builtAt ?? null,
      build_ms: manifest?.buildMs ?? null,
      format_version: manifest?.formatVersion ?? FORMAT_VERSION,
      analyzer: analyzer.description,
      dictionary_version: analyzer.dictionaryVersion,
      corpus_path: manifest?.corpus.path ?? config.corpusDir,
      corpus_fingerprint: manifest?.corpus.fingerprint ?? null,
      index_bytes: indexDir === undefined ? null : await indexBytes(indexDir).catch(() => null),
      writes_applied: deps.counters.writesApplied,
      months: archiveMonths(index),
    });
  });

  router.get('/api/openapi.json', (_req, res) => {
    res.json(deps.openApi());
  });

  router.get('/metrics', async (_req, res) => {
    res.type(deps.registry.contentType).send(await deps.registry.metrics());
  });

  return router;
}
