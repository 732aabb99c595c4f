import type { Article } from '../corpus/article';
import { articleOf, normalizeDate } from '../corpus/fields';
import { htmlToText } from '../corpus/html-to-text';
import { parseArticle } from '../corpus/parse-article';
import { JiansuoError } from '../errors';
import type { ApiSchemas } from '../api/schemas';
import { validate } from '../api/validate';

/**
 * An article from a `text/markdown` body: front matter and an HTML body, read exactly as a
 * corpus file would be (the trailing `<https://…>` line is its source URL).
 *
 * @example articleFromMarkdown('a1', '---\ntitle: 海通证券\n---\n<p>正文</p>').title // '海通证券'
 */
export function articleFromMarkdown(id: string, markdown: string, utcOffsetMinutes: number): Article {
  const outcome = parseArticle(id, markdown, { utcOffsetMinutes });
  if (!outcome.ok) throw new JiansuoError('invalid_document', outcome.message);
  return outcome.article;
}

/**
 * An article from an `application/json` body `{ title, date, categories, tags, url, html | text }`.
 * `html` is turned into text as corpus bodies are; `text` is taken as it is.
 *
 * @example articleFromJson('a1', { title: '海通证券', text: '正文' }, schemas, 480).text // '正文'
 */
export function articleFromJson(id: string, body: unknown, schemas: ApiSchemas, utcOffsetMinutes: number): Article {
  const input = validate(schemas.documentJson, body);
  if (input.html !== undefined && input.text !== undefined) {
    throw new JiansuoError('invalid_document', 'give the body as "html" or as "text", not both');
  }
  // A write is told of a date it gave that cannot be read; a corpus file's is only left out.
  if (input.date && normalizeDate(input.date, utcOffsetMinutes) === null) {
    throw new JiansuoError('invalid_document', `date "${input.date}" is not a date such as "2022-03-29 10:56:11 +0800"`);
  }
  const text = input.html !== undefined ? htmlToText(input.html) : (input.text ?? '').replace(/\r\n?/g, '\n').trim();
  const article = articleOf(id, input, { text, url: input.url ?? null }, utcOffsetMinutes);
  if (article === null) throw new JiansuoError('invalid_document', 'no title and no body text');
  return article;
}
