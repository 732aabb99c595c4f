import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { buildIndex, buildIndexData } from '../../src/index/build';
import { writeIndex } from '../../src/index/index-folder';
import { readIndex } from '../../src/index/read-index';
import { replayWrites, WriteLog } from '../../src/index/write-log';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from './helpers';

const TOKEN = 'test-admin-token-0123456789';
const AUTH = `Bearer ${TOKEN}`;

const MARKDOWN = [
  '---',
  'title: 海通证券发布新一代交易系统',
  'date: 2024-10-08 09:00:00 +0800',
  'categories: securities',
  'tags: [证券]',
  '---',
  '<p>海通证券今日发布新一代极速交易系统，支持7*24小时委托。</p>',
  '',
  '<https://finance.example.com/news/new-1.html>',
].join('\n');

async function writableApp(adminToken: string | null = TOKEN) {
  const index = buildIndex(await sampleArticles());
  return { index, app: createApp({ index, config: testConfig({ adminToken }) }) };
}

describe('PUT /api/docs/:id', () => {
  it('adds a Markdown article visible to the next search and answers 201 when the id is new', async () => {
    const { app } = await writableApp();
    const put = await request(app).put('/api/docs/new-1').set('Authorization', AUTH).set('Content-Type', 'text/markdown').send(MARKDOWN).expect(201);
    expect(put.body).toEqual({ id: 'new-1', created: true });
    const search = await request(app).get('/api/search').query({ q: '海通证券', sort: 'date', limit: 1 }).expect(200);
    expect(search.body.total).toBe(7);
    expect(search.body.hits[0]).toMatchObject({ id: 'new-1', date: '2024-10-08T09:00:00+08:00', url: 'https://finance.example.com/news/new-1.html', tags: ['证券'] });
  });

  it('replaces an article from JSON and answers 200 when the id exists', async () => {
    const { app } = await writableApp();
    const id = '2021-12-10-202112100915022210';
    const put = await request(app)
      .put(`/api/docs/${id}`)
      .set('Authorization', AUTH)
      .send({ title: '人民币汇率述评', date: '2021-12-10 09:15:02 +0800', categories: ['macro'], tags: '宏观', html: '<p>人民币汇率保持&amp;稳定。</p>' })
      .expect(200);
    expect(put.body).toEqual({ id, created: false });
    const doc = await request(app).get(`/api/docs/${id}`).expect(200);
    expect(doc.body).toEqual({ id, title: '人民币汇率述评', date: '2021-12-10T09:15:02+08:00', url: null, categories: ['macro'], tags: ['宏观'], text: '人民币汇率保持&稳定。' });
    const stats = await request(app).get('/api/stats').expect(200);
    expect([stats.body.documents, stats.body.writes_applied]).toEqual([32, 1]);
  });

  it('answers 401 with WWW-Authenticate when the token is missing', async () => {
    const { app } = await writableApp();
    const res = await request(app).put('/api/docs/x').set('Content-Type', 'text/markdown').send(MARKDOWN).expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body.error).toEqual({ code: 'unauthorized', message: 'unauthorized: send the admin token as "Authorization: Bearer <token>"' });
  });

  it('answers 403 when the token is wrong', async () => {
    const { app, index } = await writableApp();
    const res = await request(app).put('/api/docs/x').set('Authorization', 'Bearer nope').set('Content-Type', 'text/markdown').send(MARKDOWN).expect(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'forbidden: the bearer token is wrong' });
    expect(index.docNumber('x')).toBeUndefined();
  });

  it('answers 403 saying why when JIANSUO_ADMIN_TOKEN is unset', async () => {
    const { app } = await writableApp(null);
    const res = await request(app).put('/api/docs/x').set('Authorization', AUTH).set('Content-Type', 'text/markdown').send(MARKDOWN).expect(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'forbidden: writes are disabled because JIANSUO_ADMIN_TOKEN is unset' });
  });

  it('answers 400 when the Markdown has no front matter', async () => {
    const { app } = await writableApp();
    const res = await request(app).put('/api/docs/x').set('Authorization', AUTH).set('Content-Type', 'text/markdown').send('<p>正文</p>').expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_document', message: 'invalid document: no front matter: the file must start with a "---" line' });
  });

  it('answers 400 naming the field when the JSON article is malformed', async () => {
    const { app } = await writableApp();
    const res = await request(app).put('/api/docs/x').set('Authorization', AUTH).send({ title: 5, url: 'ftp://x' }).expect(400);
    expect(res.body.error.message).toBe('invalid parameter title: must be a string (got 5); url: must be an http(s) URL (got "ftp://x")');
    const both = await request(app).put('/api/docs/x').set('Authorization', AUTH).send({ title: 't', html: '<p>a</p>', text: 'a' }).expect(400);
    expect(both.body.error.message).toBe('invalid document: give the body as "html" or as "text", not both');
  });

  it('answers 400 when the id holds a slash or spaces', async () => {
    const { app } = await writableApp();
    const res = await request(app).put('/api/docs/a%20b').set('Authorization', AUTH).send({ title: 't', text: 'x' }).expect(400);
    expect(res.body.error.message).toBe('invalid parameter id: must be 1 to 200 characters without slashes, spaces or control characters (got "a b")');
  });

  it('answers 415 when the body is neither Markdown nor JSON', async () => {
    const { app } = await writableApp();
    const res = await request(app).put('/api/docs/x').set('Authorization', AUTH).set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });

  it('answers 429 when a client writes more than the rate limit', async () => {
    const config = testConfig({ adminToken: TOKEN });
    const app = createApp({ index: buildIndex(await sampleArticles()), config: { ...config, limits: { ...config.limits, writesPerWindow: 1 } } });
    await request(app).put('/api/docs/x').set('Authorization', AUTH).send({ title: 't', text: 'x' }).expect(201);
    const res = await request(app).put('/api/docs/x').set('Authorization', AUTH).send({ title: 't', text: 'x' }).expect(429);
    expect(res.body.error.message).toBe('too many requests: at most 1 writes per 60 s from one client; retry later');
  });
});

