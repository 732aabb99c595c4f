import type { SearchIndex } from '../index/search-index';
import type { DocList } from './sorted';

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
 * Counts of small integers that are mostly zero: only the keys counted are visited after, and
 * the zeroed array is kept for the next count (searches run one at a time per process).
 */
class SparseCounts {
  counts = new Float64Array(0);
  readonly touched: number[] = [];

  /** Ready to count keys below `size`, from zero. */
  reset(size: number): this {
    for (const key of this.touched) this.counts[key] = 0;
    this.touched.length = 0;
    // Grown by doubling: an index whose writes each add a set does not reallocate every search.
    if (this.counts.length < size) this.counts = new Float64Array(Math.max(size, 2 * this.counts.length));
    return this;
  }

  add(key: number, delta: number): void {
    if (this.counts[key] === 0) this.touched.push(key);
    this.counts[key] += delta;
  }
}

const setCounts = new SparseCounts();
const valueCounts = new SparseCounts();

/** How many of `docs` hold each facet set, read document by document. */
function countSets(index: SearchIndex, docs: DocList): SparseCounts {
  const { setOf, sets } = index.facets();
  const counted = setCounts.reset(sets.length);
  for (let i = 0; i < docs.length; i++) counted.add(setOf[docs[i]], 1);
  return counted;
}

/** How many live documents hold each facet set: the counts the index keeps. */
function countLiveSets(index: SearchIndex): SparseCounts {
  const { sets, live } = index.facets();
  const counted = setCounts.reset(sets.length);
  live.forEach((count, set) => {
    if (count > 0) counted.add(set, count);
  });
  return counted;
}

/**
 * How many of `docs` (live, ascending) hold each facet set, for a match of most of the
 * archive: the live documents of every set less the live documents `docs` leaves out, which
 * are fewer to read.
 */
function countSetsOfComplement(index: SearchIndex, docs: DocList): SparseCounts {
  const { setOf } = index.facets();
  const counted = countLiveSets(index);
  const { counts } = counted;
  let next = 0;
  for (let doc = 0; doc < index.documentCount; doc++) {
    if (docs[next] === doc) {
      next++;
      continue;
    }
    if (!index.isDeleted(doc)) counts[setOf[doc]]--;
  }
  return counted;
}

/**
 * Category, tag and month counts of the matched documents (live, ascending); categories and
 * tags by count, months in calendar order (for a timeline). A match of most of the archive is
 * counted from the documents it leaves out.
 *
 * @example facetsOf(index, Uint32Array.of(0, 1)).months // { '2022-03': 2 }
 */
export function facetsOf(index: SearchIndex, docs: DocList): Facets {
  return facetsOfSets(index, 2 * docs.length > index.size ? countSetsOfComplement(index, docs) : countSets(index, docs));
}

/**
 * The facets of every live document, from the counts per facet set the index keeps: no
 * document is read.
 *
 * @example liveFacets(index).months // { '2021-03': 1, '2021-07': 1, … }
 */
export function liveFacets(index: SearchIndex): Facets {
  return facetsOfSets(index, countLiveSets(index));
}

/** Category, tag and month counts from counts per facet set. */
function facetsOfSets(index: SearchIndex, bySet: SparseCounts): Facets {
  const { values, sets } = index.facets();
  const counted = valueCounts.reset(values.length);
  for (const set of bySet.touched) {
    const count = bySet.counts[set];
    if (count > 0) for (const value of sets[set]) counted.add(value, count);
  }
  const entries: Record<FacetKind, Array<[string, number]>> = { categories: [], tags: [], months: [] };
  for (const id of counted.touched) entries[values[id][0]].push([values[id][1], counted.counts[id]]);
  return {
    categories: sortedRecord(entries.categories, false),
    tags: sortedRecord(entries.tags, false),
    months: sortedRecord(entries.months, true),
  };
}
