/**
 * The two servers `npm run bench:http` measures jiansuo against, on `PORT`, each answering
 * `GET /api/search` and `GET /api/health` with Express 5 and nothing else (no logs, metrics,
 * validation, compression or CORS):
 * - `fixed`: the same small JSON every time, the ceiling of Express on this machine;
 * - `search`: `search()` over the index in `JIANSUO_INDEX` with the default options, sent as
 *   `res.send` sends it, the floor of what jiansuo's edge can cost.
 */
import express from 'express';
import { loadDictionary } from '../src/analysis';
import { readIndex } from '../src/index/read-index';
import { search } from '../src/search/search';

async function main(): Promise<void> {
  const mode = process.argv[2];
  const app = express();
  app.disable('x-powered-by');
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (mode === 'fixed') {
    app.get('/api/search', (_req, res) => {
      res.json({ query: '海通证券', total: 0, hits: [] });
    });
  } else if (mode === 'search') {
    const { index } = await readIndex(process.env.JIANSUO_INDEX ?? 'index');
    loadDictionary();
    search(index, '中国');
    app.get('/api/search', (req, res) => {
      res.type('application/json').send(JSON.stringify(search(index, String(req.query.q))));
    });
  } else {
    throw new Error(`usage: bench-http-floor fixed|search (got ${mode ?? 'nothing'})`);
  }
  app.listen(Number(process.env.PORT ?? 3998), '127.0.0.1');
  process.once('SIGTERM', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
