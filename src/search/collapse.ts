import type { SearchIndex } from '../index/search-index';
import { nearDuplicateClusters } from './near-duplicates';

/** A page of hits with one document per near-duplicate cluster. */
export interface CollapsedPage {
  /** Document numbers of the page with their scores, in rank order: each its cluster's best-ranked match. */
  page: Array<[number, number]>;
  /** Per hit of the page, the other matching documents of its cluster, newest first. */
  similar: number[][];
  /** Clusters among the matches; a match in no cluster counts as one. */
  clusters: number;
}

/**
 * Collapses ranked matches to one hit per near-duplicate cluster, the best-ranked one; paging
 * counts clusters. `rankTop(k)` gives the first k matches of the ranking, each a prefix of
 * the next, so only as many matches are ranked as the page's clusters need.
 *
 * @example collapseRanked(index, docs, (k) => rankPage(index, parsed, docs, scored, { ...options, offset: 0, limit: k }), { offset: 0, limit: 10 }, byDate)
 */
export function collapseRanked(
  index: SearchIndex,
  docs: ArrayLike<number> & Iterable<number>,
  rankTop: (k: number) => Array<[number, number]>,
  paging: { offset: number; limit: number },
  byDate: (a: number, b: number) => number,
): CollapsedPage {
  const roots = nearDuplicateClusters(index);
  const members = new Map<number, number[]>();
  let alone = 0;
  for (const doc of docs) {
    const root = roots[doc];
    if (root < 0) alone++;
    else if (members.has(root)) members.get(root)!.push(doc);
    else members.set(root, [doc]);
  }
  const wanted = paging.offset + paging.limit;
  const heads: Array<[number, number]> = [];
  const shown = new Set<number>();
  let seen = 0;
  for (let k = Math.min(docs.length, wanted); heads.length < wanted && seen < docs.length; k = Math.min(docs.length, 2 * k)) {
    const ranked = rankTop(k);
    for (; seen < ranked.length && heads.length < wanted; seen++) {
      const root = roots[ranked[seen][0]];
      if (root >= 0 && shown.has(root)) continue;
      if (root >= 0) shown.add(root);
      heads.push(ranked[seen]);
    }
  }
  const page = heads.slice(paging.offset);
  const similar = page.map(([doc]) => (roots[doc] < 0 ? [] : members.get(roots[doc])!.filter((other) => other !== doc).sort(byDate)));
  return { page, similar, clusters: alone + members.size };
}
