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

/** Facet counts of `docs`, read document by document. */
function countOf(index: SearchIndex, docs: number[]): Uint32Array {
  const { values, refs, starts } = index.facets();
  const counts = new Uint32Array(values.length);
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i];
    const end = starts[doc + 1];
    for (let r = starts[doc]; r < end; r++) counts[refs[r]]++;
  }
  return counts;
}

/**
 * Facet counts of `docs` (live, ascending) that cover most of the archive: the counts of every
 * live document less those of the live documents `docs` leaves out, which are fewer to read.
 */
function countOfComplement(index: SearchIndex, docs: number[]): Uint32Array {
  const { values, refs, starts, live } = index.facets();
  const counts = new Uint32Array(values.length);
  counts.set(live);
  let next = 0;
  for (let doc = 0; doc < index.documentCount; doc++) {
    if (docs[next] === doc) {
      next++;
      continue;
    }
    if (index.isDeleted(doc)) continue;
    const end = starts[doc + 1];
    for (let r = starts[doc]; r < end; r++) counts[refs[r]]--;
  }
  return counts;
}

/**
 * Category, tag and month counts of the matched documents (live, ascending); categories and
 * tags by count, months in calendar order (for a timeline). A match of most of the archive is
 * counted from the documents it leaves out.
 *
 * @example facetsOf(index, [0, 1]).months // { '2022-03': 2 }
 */
export function facetsOf(index: SearchIndex, docs: number[]): Facets {
  const { values } = index.facets();
  const counts = 2 * docs.length > index.size ? countOfComplement(index, docs) : countOf(index, docs);
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
