import { Router, json, text, type Request } from 'express';
import type { RateLimitRequestHandler } from 'express-rate-limit';
import { utcOffsetMinutes, type Config } from '../../config';
import type { Article } from '../../corpus/article';
import { JiansuoError } from '../../errors';
import type { SearchIndex } from '../../index/search-index';
import type { WriteSink } from '../../index/write-sink';
import { requireAdmin } from '../auth';
import { articleFromJson, articleFromMarkdown } from '../document-input';
import type { ApiSchemas } from '../../api/schemas';
import { validate } from '../../api/validate';

function articleOf(req: Request, id: string, schemas: ApiSchemas, config: Config): Article {
  const offset = utcOffsetMinutes(config.timeZone);
  if (req.is('text/markdown')) {
    if (typeof req.body !== 'string') throw new JiansuoError('invalid_document', 'empty body');
    return articleFromMarkdown(id, req.body, offset);
  }
  if (req.is('application/json')) return articleFromJson(id, req.body, schemas, offset);
  throw new JiansuoError(
    'unsupported_media_type',
    `send the article as text/markdown or application/json, not ${req.get('content-type') ?? 'no Content-Type'}`,
  );
}

/**
 * `GET`, `PUT` and `DELETE /api/docs/:id`. Writes are checked (rate limit, then token) before
 * their body is read, logged durably, then applied: `201` for a new id, `200` for a replaced one.
 * Whether an id is new, or there to delete, is what the write sink found when it applied the
 * write in order, not what this node's index holds when the request arrives.
 */
export function docRoutes(deps: { index: SearchIndex; config: Config; schemas: ApiSchemas; writes: WriteSink; writeLimiter: RateLimitRequestHandler }): Router {
  const { index, config, schemas, writes } = deps;
  const router = Router();
  const guard = [deps.writeLimiter, requireAdmin(config.adminToken)];
  const idOf = (req: Request): string => validate(schemas.docId, req.params.id, 'id');

  router.get('/api/docs/:id', (req, res) => {
    const { id, title, date, url, categories, tags, text: body } = index.get(idOf(req));
    res.json({ id, title, date, url, categories, tags, text: body });
  });

  router.put(
    '/api/docs/:id',
    ...guard,
    text({ type: 'text/markdown', limit: config.limits.maxBodyBytes }),
    json({ limit: config.limits.maxBodyBytes }),
    async (req, res) => {
      const id = idOf(req);
      const article = articleOf(req, id, schemas, config);
      const created = (await writes.commit(index, { op: 'put', at: new Date().toISOString(), article })) === 'created';
      res.status(created ? 201 : 200).json({ id, created });
    },
  );

  router.delete('/api/docs/:id', ...guard, async (req, res) => {
    const id = idOf(req);
    const outcome = await writes.commit(index, { op: 'delete', at: new Date().toISOString(), id });
    if (outcome === 'absent') throw new JiansuoError('not_found', `no document with id "${id}"`);
    res.json({ id, deleted: true });
  });

  return router;
}
