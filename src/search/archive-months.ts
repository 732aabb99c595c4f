import type { SearchIndex } from '../index/search-index';
import { liveFacets } from './facets';

const cache = new WeakMap<SearchIndex, { generation: number; months: Record<string, number> }>();

/**
 * Live articles per month (`YYYY-MM`, keyed like the `months` facet of a search), counted once
 * per index generation: what a timeline divides a query's months by to show a share of the
 * archive rather than the archive's own growth.
 *
 * @example archiveMonths(index) // { '2021-03': 1, '2021-07': 1, … }
 */
export function archiveMonths(index: SearchIndex): Record<string, number> {
  let cached = cache.get(index);
  if (!cached || cached.generation !== index.generation) {
    cached = { generation: index.generation, months: liveFacets(index).months };
    cache.set(index, cached);
  }
  return cached.months;
}
