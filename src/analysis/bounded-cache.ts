/**
 * A memo that holds at most `limit` entries and drops the least recently used one to make
 * room: for results keyed by what users send, which has no bound of its own.
 *
 * @example
 * const cache = new BoundedCache<string, string>(2);
 * cache.set('a', 'A'); cache.set('b', 'B'); cache.get('a'); cache.set('c', 'C');
 * cache.get('b') // undefined: 'b' was the least recently used
 */
export class BoundedCache<K, V> {
  // A Map iterates in insertion order, so re-inserting on use keeps the least recent first.
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value as K);
  }
}
