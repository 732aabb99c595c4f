import type { SearchIndex } from '../index/search-index';

/** Counts over ALL matching documents, not only the page shown. */
export interface Facets {
  categories: Record<string, number>;
  tags: Record<string, number>;
  /** `YYYY-MM` (in the article's own time zone) → count. */
  months: Record<string, number>;
}

type FacetKind = keyof Facets;

function sortedRecord(entries: Array<[string, number]>, byKey: boolean): Record<string, number> {
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
  const { values, refs, starts } = index.facets();
  const counts = new Uint32Array(values.length);
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    const end = starts[doc + 1];
    for (let r = starts[doc]; r < end; r++) counts[refs[r]]++;
  }
  const entries: Record<FacetKind, Array<[string, number]>> = { categories: [], tags: [], months: [] };
  counts.forEach((count, id) => {
    if (count > 0) entries[values[id][0]].push([values[id][1], count]);
  });
  return {
    categories: sortedRecord(entries.categories, false),
    tags: sortedRecord(entries.tags, false),
    months: sortedRecord(entries.months, true),
  };
}
