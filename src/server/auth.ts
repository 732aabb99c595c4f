import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { JiansuoError } from '../errors';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Guards writes with `Authorization: Bearer <token>`. Tokens are compared as SHA-256 digests
 * with `timingSafeEqual`, so neither the comparison time nor the digests' equal lengths tell
 * anything about the token. With no token configured, writes are disabled (403).
 *
 * @example router.put('/api/docs/:id', requireAdmin(config.adminToken), handler)
 */
export function requireAdmin(adminToken: string | null): RequestHandler {
  const expected = adminToken === null ? null : digest(adminToken);
  return (req, _res, next) => {
    if (expected === null) {
      throw new JiansuoError('forbidden', 'writes are disabled because JIANSUO_ADMIN_TOKEN is unset');
    }
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get('authorization') ?? '');
    if (match === null) {
      throw new JiansuoError('unauthorized', 'send the admin token as "Authorization: Bearer <token>"');
    }
    if (!timingSafeEqual(digest(match[1]), expected)) throw new JiansuoError('forbidden', 'the bearer token is wrong');
    next();
  };
}
