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
 * a binary search of the longer one for each entry of the shorter.
 *
 * @example intersectPostings([2, 5, 9], [1, 2, 3, 9]) // [2, 9]
 */
export function intersectPostings(small: ArrayLike<number>, large: ArrayLike<number>): number[] {
  if (small.length > large.length) [small, large] = [large, small];
  const out: number[] = [];
  if (large.length <= small.length * 8) {
    for (let i = 0, j = 0; i < small.length && j < large.length; ) {
      const a = small[i];
      const b = large[j];
      if (a === b) {
        out.push(a);
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return out;
  }
  let lo = 0;
  for (let i = 0; i < small.length; i++) {
    lo = lowerBound(large, small[i], lo);
    if (lo === large.length) break;
    if (large[lo] === small[i]) out.push(small[i]);
  }
  return out;
}

/**
 * Ascending intersection of ascending lists, the shortest first (linear in the result).
 *
 * @example intersect([[1, 2, 3], [2, 3], [3, 4]]) // [3]
 */
export function intersect(lists: number[][]): number[] {
  if (lists.length === 0) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0];
  for (let k = 1; k < sorted.length && result.length > 0; k++) result = intersectPostings(result, sorted[k]);
  return result;
}

/** Ascending union of two ascending lists, each entry once. */
function unionOfTwo(a: number[], b: number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j === b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else if (i === a.length || b[j] < a[i]) out.push(b[j++]);
    else {
      out.push(a[i++]);
      j++;
    }
  }
  return out;
}

/**
 * Ascending union of ascending lists, each entry once. The shortest are merged first, so a
 * long list among short ones (a common word among its rare alternatives) is copied once, and
 * not at all when the others are empty.
 *
 * @example union([[1, 4], [2, 4, 5]]) // [1, 2, 4, 5]
 */
export function union(lists: number[][]): number[] {
  const nonEmpty = lists.filter((list) => list.length > 0).sort((a, b) => a.length - b.length);
  return nonEmpty.length === 0 ? [] : nonEmpty.reduce(unionOfTwo);
}

/**
 * Ascending `list` without the entries of ascending `remove`.
 *
 * @example subtract([1, 2, 3, 4], [2, 4]) // [1, 3]
 */
export function subtract(list: number[], remove: number[]): number[] {
  if (remove.length === 0) return list;
  const out: number[] = [];
  let j = 0;
  for (const entry of list) {
    j = lowerBound(remove, entry, j);
    if (remove[j] !== entry) out.push(entry);
  }
  return out;
}
