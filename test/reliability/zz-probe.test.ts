import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';

it('probe', async () => {
  const index = buildIndex(await sampleArticles());
  const app = createApp({ index, config: testConfig({ adminToken: 'tok' }) });
  const urls = ['/api/docs/%ZZ', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/%2e%2e%2fpackage.json', '/..%5c..%5cpackage.json', '/../package.json', '/index.html/..%2f..%2fpackage.json', '/api/docs/..', '/api/docs/.', '/api/docs/%2e%2e', '/api/docs/__proto__', '/api/docs/constructor', '/api/docs/toString', '/api/docs/hasOwnProperty', '/api/suggest?q=__proto__', '/api/search?q=__proto__', '/api/search?q=a&__proto__=1', '/api/search?q=a&constructor=1', '/api/search?q=a&category=__proto__', '/api/search?q=a&category=constructor', '/api/search?q=%E4%B8%AD&tag=toString'];
  for (const u of urls) {
    const r = await request(app).get(u);
    console.log(u.slice(0, 60), r.status, r.type, JSON.stringify(r.body).slice(0, 200));
  }
  const bodies: unknown[] = [{ queries: [null] }, { queries: [{ q: {} }] }, { queries: [['a']] }, { queries: ['a'], limit: 'x' }, { queries: ['a', { q: 'b', __proto__: { limit: 5 } }] }, JSON.parse('{"queries":[{"q":"中国","__proto__":{"limit":1000}}]}'), { queries: [{ q: '中国', constructor: 1 }] }, [1], 'str', { queries: 'a' }, { queries: Array(1001).fill('a') }];
  for (const b of bodies) {
    const r = await request(app).post('/api/search/bulk').send(b as object);
    console.log(JSON.stringify(b).slice(0, 60), r.status, JSON.stringify(r.body).slice(0, 300));
  }
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  const r = await request(app).post('/api/search/bulk').set('content-type', 'application/json').send(deep);
  console.log('deep', r.status, JSON.stringify(r.body).slice(0, 300));
});
