import { stripFooter } from '../../src/corpus/footer';

describe('stripFooter', () => {
  it('returns the body without source link and navigation lines when the post has both', () => {
    expect(stripFooter('正文。\n\n<http://finance.eastmoney.com/a.html>\n\n[返回首页](../)')).toEqual({
      body: '正文。\n\n',
      url: 'http://finance.eastmoney.com/a.html',
    });
  });

  it('returns the body unchanged and url null when the post has no footer', () => {
    expect(stripFooter('<p>正文</p>\n<p>第二段</p>')).toEqual({ body: '<p>正文</p>\n<p>第二段</p>', url: null });
  });

  it('returns a line kept when it mentions 返回 but is not only navigation links', () => {
    expect(stripFooter('[返回首页](../) 之后的正文\n')).toEqual({ body: '[返回首页](../) 之后的正文\n', url: null });
  });

  it('returns a link kept as text when it is not http(s)', () => {
    expect(stripFooter('正文\n<ftp://a.cn/x>')).toEqual({ body: '正文\n<ftp://a.cn/x>', url: null });
  });

  it("returns the href when the link is an <a> element with single quotes and other attributes", () => {
    expect(stripFooter("正文\n<a class='src' href='https://a.cn/x' target='_blank'>来源</a>")).toEqual({
      body: '正文',
      url: 'https://a.cn/x',
    });
  });
});
