import type { RequestHandler } from 'express';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CORS for the read API and the static files, so a search box on another site can load
 * `/widget.js` and call the API from the browser: `*` or a list of allowed origins (none: no
 * cross-origin access at all). Writes and bulk are never offered cross-origin; preflight
 * requests for them get no CORS headers and the browser refuses them.
 */
export function cors(origins: string[] | '*'): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origins !== '*') res.vary('Origin');
    if (origin === undefined || !READ_METHODS.has(req.method)) return next();
    if (origins === '*') res.set('Access-Control-Allow-Origin', '*');
    else if (origins.includes(origin)) res.set('Access-Control-Allow-Origin', origin);
    else return next();
    if (req.method === 'OPTIONS' && req.get('access-control-request-method') !== undefined) {
      const method = req.get('access-control-request-method')!.toUpperCase();
      if (!READ_METHODS.has(method)) {
        res.removeHeader('Access-Control-Allow-Origin');
        return next();
      }
      res.set({ 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' });
      res.status(204).end();
      return;
    }
    next();
  };
}
