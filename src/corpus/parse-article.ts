import matter from 'gray-matter';
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import type { Article, RejectReason } from './article';
import { decodeArticleBytes } from './decode';
import { articleOf, DEFAULT_UTC_OFFSET_MINUTES } from './fields';
import { stripFooter } from './footer';
import { htmlToText } from './html-to-text';

/** How article files are read. */
export interface ParseArticleOptions {
  /** UTC offset, in minutes, of dates written without one: the corpus time zone (480 = +08:00). */
  utcOffsetMinutes: number;
}

export const defaultParseArticleOptions: ParseArticleOptions = {
  utcOffsetMinutes: DEFAULT_UTC_OFFSET_MINUTES,
};

/** An article, or why the file is not one. */
export type ParseOutcome =
  | { ok: true; article: Article }
  | { ok: false; reason: RejectReason; message: string };

/**
 * The failsafe schema keeps every scalar as written: dates stay strings (no UTC `Date` that loses
 * the offset), and titles such as `600837` or `1.10` are not turned into numbers. `json` lets a
 * repeated key win over the earlier one, as in Jekyll, instead of failing. Passing options also
 * keeps gray-matter from caching results by input, which would share objects between calls.
 */
const FRONT_MATTER_OPTIONS = {
  engines: { yaml: (source: string): object => load(source, { schema: FAILSAFE_SCHEMA, json: true }) as object },
};

const LEADING_BLANK_LINES = /^(?:[\t ]*\n)+/;
const OPENING_DELIMITER = /^---[\t ]*\n/;

/**
 * Reads one corpus file — YAML front matter and an HTML or Markdown body — into an {@link Article},
 * or says why it cannot be indexed. Pure: no I/O, never throws.
 *
 * Given bytes, it refuses binary files and other encodings than UTF-8. A BOM, CRLF line ends and
 * blank lines before the opening `---` are accepted (Jekyll would skip the front matter after a
 * blank line; the author clearly meant it). An article with a title and an empty body is indexed;
 * only one with neither is rejected. A missing or unreadable date gives `date: null`, not a rejection.
 *
 * @example
 * const outcome = parseArticle('a1', '---\ntitle: 海通证券\ndate: 2021-12-08 10:18:31\n---\n正文\n\n<https://x.cn/a1>');
 * // outcome.ok === true, outcome.article: { id: 'a1', title: '海通证券',
 * //   date: '2021-12-08T10:18:31+08:00', categories: [], tags: [], url: 'https://x.cn/a1', text: '正文' }
 */
export function parseArticle(
  id: string,
  raw: string | Uint8Array,
  options: Partial<ParseArticleOptions> = {},
): ParseOutcome {
  const { utcOffsetMinutes } = { ...defaultParseArticleOptions, ...options };
  const decoded = decodeArticleBytes(typeof raw === 'string' ? Buffer.from(raw) : raw);
  if (!decoded.ok) return decoded;

  const source = decoded.text.replace(/\r\n?/g, '\n').replace(LEADING_BLANK_LINES, '');
  if (source.trim() === '') return reject('empty-body', 'empty file');
  if (!OPENING_DELIMITER.test(source)) {
    return reject('no-front-matter', 'no front matter: the file must start with a "---" line');
  }
  if (source.indexOf('\n---', 3) === -1) {
    return reject('no-front-matter', 'no front matter: the opening "---" line is never closed by another "---" line');
  }

  let data: unknown;
  let content: string;
  try {
    ({ data, content } = matter(source, FRONT_MATTER_OPTIONS));
  } catch (error) {
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0].replace(/:$/, '');
    return reject('invalid-yaml', `invalid YAML in front matter: ${firstLine}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return reject('invalid-yaml', 'invalid YAML in front matter: expected "key: value" lines');
  }
  const { body, url } = stripFooter(content);
  const article = articleOf(id, data as Record<string, unknown>, { text: htmlToText(body), url }, utcOffsetMinutes);
  if (article === null) return reject('empty-body', 'empty article: no title and no body text');
  return { ok: true, article };
}

function reject(reason: RejectReason, message: string): ParseOutcome {
  return { ok: false, reason, message };
}
