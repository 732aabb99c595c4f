import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';

/**
 * The service's logger: JSON lines on stdout (or `destination`, a file descriptor or path) at
 * the configured level. Lines are written asynchronously, so that a busy node never waits for
 * its log; lines logged while a write is under way go out together in the next one, and
 * whatever is pending is written before the process exits.
 *
 * @example createLogger('info').info({ port: 3000 }, 'jiansuo listening')
 */
export function createLogger(level: string, destination: number | string = 1): Logger {
  return pino({ level, base: { service: 'jiansuo' } }, pino.destination({ dest: destination, sync: false }));
}

/**
 * The route a request matched (`/api/docs/:id`), for logs and metric labels: never the raw
 * path, whose ids and typos would grow the label set without bound.
 */
export function routeOf(req: Parameters<RequestHandler>[0], status: number): string {
  if (req.route?.path !== undefined) return `${req.baseUrl}${String(req.route.path)}`;
  return status === 404 ? 'unmatched' : 'static';
}

/** One JSON line per request, when its response is finished, with its latency. */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info({
        method: req.method,
        url: req.originalUrl,
        route: routeOf(req, res.statusCode),
        status: res.statusCode,
        ms: Math.round(ms * 1000) / 1000,
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        ip: req.ip,
      });
    });
    next();
  };
}
