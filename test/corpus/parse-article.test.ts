import type { Article } from '../../src/corpus/article';
import { parseArticle, type ParseOutcome } from '../../src/corpus/parse-article';

/** A corpus file with the given front-matter lines and body. */
const post = (frontMatter: string, body: string): string => `---\n${frontMatter}\n---\n${body}`;

/** The article of a file that must parse. */
function articleOf(raw: string | Uint8Array, options?: Parameters<typeof parseArticle>[2]): Article {
  const outcome = parseArticle('doc', raw, options);
  if (!outcome.ok) throw new Error(`expected an article, got ${outcome.reason}: ${outcome.message}`);
  return outcome.article;
}

const FINEWS_POST = `---
layout: post
title: "离岸人民币兑美元升至2018年以来最高水平"
date: 2021-12-08 10:46:18
categories: emnews
tags: 东财滚动新闻
---

离岸人民币兑美元升至6.3512，为2018年以来最高水平。

<http://finance.eastmoney.com/news/11060,202112082206672930.html>

[返回东财滚动新闻](../emnews/)
[返回首页](../)`;

const FINEWS_ARTICLE: Article = {
  id: 'doc',
  title: '离岸人民币兑美元升至2018年以来最高水平',
  date: '2021-12-08T10:46:18+08:00',
  categories: ['emnews'],
  tags: ['东财滚动新闻'],
  url: 'http://finance.eastmoney.com/news/11060,202112082206672930.html',
  text: '离岸人民币兑美元升至6.3512，为2018年以来最高水平。',
};

