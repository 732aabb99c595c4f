import type { Article } from '../corpus/article';
import { normalizeDate, normalizeLabels } from '../corpus/fields';
import { htmlToText } from '../corpus/html-to-text';
import { parseArticle } from '../corpus/parse-article';
import { JiansuoError } from '../errors';
import type { ApiSchemas } from './schemas';
import { validate } from './validate';

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
  const date = input.date === undefined || input.date === null ? null : normalizeDate(input.date, utcOffsetMinutes);
  if (input.date && date === null) {
    throw new JiansuoError('invalid_document', `date "${input.date}" is not a date such as "2022-03-29 10:56:11 +0800"`);
  }
  const text = input.html !== undefined ? htmlToText(input.html) : (input.text ?? '').replace(/\r\n?/g, '\n').trim();
  const article: Article = {
    id,
    title: input.title.trim(),
    date,
    categories: normalizeLabels(input.categories),
    tags: normalizeLabels(input.tags),
    url: input.url ?? null,
    text,
  };
  if (article.title === '' && article.text === '') throw new JiansuoError('invalid_document', 'no title and no body text');
  return article;
}
