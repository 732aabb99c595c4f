import type { SearchIndex } from '../index/search-index';

/** Counts over ALL matching documents, not only the page shown. */
export interface Facets {
  categories: Record<string, number>;
  tags: Record<string, number>;
  /** `YYYY-MM` (in the article's own time zone) → count. */
  months: Record<string, number>;
}

type FacetKind = keyof Facets;

/**
 * Facet values of every document as small integers, so that counting 20,000 matches is a
 * loop over typed arrays. Documents are never changed in place (a write appends a new
 * number), so the table only grows.
 */
interface FacetTable {
  kinds: FacetKind[];
  names: string[];
  ids: Map<string, number>;
  /** The ids of document d's categories, tags and month are `refs[starts[d]] … refs[starts[d + 1] - 1]`. */
  refs: number[];
  starts: number[];
}

const tables = new WeakMap<SearchIndex, FacetTable>();

function facetTable(index: SearchIndex): FacetTable {
  let table = tables.get(index);
  if (!table) {
    table = { kinds: [], names: [], ids: new Map(), refs: [], starts: [0] };
    tables.set(index, table);
  }
  const intern = (kind: FacetKind, name: string): number => {
    const key = `${kind}\u0000${name}`;
    let id = table!.ids.get(key);
    if (id === undefined) {
      id = table!.names.length;
      table!.ids.set(key, id);
      table!.names.push(name);
      table!.kinds.push(kind);
    }
    return id;
  };
  for (let doc = table.starts.length - 1; doc < index.docs.length; doc++) {
    const article = index.docs[doc];
    for (const name of article.categories) table.refs.push(intern('categories', name));
    for (const name of article.tags) table.refs.push(intern('tags', name));
    if (article.date) table.refs.push(intern('months', article.date.slice(0, 7)));
    table.starts.push(table.refs.length);
  }
  return table;
}

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
  const table = facetTable(index);
  const counts = new Uint32Array(table.names.length);
  const { refs, starts } = table;
  for (const doc of docs) for (let r = starts[doc]; r < starts[doc + 1]; r++) counts[refs[r]]++;
  const entries: Record<FacetKind, Array<[string, number]>> = { categories: [], tags: [], months: [] };
  counts.forEach((count, id) => {
    if (count > 0) entries[table.kinds[id]].push([table.names[id], count]);
  });
  return {
    categories: sortedRecord(entries.categories, false),
    tags: sortedRecord(entries.tags, false),
    months: sortedRecord(entries.months, true),
  };
}