describe('parseArticle', () => {
  it('returns the article when the file is a finews post with a source link and navigation', () => {
    expect(parseArticle('doc', FINEWS_POST)).toEqual({ ok: true, article: FINEWS_ARTICLE });
  });

  it('returns the article when the file is a cctv_news post with HTML paragraphs', () => {
    const raw = post(
      'layout: post\ntitle: "长三角区域外贸创新高"\ndate: 2025-02-04 21:00:00 +0800\ncategories: xinwenlianbo\ntags: 新闻联播',
      '<p><strong>央视网消息</strong>（新闻联播）：海关最新数据显示&#x3000;创新高。</p>\n <p>据&lt;统计&gt;，增长5.6%。\u00a0</p>\n\n<https://tv.cctv.com/2025/02/04/VIDE00Fb8tZtX37PFOkBV9Rf250204.shtml>\n',
    );
    expect(articleOf(raw)).toEqual({
      id: 'doc',
      title: '长三角区域外贸创新高',
      date: '2025-02-04T21:00:00+08:00',
      categories: ['xinwenlianbo'],
      tags: ['新闻联播'],
      url: 'https://tv.cctv.com/2025/02/04/VIDE00Fb8tZtX37PFOkBV9Rf250204.shtml',
      text: '央视网消息（新闻联播）：海关最新数据显示\u3000创新高。\n据<统计>，增长5.6%。\u00a0',
    });
  });

  it.each([
    ['2022-03-29 10:56:11 +0800', '2022-03-29T10:56:11+08:00'],
    ['2021-12-08 10:18:31', '2021-12-08T10:18:31+08:00'],
    ['2022-05-26', '2022-05-26T00:00:00+08:00'],
    ['2022-5-6 9:05', '2022-05-06T09:05:00+08:00'],
    ['2022-03-29T02:56:11Z', '2022-03-29T02:56:11+00:00'],
    ['2022-03-29T10:56:11.250+08:00', '2022-03-29T10:56:11+08:00'],
    ['2022-03-29 10:56:11 -0500', '2022-03-29T10:56:11-05:00'],
    ['"2024-02-29 08:00:00 +0800"', '2024-02-29T08:00:00+08:00'],
    [' +0800', null],
    ['', null],
    ['2022-02-30', null],
    ['2022-03-29 24:00:00', null],
    ['2022-03-29 10:56:11 +2500', null],
    ['yesterday', null],
    ['[2022-03-29]', null],
  ])('returns date %j as %j', (written, expected) => {
    expect(articleOf(post(`title: t\ndate: ${written}`, '正文')).date).toBe(expected);
  });

  it('returns date null when the front matter has no date', () => {
    expect(articleOf(post('title: t', '正文')).date).toBeNull();
  });

  it('returns the date in the configured time zone when the date has no offset', () => {
    expect(articleOf(post('date: 2021-12-08 10:18:31', '正文'), { utcOffsetMinutes: -150 }).date).toBe(
      '2021-12-08T10:18:31-02:30',
    );
  });

  it('returns space-separated names when categories and tags are strings', () => {
    const article = articleOf(post('categories: emnews  财经 emnews\ntags: " 东财滚动新闻 "', '正文'));
    expect([article.categories, article.tags]).toEqual([['emnews', '财经'], ['东财滚动新闻']]);
  });

  it('returns one name per item when categories and tags are lists', () => {
    const article = articleOf(post('categories: [a, b, a, ""]\ntags:\n  - 新闻 联播\n  - 2022\n  - ["nested"]', '正文'));
    expect([article.categories, article.tags]).toEqual([['a', 'b'], ['新闻 联播', '2022']]);
  });

  it('returns no names when categories and tags are empty or missing', () => {
    const article = articleOf(post('categories:\ntitle: t', '正文'));
    expect([article.categories, article.tags]).toEqual([[], []]);
  });

  it('returns the title as written when it looks like a number or has spaces around it', () => {
    expect(articleOf(post('title: 1.10', '正文')).title).toBe('1.10');
    expect(articleOf(post('title: 600837', '正文')).title).toBe('600837');
    expect(articleOf(post('title: "  海通證券 "', '正文')).title).toBe('海通證券');
  });

  it('returns the title of the last one when a key is repeated, as Jekyll does', () => {
    expect(articleOf(post('title: 旧\ntitle: 新', '正文')).title).toBe('新');
  });

  it('returns url and text without the link when the source link is a Markdown link', () => {
    const article = articleOf(post('title: t', '正文\n\n[查看原文](https://tv.cctv.com/2022/01/01/VIDEa.shtml)\n'));
    expect([article.url, article.text]).toEqual(['https://tv.cctv.com/2022/01/01/VIDEa.shtml', '正文']);
  });

  it('returns the decoded href when the source link is an <a> element', () => {
    const article = articleOf(post('title: t', '<p>正文</p>\n<p><a href="https://x.cn/a?b=1&amp;c=2">原文</a></p>'));
    expect([article.url, article.text]).toEqual(['https://x.cn/a?b=1&c=2', '正文']);
  });

  it('returns the url when the source link is a bare URL line', () => {
    expect(articleOf(post('title: t', '正文\nhttps://x.cn/a\n')).url).toBe('https://x.cn/a');
  });

  it('returns url null when the only links are inside paragraphs', () => {
    const article = articleOf(post('title: t', '<p>见<a href="http://quote.eastmoney.com/unify/r/1.600837">海通证券</a></p>'));
    expect([article.url, article.text]).toEqual([null, '见海通证券']);
  });

  it('returns url null and keeps the line when the link is above the last three non-empty lines', () => {
    const article = articleOf(post('title: t', '<http://a.cn/x>\n\n一\n二\n三'));
    expect([article.url, article.text]).toEqual([null, '一\n二\n三']);
  });

  it('returns the first link when two of the trailing lines are links', () => {
    const article = articleOf(post('title: t', '正文\n<http://a.cn/1>\n<http://a.cn/2>'));
    expect(article.url).toBe('http://a.cn/1');
  });

  it('returns url null and no "<>" in the text when the source link is empty', () => {
    const article = articleOf(post('title: t', '正文\n\n<>\n\n[返回东财滚动新闻](../emnews/)\n[返回首页](../)'));
    expect([article.url, article.text]).toEqual([null, '正文']);
  });

  it('returns text without navigation when the footer links to the site by absolute URL', () => {
    const body =
      '正文，返回市场。\n\n<http://a.cn/x>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)';
    expect(articleOf(post('title: t', body)).text).toBe('正文，返回市场。');
  });

  it('returns text without navigation when the footer links are on separate lines', () => {
    const body = '正文\n\n<http://a.cn/x>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)\n[返回首页](//finews.withounder.com/)';
    expect(articleOf(post('title: t', body))).toMatchObject({ url: 'http://a.cn/x', text: '正文' });
  });

  it('returns the same article when the file starts with a BOM', () => {
    expect(parseArticle('doc', `\uFEFF${FINEWS_POST}`)).toEqual({ ok: true, article: FINEWS_ARTICLE });
    expect(parseArticle('doc', Buffer.from(`\uFEFF${FINEWS_POST}`))).toEqual({ ok: true, article: FINEWS_ARTICLE });
  });

  it('returns the same article when the file has CRLF line ends', () => {
    expect(parseArticle('doc', FINEWS_POST.replace(/\n/g, '\r\n'))).toEqual({ ok: true, article: FINEWS_ARTICLE });
  });

  it('returns the same article when blank lines come before the front matter', () => {
    expect(parseArticle('doc', `\n  \n${FINEWS_POST}`)).toEqual({ ok: true, article: FINEWS_ARTICLE });
  });

  it('returns an article with empty text when the post has a title and no body', () => {
    const raw = post('title: "日本东京民众集会反对核污水排海设施开工"', '\n\n<https://tv.cctv.com/2022/08/04/VIDEUZK.shtml>\n');
    expect(articleOf(raw)).toMatchObject({ title: '日本东京民众集会反对核污水排海设施开工', text: '' });
  });

  it('returns an article with an empty title when the post has a body and no title', () => {
    expect(articleOf(post('title: ""\ndate:  +0800', '> 摘要\n\n<p>正文</p>'))).toMatchObject({
      title: '',
      date: null,
      text: '摘要\n正文',
    });
  });

  it('returns an article when the front matter is empty', () => {
    expect(parseArticle('doc', '---\n---\n正文')).toEqual({
      ok: true,
      article: { id: 'doc', title: '', date: null, categories: [], tags: [], url: null, text: '正文' },
    });
  });

  const rejections: Array<[string, string | Uint8Array, ParseOutcome]> = [
    [
      'the file does not start with "---"',
      '# 标题\n\n正文',
      { ok: false, reason: 'no-front-matter', message: 'no front matter: the file must start with a "---" line' },
    ],
    [
      'the first line is "----"',
      '----\ntitle: t\n---\n正文',
      { ok: false, reason: 'no-front-matter', message: 'no front matter: the file must start with a "---" line' },
    ],
    [
      'the front matter is never closed',
      '---\ntitle: t\n正文',
      {
        ok: false,
        reason: 'no-front-matter',
        message: 'no front matter: the opening "---" line is never closed by another "---" line',
      },
    ],
    [
      'the YAML is invalid',
      '---\ntitle: a: b\n---\n正文',
      {
        ok: false,
        reason: 'invalid-yaml',
        message:
          'invalid YAML in front matter: incomplete explicit mapping pair; a key node is missed; or followed by a non-tabulated empty line at line 2, column 9',
      },
    ],
    [
      'a quoted string is not closed',
      '---\ntitle: "海通\n---\n正文',
      {
        ok: false,
        reason: 'invalid-yaml',
        message: 'invalid YAML in front matter: unexpected end of the stream within a double quoted scalar at line 3, column 1',
      },
    ],
    [
      'the front matter is a list, not "key: value" lines',
      '---\n- a\n- b\n---\n正文',
      { ok: false, reason: 'invalid-yaml', message: 'invalid YAML in front matter: expected "key: value" lines' },
    ],
    [
      'the file holds a NUL byte',
      Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x0a, 0x2d, 0x2d, 0x2d]),
      { ok: false, reason: 'binary', message: 'binary file: contains NUL bytes' },
    ],
    [
      'more than 10% of the bytes are control characters',
      Buffer.concat([Buffer.from('---\ntitle: t\n---\n'), Buffer.alloc(4, 0x1b)]),
      { ok: false, reason: 'binary', message: 'binary file: 19% of the bytes are control characters' },
    ],
    [
      'the text is GBK, not UTF-8',
      Buffer.concat([Buffer.from('---\ntitle: t\n---\n'), Buffer.from([0xba, 0xa3, 0xcd, 0xa8])]),
      {
        ok: false,
        reason: 'invalid-encoding',
        message: 'invalid encoding: line 4 is not UTF-8 (GBK? convert the file to UTF-8)',
      },
    ],
    [
      'a written U+FFFD comes before the bad bytes',
      Buffer.concat([Buffer.from('---\ntitle: \uFFFD\n---\n\n'), Buffer.from([0xff])]),
      {
        ok: false,
        reason: 'invalid-encoding',
        message: 'invalid encoding: line 5 is not UTF-8 (GBK? convert the file to UTF-8)',
      },
    ],
    ['the file is empty', '', { ok: false, reason: 'empty-body', message: 'empty file' }],
    ['the file holds white space only', Buffer.from(' \r\n\n'), { ok: false, reason: 'empty-body', message: 'empty file' }],
    [
      'the post has neither title nor body text',
      '---\ntitle: ""\ndate: 2022-05-26\n---\n\n<https://x.cn/a>\n\n[返回首页](../)',
      { ok: false, reason: 'empty-body', message: 'empty article: no title and no body text' },
    ],
  ];

  it.each(rejections)('returns a rejection when %s', (_case, raw, expected) => {
    expect(parseArticle('doc', raw)).toEqual(expected);
  });

  it('returns a fresh object on every call for the same input', () => {
    const first = articleOf(FINEWS_POST);
    first.categories.push('changed');
    expect(articleOf(FINEWS_POST).categories).toEqual(['emnews']);
  });
});
