import { utcOffsetMinutes } from '../config';
import type { SearchIndex } from '../index/search-index';
import type { DocList } from './sorted';

/** `YYYY-MM-DD` (in the corpus time zone) → matching documents that day, in calendar order. */
export type DayCounts = Record<string, number>;

/** Longest `from`–`to` range, in days, whose matches are also counted per day. */
const MAX_DAY_FACET_SPAN = 31;

const MS_PER_DAY = 86_400_000;

/**
 * Days from `from` to `to`, both inclusive (`YYYY-MM-DD`, already validated): 31 for March.
 */
function daySpan(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY + 1;
}

/**
 * Matches per calendar day of the corpus time zone; documents without a date count nowhere.
 *
 * @example countDays(index, Uint32Array.of(0, 1), '+08:00') // { '2022-03-29': 1, '2022-03-31': 1 }
 */
export function countDays(index: SearchIndex, docs: DocList, timeZone: string): DayCounts {
  const shift = utcOffsetMinutes(timeZone) * 60_000;
  // Days are counted by number and named once each: a date string per match costs more than the count.
  const counts = new Map<number, number>();
  for (const doc of docs) {
    const millis = index.date(doc);
    if (Number.isNaN(millis)) continue;
    const day = Math.floor((millis + shift) / MS_PER_DAY);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => a[0] - b[0]).map(([day, count]) => [new Date(day * MS_PER_DAY).toISOString().slice(0, 10), count]));
}

/**
 * The day counts of a search whose `from`–`to` range spans {@link MAX_DAY_FACET_SPAN} days or
 * fewer; `undefined` for a longer or open range, where a month chart says enough.
 */
export function dayFacets(index: SearchIndex, docs: DocList, range: { from?: string; to?: string; timeZone: string }): DayCounts | undefined {
  if (range.from === undefined || range.to === undefined || daySpan(range.from, range.to) > MAX_DAY_FACET_SPAN) return undefined;
  return countDays(index, docs, range.timeZone);
}
