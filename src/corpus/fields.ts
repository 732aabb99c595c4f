import { defaultConfig, utcOffsetMinutes } from '../config';
import type { Article } from './article';

/** UTC offset of the default corpus time zone, in minutes, for dates written without one. */
export const DEFAULT_UTC_OFFSET_MINUTES = utcOffsetMinutes(defaultConfig.timeZone);

/**
 * A front-matter scalar as text: strings as written, numbers and booleans spelled out, anything
 * else (missing, `null`, a list, a mapping) as `''`.
 *
 * @example
 * scalarText(2021); // => '2021'
 * scalarText(undefined); // => ''
 */
export function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/**
 * A Jekyll `categories` or `tags` value as a list: a string holds space-separated names (as Jekyll
 * reads it), a list holds one name per item. Names are trimmed; empty and repeated ones dropped.
 *
 * @example
 * normalizeLabels('emnews 财经 emnews'); // => ['emnews', '财经']
 * normalizeLabels(['新闻 联播', '', 2022]); // => ['新闻 联播', '2022']
 */
export function normalizeLabels(value: unknown): string[] {
  const names = Array.isArray(value) ? value.map((item) => scalarText(item).trim()) : scalarText(value).split(/\s+/);
  return [...new Set(names.filter((name) => name !== ''))];
}

const DATE_TIME =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|[\t ]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?[\t ]*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A front-matter date as ISO 8601 with its UTC offset (`YYYY-MM-DDTHH:MM:SS+HH:MM`), or `null` when
 * there is no usable date.
 *
 * Accepts Jekyll's `2022-03-29 10:56:11 +0800`, the same without a zone or without a time, and
 * ISO 8601 (`T`, `Z`, `+08:00`). The offset written is kept, not converted; a date without one is
 * in the corpus time zone (`utcOffsetMinutes`). A `Date` (from YAML that parsed one) is shown in
 * the corpus time zone.
 *
 * @example
 * normalizeDate('2022-03-29 10:56:11 +0800'); // => '2022-03-29T10:56:11+08:00'
 * normalizeDate('2022-05-26'); // => '2022-05-26T00:00:00+08:00'
 * normalizeDate('  +0800'); // => null
 */
export function normalizeDate(value: unknown, utcOffsetMinutes = DEFAULT_UTC_OFFSET_MINUTES): string | null {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const shifted = new Date(value.getTime() + utcOffsetMinutes * 60_000);
    return (
      `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}` +
      `T${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}:${pad(shifted.getUTCSeconds())}` +
      formatOffset(utcOffsetMinutes)
    );
  }
  const match = DATE_TIME.exec(scalarText(value).trim());
  if (match === null) return null;
  const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
  const offset = zone === undefined ? formatOffset(utcOffsetMinutes) : zoneToOffset(zone);
  if (offset === null) return null;
  return `${year}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`;
}

function zoneToOffset(zone: string): string | null {
  if (zone.toUpperCase() === 'Z') return '+00:00';
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return `${zone[0]}${pad(hours)}:${pad(minutes)}`;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The fields of an article as its source gives them: a corpus file's front matter, or the JSON of a write. */
export interface ArticleFields {
  title?: unknown;
  date?: unknown;
  categories?: unknown;
  tags?: unknown;
}

/**
 * An article from its fields, by the rules every source shares: the title trimmed, the date
 * normalised (`null` when missing or unreadable), categories and tags as lists of labels.
 * `null` when it has neither a title nor body text: that is no article.
 *
 * @example articleOf('a1', { title: ' 海通证券 ', date: '2022-03-29', categories: 'a', tags: undefined }, { text: '正文', url: null }, 480)?.title // '海通证券'
 */
export function articleOf(id: string, fields: ArticleFields, body: { text: string; url: string | null }, utcOffsetMinutes: number): Article | null {
  const article: Article = {
    id,
    title: scalarText(fields.title).trim(),
    date: normalizeDate(fields.date, utcOffsetMinutes),
    categories: normalizeLabels(fields.categories),
    tags: normalizeLabels(fields.tags),
    url: body.url,
    text: body.text,
  };
  return article.title === '' && article.text === '' ? null : article;
}
