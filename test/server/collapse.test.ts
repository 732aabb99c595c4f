import request from 'supertest';
import { buildIndex } from '../../src/index/build';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';

const ORIGINAL = '2022-04-15-202204152018033627';

/** The sample corpus plus a wire copy of one 海通证券 article under another title. */
async function app() {
  const articles = await sampleArticles();
  const original = articles.find((article) => article.id === ORIGINAL)!;
  const copy = { ...original, id: 'wire-copy', title: '券商线上开户数增长' };
  return createApp({ index: buildIndex([...articles, copy]), config: testConfig() });
}

describe('GET /api/search with collapse', () => {
  it('returns the copy as similar_ids of its original, clusters, and total counting both, when collapse=1', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', collapse: 1 }).expect(200);
    expect([res.body.total, res.body.clusters, res.body.hits.length]).toEqual([7, 6, 6]);
    expect(res.body.hits.map((hit: { id: string; similar: number; similar_ids: string[] }) => [hit.id, hit.similar, hit.similar_ids])).toContainEqual([ORIGINAL, 1, ['wire-copy']]);
    expect(res.body.hits.map((hit: { id: string }) => hit.id)).not.toContain('wire-copy');
  });

  it('returns both copies and no clusters when collapse is not set', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券' }).expect(200);
    expect([res.body.total, res.body.clusters, res.body.hits.length]).toEqual([7, undefined, 7]);
  });

  it('answers 400 naming collapse when it is not a flag', async () => {
    const res = await request(await app()).get('/api/search').query({ q: '海通证券', collapse: 2 }).expect(400);
    expect(res.body).toEqual({ error: { code: 'invalid_parameter', message: 'invalid parameter collapse: must be 0, 1, true or false (got "2")' } });
  });
});

describe('POST /api/search/bulk with collapse', () => {
  it('collapses every entry when collapse is shared, and only its own when an entry sets it', async () => {
    const res = await request(await app())
      .post('/api/search/bulk')
      .send({ queries: ['海通证券', { q: '海通证券', collapse: false }], collapse: true })
      .expect(200);
    const [collapsed, plain] = res.body.results;
    expect([collapsed.total, collapsed.clusters, collapsed.hits.length, plain.total, plain.clusters, plain.hits.length]).toEqual([7, 6, 6, 7, undefined, 7]);
  });
});
