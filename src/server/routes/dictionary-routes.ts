import { Router, text } from 'express';
import type { RequestHandler } from 'express';
import { parseUserDictionary, userDictionary, versionOf } from '../../analysis';
import type { Config } from '../../config';
import { JiansuoError } from '../../errors';
import type { DictionaryControl } from '../../index/dictionary-control';
import { segmentDictionary } from '../../index/manifest';
import { requireAdmin } from '../auth';

/** What `GET /api/dictionary` shows: the dictionary in force, and how much of the served index is cut with it. */
function described(control: DictionaryControl): object {
  const { version, entries } = userDictionary();
  const manifest = control.served();
  const segments = manifest
    ? { total: manifest.segments.length, pending: manifest.segments.filter((segment) => segmentDictionary(manifest, segment) !== version).length }
    : null;
  return { version, words: entries.map(({ word, freq, tag }) => ({ word, freq, tag })), segments };
}

/**
 * `GET /api/dictionary` (the user dictionary in force, and the segments of the served index
 * not yet cut with it) and `PUT /api/dictionary` (a jieba user dictionary as `text/plain`,
 * checked like a write: rate limit, then token, then the body). A malformed body is answered
 * 400 naming the line, and the dictionary in force stays. The index is cut again in the
 * background; searches answer throughout.
 *
 * @example app.use(dictionaryRoutes({ config, dictionary: memoryDictionary, writeLimiter }))
 */
export function dictionaryRoutes(deps: { config: Config; dictionary: DictionaryControl; writeLimiter: RequestHandler }): Router {
  const { config, dictionary } = deps;
  const router = Router();

  router.get('/api/dictionary', (_req, res) => {
    res.json(described(dictionary));
  });

  router.put('/api/dictionary', deps.writeLimiter, requireAdmin(config.adminToken), text({ type: 'text/plain', limit: config.limits.maxBodyBytes }), async (req, res) => {
    if (!req.is('text/plain')) {
      throw new JiansuoError('unsupported_media_type', `send the dictionary as text/plain, not ${req.get('content-type') ?? 'no Content-Type'}`);
    }
    const replacement = parseUserDictionary(typeof req.body === 'string' ? req.body : '', 'body', versionOf);
    const { stallMs } = await dictionary.replace(replacement);
    res.json({ ...described(dictionary), stall_ms: Math.round(stallMs) });
  });

  return router;
}
