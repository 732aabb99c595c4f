import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { decodeHTML } from 'entities';
import type { Express } from 'express';
import request from 'supertest';
import type { Article } from '../../src/corpus/article';
import { parseArticle } from '../../src/corpus/parse-article';
import { readIndex } from '../../src/index/read-index';
import { createApp } from '../../src/server/app';
import { sampleArticles, testConfig } from '../server/helpers';
import { limitsWith, removeDir, tempDir, writeSampleIndex } from './helpers';

const TOKEN = 'injection-test-token';
const PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '"><svg onload=alert(1)>', "'><iframe src=javascript:alert(1)>"];

/** A corpus file whose title and body carry every payload as text (entities in the body, so they survive as text). */
const CORPUS_FILE = [
  '---',
  `title: '注入测试 ${PAYLOADS.join(' ').replace(/'/g, "''")}'`,
  'date: 2024-09-30 10:00:00 +0800',
  'categories: policy',
  '---',
  `<p>注入测试正文 ${PAYLOADS.map((payload) => payload.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).join(' ')}</p>`,
  '<p>一段真的脚本：<script>alert(2)</script><a href="javascript:alert(3)">点此链接</a>，一张图<img src=x onerror=alert(4)>。</p>',
  '',
  '<javascript:alert(5)>',
].join('\n');

function articleOf(markdown: string, id: string): Article {
  const outcome = parseArticle(id, markdown);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.article;
}

/**
 * Checks one HTML field: only `<mark>`/`</mark>` tags, balanced; nothing else that HTML would
 * read as markup; and, unescaped, the original text it was drawn from.
 */
