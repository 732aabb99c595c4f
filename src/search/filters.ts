import { JiansuoError } from '../errors';
import type { SearchIndex } from '../index/search-index';
import type { SearchOptions } from './search-options';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayBound(value: string, name: string, timeZone: string, endOfDay: boolean): number {
  const match = DAY.exec(value);
  const millis = match ? Date.parse(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}${timeZone}`) : Number.NaN;
  if (!match || Number.isNaN(millis) || new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])).getUTCDate() !== +match[3]) {
    throw new JiansuoError('invalid_parameter', `${name}: "${value}" is not a date of the form YYYY-MM-DD`);
  }
  return millis;
}

/** Whether a document has one category or tag (a value no document has: none does). */
function hasFacet(index: SearchIndex, kind: 'categories' | 'tags', name: string): (doc: number) => boolean {
  const id = index.facetId(kind, name);
  if (id === undefined) return () => false;
  const { setOf, sets } = index.facets();
  // Per set, once its first document is tested: 0 not yet known, 1 no, 2 yes.
  const holds = new Uint8Array(sets.length);
  return (doc) => {
    const set = setOf[doc];
    if (holds[set] === 0) holds[set] = sets[set].includes(id) ? 2 : 1;
    return holds[set] === 2;
  };
}

/**
 * Documents passing the category/tag/date filters, or `null` when no filter is set. Throws
 * `invalid_parameter` naming a `from`/`to` that is no date, or a `from` after `to`.
 */
export function filterDocs(index: SearchIndex, options: SearchOptions): ((doc: number) => boolean) | null {
  if (!isFiltered(options)) return null;
  const tests: Array<(doc: number) => boolean> = [];
  if (options.category !== undefined) tests.push(hasFacet(index, 'categories', options.category));
  if (options.tag !== undefined) tests.push(hasFacet(index, 'tags', options.tag));
  if (options.from !== undefined || options.to !== undefined) {
    const from = options.from === undefined ? -Infinity : dayBound(options.from, 'from', options.timeZone, false);
    const to = options.to === undefined ? Infinity : dayBound(options.to, 'to', options.timeZone, true);
    if (from > to) throw new JiansuoError('invalid_parameter', `from: "${options.from}" is after to: "${options.to}"`);
    tests.push((doc) => index.date(doc) >= from && index.date(doc) <= to);
  }
  return tests.length === 0 ? null : (doc) => tests.every((test) => test(doc));
}

/** Whether a category, tag or date filter is set: without one, {@link filterDocs} keeps every match. */
export function isFiltered(options: Pick<SearchOptions, 'category' | 'tag' | 'from' | 'to'>): boolean {
  return options.category !== undefined || options.tag !== undefined || options.from !== undefined || options.to !== undefined;
}
