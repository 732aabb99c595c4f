/**
 * The distinct combinations of facet values that documents hold, numbered. A document keeps
 * one number, its set: counting the facets of 20,000 matches then reads one small column and
 * adds up the few sets they fall in, instead of reading each document's values from a column
 * several times its size: at a million documents, such reads mostly wait for memory.
 * A news archive has few combinations (a desk's categories and tags in a given month), and an
 * archive whose every article has tags of its own has as many sets as articles, which costs one
 * more lookup per document than reading the values directly, and about 150 bytes of heap per
 * set (its key, its entry and its values).
 *
 * @example const sets = new FacetSets(); sets.numberOf([0, 3]) // 0; sets.numberOf([0, 3]) // 0; sets.members[0] // [0, 3]
 */
export class FacetSets {
  /** The facet value ids of each set, in the order its first document listed them. */
  readonly members: Array<readonly number[]> = [];
  /** How many live documents hold each set, kept up to date by {@link count}. */
  readonly live: number[] = [];
  private readonly numbers = new Map<string, number>();

  /** The number of the set holding exactly `values` (in this order), given it if new. */
  numberOf(values: readonly number[]): number {
    const key = values.join(',');
    let set = this.numbers.get(key);
    if (set === undefined) {
      set = this.members.length;
      this.numbers.set(key, set);
      this.members.push([...values]);
      this.live.push(0);
    }
    return set;
  }

  /** Adds `delta` to the live documents holding `set`. */
  count(set: number, delta: number): void {
    this.live[set] += delta;
  }
}
