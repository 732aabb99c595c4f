import type { SearchIndex } from '../index/search-index';

/** Counts over ALL matching documents, not only the page shown. */
export interface Facets {
  categories: Record<string, number>;
  tags: Record<string, number>;
  /** `YYYY-MM` (in the article's own time zone) → count. */
  months: Record<string, number>;
}

function sortedRecord(counts: Map<string, number>, byKey: boolean): Record<string, number> {
  const entries = [...counts];
  entries.sort(byKey ? (a, b) => (a[0] < b[0] ? -1 : 1) : (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return Object.fromEntries(entries);
}

/**
 * Category, tag and month counts of the matched documents; categories and tags by count,
 * months in calendar order (for a timeline).
 *
 * @example facetsOf(index, [0, 1]).months // { '2022-03': 2 }
 */
export function facetsOf(index: SearchIndex, docs: number[]): Facets {
  const categories = new Map<string, number>();
  const tags = new Map<string, number>();
  const months = new Map<string, number>();
  for (const doc of docs) {
    const article = index.docs[doc];
    for (const category of article.categories) categories.set(category, (categories.get(category) ?? 0) + 1);
    for (const tag of article.tags) tags.set(tag, (tags.get(tag) ?? 0) + 1);
    if (article.date) {
      const month = article.date.slice(0, 7);
      months.set(month, (months.get(month) ?? 0) + 1);
    }
  }
  return { categories: sortedRecord(categories, false), tags: sortedRecord(tags, false), months: sortedRecord(months, true) };
}
