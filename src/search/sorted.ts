/**
 * Document numbers, ascending, in a typed array: a match of a million documents is 4 MB off
 * the JS heap, written and read at a nanosecond or two an entry (a JS array of that length
 * costs several, and more to collect).
 */
export type DocList = Uint32Array;

/** The empty {@link DocList}. */
export const NO_DOCS: DocList = new Uint32Array(0);

/**
 * The first position in an ascending list whose entry is not less than `value` (the list's
 * length when every entry is less), searching from position `from` on.
 *
 * @example lowerBound([1, 3, 3, 7], 3) // 1
 */
export function lowerBound<T extends number | string>(sorted: ArrayLike<T>, value: T, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Ascending intersection of two ascending lists: a merge when they are of similar length, else
 * each entry of the shorter is looked for in the longer by galloping from where the last one
 * was found (steps of 1, 2, 4 … then a binary search of the last step), which costs the log of
 * the gap between two finds rather than of the list.
 *
 * @example intersectPostings([2, 5, 9], [1, 2, 3, 9]) // Uint32Array [2, 9]
 */
export function intersectPostings(small: ArrayLike<number>, large: ArrayLike<number>): DocList {
  if (small.length > large.length) [small, large] = [large, small];
  const out = new Uint32Array(small.length);
  let n = 0;
  if (large.length <= small.length * 4) {
    for (let i = 0, j = 0; i < small.length && j < large.length; ) {
      const a = small[i];
      const b = large[j];
      if (a === b) {
        out[n++] = a;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return out.subarray(0, n);
  }
  const end = large.length;
  let lo = 0;
  for (let i = 0; i < small.length && lo < end; i++) {
    const value = small[i];
    let hi = lo;
    for (let step = 1; hi < end && large[hi] < value; step *= 2) {
      lo = hi + 1;
      hi = lo + step;
    }
    hi = Math.min(hi, end);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (large[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo < end && large[lo] === value) out[n++] = value;
  }
  return out.subarray(0, n);
}

/**
 * Ascending intersection of ascending lists, the shortest first (linear in the result).
 *
 * @example intersect([Uint32Array.of(1, 2, 3), Uint32Array.of(2, 3), Uint32Array.of(3, 4)]) // Uint32Array [3]
 */
export function intersect(lists: DocList[]): DocList {
  if (lists.length === 0) return NO_DOCS;
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0];
  for (let k = 1; k < sorted.length && result.length > 0; k++) result = intersectPostings(result, sorted[k]);
  return result;
}

/** Ascending union of two ascending lists, each entry once. */
function unionOfTwo(a: DocList, b: DocList): DocList {
  const out = new Uint32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i] < b[j])) out[n++] = a[i++];
    else if (i === a.length || b[j] < a[i]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  return out.subarray(0, n);
}

/**
 * Ascending union of ascending lists, each entry once. The shortest are merged first, so a
 * long list among short ones (a common word among its rare alternatives) is copied once, and
 * not at all when the others are empty.
 *
 * @example union([Uint32Array.of(1, 4), Uint32Array.of(2, 4, 5)]) // Uint32Array [1, 2, 4, 5]
 */
export function union(lists: DocList[]): DocList {
  const nonEmpty = lists.filter((list) => list.length > 0).sort((a, b) => a.length - b.length);
  return nonEmpty.length === 0 ? NO_DOCS : nonEmpty.reduce(unionOfTwo);
}

/**
 * Ascending `list` without the entries of ascending `remove`.
 *
 * @example subtract(Uint32Array.of(1, 2, 3, 4), Uint32Array.of(2, 4)) // Uint32Array [1, 3]
 */
export function subtract(list: DocList, remove: DocList): DocList {
  if (remove.length === 0) return list;
  const out = new Uint32Array(list.length);
  let n = 0;
  let j = 0;
  for (const entry of list) {
    j = lowerBound(remove, entry, j);
    if (remove[j] !== entry) out[n++] = entry;
  }
  return out.subarray(0, n);
}
