import { decodeHTML } from 'entities';

/** The body of a post without its footer, and the source link the footer held. */
export interface BodyWithoutFooter {
  body: string;
  url: string | null;
}

/**
 * Site navigation that Jekyll templates put into posts, in all its forms in the corpus:
 * `[返回东财滚动新闻](../emnews/)`, `[返回首页](../)`,
 * `[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)`.
 */
const NAVIGATION_LINE = /^[\t ]*(?:\[返回[^\]\n]*\]\([^)\s]*\)[\t ]*[｜|]?[\t ]*)+$/;

/** A source link whose URL the feed did not have. */
const EMPTY_LINK_LINE = /^[\t ]*<>[\t ]*$/;

/** How many non-empty lines at the end of a body may hold the source link. */
const TRAILING_LINES = 3;

/** Lines that are a source link and nothing else; the URL is group `url`. */
const SOURCE_LINK_LINES = [
  /^<(?<url>https?:\/\/[^\s<>]+)>$/i,
  /^\[[^\]]*\]\((?<url>https?:\/\/[^\s()]+)\)$/i,
  /^(?:<p>)?<a\s[^>]*?\bhref\s*=\s*(["'])(?<url>https?:\/\/[^"']+)\1[^>]*>[^<]*<\/a>(?:<\/p>)?$/i,
  /^(?<url>https?:\/\/\S+)$/i,
];

/**
 * Removes a news post's footer: navigation lines and empty `<>` links anywhere, and the source link
 * — the first line among the last three non-empty ones that is only an http(s) link, written
 * `<https://…>`, `[查看原文](https://…)`, `<a href="https://…">…</a>` or as a bare URL.
 * Links inside paragraphs are text, not the source: an Eastmoney paragraph links every stock name.
 *
 * @example
 * stripFooter('正文。\n\n<http://finance.eastmoney.com/a.html>\n\n[返回首页](../)');
 * // => { body: '正文。\n\n', url: 'http://finance.eastmoney.com/a.html' }
 */
export function stripFooter(body: string): BodyWithoutFooter {
  const lines = body.split('\n').filter((line) => !NAVIGATION_LINE.test(line) && !EMPTY_LINK_LINE.test(line));
  const trailing: number[] = [];
  for (let i = lines.length - 1; i >= 0 && trailing.length < TRAILING_LINES; i--) {
    if (lines[i].trim() !== '') trailing.unshift(i);
  }
  for (const i of trailing) {
    const url = sourceLinkOf(lines[i].trim());
    if (url !== null) {
      lines.splice(i, 1);
      return { body: lines.join('\n'), url };
    }
  }
  return { body: lines.join('\n'), url: null };
}

function sourceLinkOf(line: string): string | null {
  for (const form of SOURCE_LINK_LINES) {
    const url = form.exec(line)?.groups?.url;
    // Bodies are HTML-escaped, so a query string may read `&amp;`; no real URL contains that.
    if (url !== undefined) return decodeHTML(url);
  }
  return null;
}
