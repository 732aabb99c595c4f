import { Router, text } from 'express';
import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import { JiansuoError } from '../../errors';
import { parseSynonyms, type CodeRule, type SynonymRule, type Synonyms } from '../../search/synonyms';
import { requireAdmin } from '../auth';
import type { SynonymRules } from '../../search/synonym-rules';

/** What `GET /api/synonyms` shows of a rule set: each rule flagged with where it comes from. */
function described(synonyms: Synonyms): { version: string; rules: Array<(SynonymRule & { source: 'user' }) | CodeRule> } {
  return { version: synonyms.version, rules: [...synonyms.rules.map((rule) => ({ ...rule, source: 'user' as const })), ...(synonyms.codes ?? [])] };
}

/**
 * `GET /api/synonyms` (the rules in force) and `PUT /api/synonyms` (a synonyms file as
 * `text/plain`, checked like a write: rate limit, then token, then the body). A malformed body
 * is answered 400 naming the line, and the rules in force stay.
 *
 * @example app.use(synonymRoutes({ config, synonyms: new LocalSynonyms(noSynonyms), writeLimiter }))
 */
export function synonymRoutes(deps: { config: Config; synonyms: SynonymRules; writeLimiter: RequestHandler }): Router {
  const { config, synonyms } = deps;
  const router = Router();

  router.get('/api/synonyms', (_req, res) => {
    res.json(described(synonyms.current()));
  });

  router.put('/api/synonyms', deps.writeLimiter, requireAdmin(config.adminToken), text({ type: 'text/plain', limit: config.limits.maxBodyBytes }), async (req, res) => {
    if (!req.is('text/plain')) {
      throw new JiansuoError('unsupported_media_type', `send the synonyms as text/plain, not ${req.get('content-type') ?? 'no Content-Type'}`);
    }
    const replacement = parseSynonyms(typeof req.body === 'string' ? req.body : '');
    await synonyms.replace(replacement);
    res.json(described(synonyms.current()));
  });

  return router;
}
