import { setImmediate as nextTurn } from 'node:timers/promises';
import type { IndexPart } from './index-part';
import type { SearchIndex } from './search-index';

/** How background work over the parts of an index runs. */
export interface SliceOptions {
  /** Longest stretch the work holds the event loop, in milliseconds. */
  sliceMs: number;
  /** Stops the work between two slices (the service is stopping). */
  signal?: AbortSignal;
}

export const defaultSliceOptions: SliceOptions = { sliceMs: 5 };

/**
 * Does, part after part of `index`, the steps `pending(part)` says are left (none: the part
 * is done), in slices of `sliceMs` between which requests and timers run. A request that
 * needs a part's work finishes it itself; the slices then find nothing left. Resolves `true`
 * when every part is done, `false` when stopped by `signal` first.
 *
 * @example await runInSlices(index, (part) => part.titleOrderSteps?.())
 */
export async function runInSlices(index: SearchIndex, pending: (part: IndexPart) => Iterator<unknown> | undefined, overrides: Partial<SliceOptions> = {}): Promise<boolean> {
  const { sliceMs, signal } = { ...defaultSliceOptions, ...overrides };
  const parts: IndexPart[] = [];
  index.forEachPart((part) => parts.push(part));
  for (const part of parts) {
    for (let steps = pending(part); steps; steps = pending(part)) {
      if (signal?.aborted) return false;
      // At least one step a slice, however short the slice.
      const started = performance.now();
      while (!steps.next().done && performance.now() - started < sliceMs);
      await nextTurn();
    }
  }
  return true;
}
