import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Manifest } from '../index/manifest';
import { indexBytes } from '../index/index-folder';
import type { SearchIndex } from '../index/search-index';
import { routeOf } from './request-log';

/** What `/metrics` reports about the index. */
export interface MetricsSource {
  index: SearchIndex;
  manifest?: Manifest;
  indexDir?: string;
  /** Also report the process (CPU, memory, event loop); off in tests, which create many apps. */
  processMetrics?: boolean;
}

/**
 * A Prometheus registry of its own per app (never the global one, so several apps can live in
 * one process): request counts and latency per route, documents, index size, last build.
 */
export function createMetrics(source: MetricsSource): { registry: Registry; middleware: RequestHandler } {
  const registry = new Registry();
  if (source.processMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'jiansuo_http_requests_total',
    help: 'HTTP requests answered, by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'jiansuo_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'jiansuo_index_documents',
    help: 'Documents that can be found.',
    registers: [registry],
    collect() {
      this.set(source.index.size);
    },
  });
  new Gauge({
    name: 'jiansuo_index_bytes',
    help: 'Size of the index files being served.',
    registers: [registry],
    async collect() {
      if (source.indexDir !== undefined) this.set(await indexBytes(source.indexDir).catch(() => 0));
    },
  });
  const builtAt = source.manifest ? Date.parse(source.manifest.builtAt) / 1000 : 0;
  new Gauge({ name: 'jiansuo_index_last_build_timestamp_seconds', help: 'When the index served was built (Unix time).', registers: [registry] }).set(builtAt);
  new Gauge({ name: 'jiansuo_index_build_duration_seconds', help: 'How long the index served took to build.', registers: [registry] }).set(
    source.manifest ? source.manifest.buildMs / 1000 : 0,
  );
  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = routeOf(req, res.statusCode);
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      latency.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
  return { registry, middleware };
}
