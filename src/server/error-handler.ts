import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ERRORS, JiansuoError } from '../errors';

/** What body-parser (inside `express.json()`/`express.text()`) attaches to its errors. */
interface BodyParserError extends Error {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return error instanceof Error && typeof (error as BodyParserError).type === 'string' && typeof (error as BodyParserError).status === 'number';
}

/** Body-parser's failures in the project's words; `null` for anything else. */
function fromBodyParser(error: unknown): JiansuoError | null {
  if (!isBodyParserError(error)) return null;
  switch (error.type) {
    case 'entity.too.large':
      return new JiansuoError('payload_too_large', `the limit is ${error.limit ?? 'smaller'} bytes`);
    case 'entity.parse.failed':
      return new JiansuoError('invalid_body', `not valid JSON (${error.message})`);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new JiansuoError('unsupported_media_type', error.message);
    default:
      return error.status >= 400 && error.status < 500 ? new JiansuoError('invalid_body', error.message) : null;
  }
}

/**
 * A body that does not decompress as its `Content-Encoding` says (not gzip, cut short): zlib's
 * error, which body-parser passes on with status 400 but no `type`. `null` for anything else.
 */
function fromDecompression(error: unknown, contentEncoding: string | undefined): JiansuoError | null {
  const failure = error as { status?: unknown; errno?: unknown };
  if (contentEncoding === undefined || !(error instanceof Error) || failure.status !== 400 || typeof failure.errno !== 'number') return null;
  return new JiansuoError('invalid_body', `not valid ${contentEncoding} data (Content-Encoding: ${contentEncoding})`);
}

/**
 * The router's failure to percent-decode a path parameter (`/api/docs/%ZZ`, or the lone
 * surrogate `%ED%A0%80`): a `URIError` it marks with status 400. `null` for anything else.
 */
function fromPathDecoding(error: unknown): JiansuoError | null {
  if (!(error instanceof URIError) || (error as URIError & { status?: number }).status !== 400) return null;
  return new JiansuoError('invalid_parameter', `path: ${error.message.replace(/^Failed to decode param/, 'cannot percent-decode')} as UTF-8`);
}

/** Answers requests no route took: `404` JSON under `/api`, like every other API error. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new JiansuoError('not_found', `no route ${req.method} ${req.baseUrl}${req.path}`));
};

/**
 * The one error handler: a {@link JiansuoError} becomes `{ error: { code, message } }` with
 * its status; body-parser errors become 400/413/415, a body that does not decompress and an undecodable path 400; anything else is a bug, logged with its
 * stack and answered with a bare 500.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = error instanceof JiansuoError ? error : (fromBodyParser(error) ?? fromDecompression(error, req.get('content-encoding')) ?? fromPathDecoding(error));
    if (known === null) {
      logger.error({ err: error, method: req.method, url: req.originalUrl }, 'unhandled error');
    }
    const reply = known ?? { code: 'internal' as const, status: ERRORS.internal.status, message: ERRORS.internal.message() };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (reply.code === 'unauthorized') res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(reply.status).json({ error: { code: reply.code, message: reply.message } });
  };
}
