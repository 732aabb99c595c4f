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
