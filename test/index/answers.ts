import type { SearchIndex } from '../../src/index/search-index';
import { search } from '../../src/search/search';

/**
 * Everything a reader sees of the answers to `queries` (100 hits each, one snippet), except the
 * time taken: what two indexes of the same live documents must agree on.
 */
export function answersOf(index: SearchIndex, queries: readonly string[]): unknown[] {
  return queries.map((query) => {
    const { took_ms: _took, ...rest } = search(index, query, { limit: 100, snippets: 1 });
    return rest;
  });
}
