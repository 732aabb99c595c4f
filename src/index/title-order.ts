import { runInSlices, type SliceOptions } from './in-slices';
import type { SearchIndex } from './search-index';

/** Documents one segment may hold for the packed keys of its title sort (two UTF-16 units and a document number fit a double exactly). */
const DOC_SPAN = 2 ** 20;
/** Documents handled between two steps of a title sort. */
const DOCS_PER_STEP = 2048;

/**
 * Sorts the documents `0 … count - 1` by their normalised titles (equal titles by number),
 * yielding every few thousand documents so that the sort can run in slices. Sorted first by
 * the titles' first two UTF-16 units packed into one number with the document (a typed-array
 * sort, no comparator), then each run sharing those two units by whole titles: comparing a
 * million strings one pair at a time took seconds.
 *
 * @example
 * const sort = sortByTitle(3, (doc) => ['b', 'a', 'b'][doc]);
 * let step = sort.next();
 * while (!step.done) step = sort.next();
 * step.value // Uint32Array [1, 0, 2]
 */
export function* sortByTitle(count: number, titleOf: (doc: number) => string): Generator<void, Uint32Array> {
  const titles: string[] = new Array<string>(count);
  for (let doc = 0; doc < count; doc++) {
    titles[doc] = titleOf(doc);
    if (doc % DOCS_PER_STEP === DOCS_PER_STEP - 1) yield;
  }
  const byTitle = (a: number, b: number): number => (titles[a] < titles[b] ? -1 : titles[a] > titles[b] ? 1 : a - b);
  if (count > DOC_SPAN) return Uint32Array.from(Array.from({ length: count }, (_, doc) => doc).sort(byTitle));
  const unit = (title: string, i: number): number => (i < title.length ? title.charCodeAt(i) + 1 : 0);
  const keys = new Float64Array(count);
  for (let doc = 0; doc < count; doc++) keys[doc] = (unit(titles[doc], 0) * 65537 + unit(titles[doc], 1)) * DOC_SPAN + doc;
  yield;
  keys.sort();
  yield;
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = keys[i] % DOC_SPAN;
  let sorted = 0;
  for (let start = 0; start < count; ) {
    const prefix = Math.floor(keys[start] / DOC_SPAN);
    let end = start + 1;
    while (end < count && Math.floor(keys[end] / DOC_SPAN) === prefix) end++;
    if (end - start > 1) {
      order.subarray(start, end).sort(byTitle);
      sorted += end - start;
      if (sorted >= DOCS_PER_STEP) {
        sorted = 0;
        yield;
      }
    }
    start = end;
  }
  return order;
}

/**
 * Sorts the titles of every part of `index` that completes titles from a sorted order, in
 * the background (see {@link runInSlices}): a suggestion asked before finishes what is left
 * of the parts it reads. Resolves `true` when every part is sorted, `false` when stopped by
 * `signal` first.
 *
 * @example void prepareTitleOrders(index, { signal: stopping.signal })
 */
export function prepareTitleOrders(index: SearchIndex, overrides: Partial<SliceOptions> = {}): Promise<boolean> {
  return runInSlices(index, (part) => part.titleOrderSteps?.(), overrides);
}
