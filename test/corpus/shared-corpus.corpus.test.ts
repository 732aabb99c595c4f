import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Article, LoadReport } from '../../src/corpus/article';
import { loadCorpus } from '../../src/corpus/load-corpus';

/** The real corpus: JIANSUO_CORPUS, or `../shared/corpus` next to the repository. */
const CORPUS = process.env.JIANSUO_CORPUS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Article files in the shared corpus, per its MANIFEST (149 finews posts + the seed article + 24,096 cctv_news). */
const CANDIDATE_FILES = 24_246;

/** An HTML tag with an ASCII name; Chinese in angle brackets (`<证券法>`, `Ct值<35`, `1+1>2`) is text. */
const HTML_TAG = /<\/?[a-z][a-z0-9]*[\s>/]/i;
const HTML_ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/i;

describe('loadCorpus (shared corpus)', () => {
  let report: LoadReport;
  let byId: Map<string, Article>;

  beforeAll(async () => {
    if (!fs.existsSync(CORPUS)) {
      throw new Error(`shared corpus not found at ${CORPUS}: set JIANSUO_CORPUS to the corpus folder`);
    }
    const started = process.hrtime.bigint();
    report = await loadCorpus(CORPUS);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`loaded ${report.filesSeen} files (${report.articles.length} articles) from ${CORPUS} in ${ms.toFixed(0)} ms`);
    byId = new Map(report.articles.map((article) => [article.id, article]));
  }, 120_000);

  it('returns every candidate file as an article and rejects none', () => {
    expect(report.rejected).toEqual([]);
    expect([report.filesSeen, report.articles.length, report.paths.length]).toEqual([
      CANDIDATE_FILES,
      CANDIDATE_FILES,
      CANDIDATE_FILES,
    ]);
  });

  it('returns no title or text with an HTML tag or entity in it', () => {
    const leaks = report.articles
      .filter(({ title, text }) => [title, text].some((s) => HTML_TAG.test(s) || HTML_ENTITY.test(s)))
      .map(({ id }) => id);
    expect(leaks).toEqual([]);
  });

  it('returns the HTML article with date null, an empty title and its text', () => {
    const article = byId.get('-202205262391921712') as Article;
    expect(article).toMatchObject({ title: '', date: null, url: null, categories: ['emnews'] });
    expect(article.text.startsWith('据霍尼韦尔官网消息，5月24日，')).toBe(true);
    expect(article.text).toContain('据了解，《<蒙特利尔议定书>基加利修正案》');
    expect(article.text.endsWith('（文章来源：上海证券报）')).toBe(true);
  });

  it('returns the real title when the file has a blank line before its front matter', () => {
    expect(byId.get('2021-12-08-202112082206703990')).toMatchObject({
      title: 'FF：有充足的现金支持到FF 91完成投产',
      date: '2021-12-08T10:18:31+08:00',
      url: 'http://stock.eastmoney.com/news/1611,202112082206703990.html',
    });
  });

  it('returns empty text and the title when the item has an empty body', () => {
    expect(byId.get('VIDEUZK0Ccdq1W7dec1nLdLo220804')).toMatchObject({
      title: '日本东京民众集会反对核污水排海设施开工',
      text: '',
      url: 'https://tv.cctv.com/2022/08/04/VIDEUZK0Ccdq1W7dec1nLdLo220804.shtml',
    });
  });

  it('returns text with NBSP and U+200C kept for the analyzer to handle', () => {
    expect(report.articles.some(({ text }) => text.includes('\u00a0'))).toBe(true);
    expect(report.articles.filter(({ text }) => text.includes('\u200c')).length).toBe(7);
  });

  it('returns text without site navigation or source links', () => {
    const footers = report.articles.filter(({ text }) => /withounder|\]\(\.\.\/|<https?:|^<>$/m.test(text)).map(({ id }) => id);
    expect(footers).toEqual([]);
  });

  it('returns a source URL for every article but the two with an empty "<>" link', () => {
    const withoutUrl = report.articles.filter(({ url }) => url === null).map(({ id }) => id);
    expect(withoutUrl).toEqual(['-202205262391921712', '2021-12-08-202112082206870651']);
  });

  it('returns a date with +08:00 for every article but the one without a date', () => {
    const odd = report.articles.filter(({ date }) => date === null || !date.endsWith('+08:00')).map(({ id }) => id);
    expect(odd).toEqual(['-202205262391921712']);
  });
});