describe('DELETE /api/docs/:id', () => {
  it('removes the article from searches and documents when the token is right', async () => {
    const { app } = await writableApp();
    const id = '2022-04-15-202204152018033627';
    await request(app).delete(`/api/docs/${id}`).set('Authorization', AUTH).expect(200, { id, deleted: true });
    await request(app).get(`/api/docs/${id}`).expect(404);
    const search = await request(app).get('/api/search').query({ q: '海通证券' }).expect(200);
    expect(search.body.total).toBe(5);
  });

  it('answers 404 when the id does not exist', async () => {
    const { app } = await writableApp();
    const res = await request(app).delete('/api/docs/missing').set('Authorization', AUTH).expect(404);
    expect(res.body.error.message).toBe('not found: no document with id "missing"');
  });

  it('answers 401 when the token is missing', async () => {
    const { app } = await writableApp();
    await request(app).delete('/api/docs/2022-04-15-202204152018033627').expect(401);
  });
});

describe('createApp with an index folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jiansuo-writes-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps writes across a restart when the write log is replayed', async () => {
    const indexDir = path.join(dir, 'index');
    await writeIndex(indexDir, buildIndexData(await sampleArticles()).data, { corpusPath: 'corpus', fingerprint: 'f', filesSeen: 32, rejected: 0, utcOffsetMinutes: 480, buildMs: 1 });
    const config = testConfig({ adminToken: TOKEN, indexDir });

    const first = await readIndex(indexDir);
    const writes = new WriteLog(indexDir);
    const before = createApp({ index: first.index, manifest: first.manifest, indexDir, writes, config });
    await request(before).put('/api/docs/new-1').set('Authorization', AUTH).set('Content-Type', 'text/markdown').send(MARKDOWN).expect(201);
    await request(before).delete('/api/docs/2022-04-15-202204152018033627').set('Authorization', AUTH).expect(200);
    await writes.close();
    expect((await readFile(path.join(indexDir, 'writes.log'), 'utf8')).split('\n').map((line) => line.slice(0, 14))).toEqual([
      '{"op":"put","a',
      '{"op":"delete"',
      '',
    ]);

    const second = await readIndex(indexDir);
    expect(await replayWrites(second.index, indexDir)).toEqual({ applied: 2, tornLine: null });
    const after = createApp({ index: second.index, manifest: second.manifest, indexDir, config });
    const doc = await request(after).get('/api/docs/new-1').expect(200);
    expect(doc.body.title).toBe('海通证券发布新一代交易系统');
    await request(after).get('/api/docs/2022-04-15-202204152018033627').expect(404);
    const search = await request(after).get('/api/search').query({ q: '海通证券' }).expect(200);
    expect(search.body.total).toBe(6);
    const stats = await request(after).get('/api/stats').expect(200);
    expect(stats.body).toMatchObject({ documents: 32, built_at: second.manifest.builtAt, corpus_path: 'corpus', corpus_fingerprint: 'f' });
    expect(stats.body.index_bytes).toBeGreaterThan(0);
  });
});