function expectSafeHtml(html: string, original: string): void {
  const withoutMarks = html.replace(/<\/?mark>/g, '');
  expect(withoutMarks).not.toMatch(/[<>"']/);
  expect(html.match(/<mark>/g)?.length ?? 0).toBe(html.match(/<\/mark>/g)?.length ?? 0);
  // Snippets show paragraph breaks as spaces.
  const flat = original.replace(/\n/g, ' ');
  for (const fragment of decodeHTML(withoutMarks).split(' … ')) expect(flat).toContain(fragment.replace(/^…|…$/g, ''));
}

describe('injection through article text', () => {
  let dir: string;
  let app: Express;
  beforeAll(async () => {
    dir = tempDir('injection');
    await writeSampleIndex(path.join(dir, 'index'));
    const { index } = await readIndex(path.join(dir, 'index'));
    index.upsert(articleOf(CORPUS_FILE, 'xss-file'));
    app = createApp({ index, config: testConfig({ adminToken: TOKEN, limits: limitsWith({ writesPerWindow: 1000 }) }), indexDir: path.join(dir, 'index') });
  });
  afterAll(() => removeDir(dir));

  it('returns the payload title escaped with only <mark> added when the query matches the title', async () => {
    const res = await request(app).get('/api/search').query({ q: '注入测试' }).expect(200);
    expect(res.body.hits.map((hit: { id: string }) => hit.id)).toEqual(['xss-file']);
    expect(res.body.hits[0].title_html).toBe(
      '<mark>注入测试</mark> &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; javascript:alert(1) &quot;&gt;&lt;svg onload=alert(1)&gt; &#39;&gt;&lt;iframe src=javascript:alert(1)&gt;',
    );
  });

  it('keeps real <script> and <img> out of the text and the javascript: footer out of url when the corpus file holds them', async () => {
    const res = await request(app).get('/api/docs/xss-file').expect(200);
    expect(res.body.url).toBeNull();
    expect(res.body.text).toBe(`注入测试正文 ${PAYLOADS.join(' ')}\n一段真的脚本：点此链接，一张图。`);
  });

  it('returns every title_html and snippet_html escaped when the query is a payload or part of one', async () => {
    const original = (await request(app).get('/api/docs/xss-file')).body as { title: string; text: string };
    for (const q of ['注入测试', 'script', 'alert', 'onerror', '"<script>"', '><svg', 'svg onload', 'javascript', 'iframe', '注入测试 OR alert(1)']) {
      const res = await request(app).get('/api/search').query({ q, snippets: 5 });
      expect([q, res.status]).toEqual([q, 200]);
      expect([q, res.body.total]).toEqual([q, 1]);
      for (const hit of res.body.hits as Array<{ title_html: string; snippet_html: string }>) {
        expectSafeHtml(hit.title_html, original.title);
        expectSafeHtml(hit.snippet_html, original.text);
      }
    }
  });

  it('returns the payloads escaped when they arrive through PUT /api/docs/:id as JSON text', async () => {
    const title = `标题 ${PAYLOADS.join(' ')}`;
    const text = `正文 ${PAYLOADS.join('\n')}`;
    await request(app).put('/api/docs/xss-put').set('Authorization', `Bearer ${TOKEN}`).send({ title, text }).expect(201);
    const res = await request(app).get('/api/search').query({ q: 'onload', snippets: 5 }).expect(200);
    const hit = (res.body.hits as Array<{ id: string; title_html: string; snippet_html: string }>).find((h) => h.id === 'xss-put');
    expect(hit?.title_html).toBe(
      '标题 &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt; javascript:alert(1) &quot;&gt;&lt;svg <mark>onload</mark>=alert(1)&gt; &#39;&gt;&lt;iframe src=javascript:alert(1)&gt;',
    );
    expectSafeHtml(hit!.snippet_html, text);
  });

  it('returns 400 and stores nothing when a PUT gives a javascript: url', async () => {
    const res = await request(app).put('/api/docs/xss-url').set('Authorization', `Bearer ${TOKEN}`).send({ title: '链接', text: '正文', url: 'javascript:alert(1)' });
    expect([res.status, res.body.error]).toEqual([400, { code: 'invalid_parameter', message: 'invalid parameter url: must be an http(s) URL (got "javascript:alert(1)")' }]);
    await request(app).get('/api/docs/xss-url').expect(404);
  });

  it('returns url null when a Markdown PUT ends with a javascript: link line', async () => {
    await request(app).put('/api/docs/xss-md').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'text/markdown').send(CORPUS_FILE).expect(201);
    expect((await request(app).get('/api/docs/xss-md').expect(200)).body.url).toBeNull();
  });
});

describe('path traversal', () => {
  let dir: string;
  let app: Express;
  const SECRET = 'jiansuo-secret-outside-the-index';
  beforeAll(async () => {
    dir = tempDir('traversal');
    await writeSampleIndex(path.join(dir, 'index'));
    // Files next to and above the index that a traversal would reach.
    writeFileSync(path.join(dir, 'secret'), SECRET);
    writeFileSync(path.join(dir, 'secret.md'), `---\ntitle: ${SECRET}\n---\n${SECRET}`);
    const { index } = await readIndex(path.join(dir, 'index'));
    app = createApp({ index, config: testConfig(), indexDir: path.join(dir, 'index') });
    expect((await sampleArticles()).length).toBe(index.size);
  });
  afterAll(() => removeDir(dir));

  it.each([
    ['/api/docs/../../etc/passwd', 404, 'not_found'],
    ['/api/docs/..%2f..%2fetc%2fpasswd', 400, 'invalid_parameter'],
    ['/api/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 400, 'invalid_parameter'],
    ['/api/docs/%2e%2e%2fsecret', 400, 'invalid_parameter'],
    ['/api/docs/..%5csecret', 400, 'invalid_parameter'],
    ['/api/docs/%2e%2e', 404, 'not_found'],
    ['/api/docs/..', 404, 'not_found'],
    ['/api/docs/secret', 404, 'not_found'],
    ['/api/docs/CURRENT', 404, 'not_found'],
    ['/api/docs/writes.log', 404, 'not_found'],
    ['/..%2f..%2f..%2fetc%2fpasswd', 404, 'not_found'],
    ['/%2e%2e/%2e%2e/%2e%2e/etc/passwd', 404, 'not_found'],
    ['/..%2fpackage.json', 404, 'not_found'],
    ['/%2e%2e%2f%2e%2e%2fsecret', 404, 'not_found'],
    ['/../../package.json', 404, 'not_found'],
    ['/index.html%00.json', 404, 'not_found'],
  ])('returns %s → %i %s and no file content when the path climbs out', async (url, status, code) => {
    const res = await request(app).get(url);
    expect([res.status, res.type, res.body.error?.code]).toEqual([status, 'application/json', code]);
    expect(res.text).not.toContain(SECRET);
    expect(res.text).not.toContain('root:');
    expect(res.text).not.toContain('"devDependencies"');
  });
});
