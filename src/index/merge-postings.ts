import type { SortedPostings } from './segment-format';

/** Order of key `a` of `x` and key `b` of `y` by UTF-16 code units (a prefix first), as `<` on strings orders them. */
function compareKeys(x: SortedPostings, a: number, y: SortedPostings, b: number): number {
  let i = x.keyOffsets[a];
  const iEnd = x.keyOffsets[a + 1];
  let j = y.keyOffsets[b];
  const jEnd = y.keyOffsets[b + 1];
  for (; i < iEnd && j < jEnd; i++, j++) {
    const difference = x.keys[i] - y.keys[j];
    if (difference !== 0) return difference;
  }
  return iEnd - i - (jEnd - j);
}

/**
 * Calls `visit` once per distinct key of `inputs` in code-unit order, with the inputs that
 * hold it (ascending) and the key's position in each of them. Each input's keys are sorted
 * and distinct, so a k-way walk of their heads meets every key once.
 */
function walkKeys(inputs: readonly SortedPostings[], visit: (holders: Int32Array, count: number, heads: Int32Array) => void): void {
  const heads = new Int32Array(inputs.length);
  const holders = new Int32Array(inputs.length);
  for (;;) {
    let count = 0;
    for (let s = 0; s < inputs.length; s++) {
      if (heads[s] + 1 >= inputs[s].keyOffsets.length) continue;
      const order = count === 0 ? -1 : compareKeys(inputs[s], heads[s], inputs[holders[0]], heads[holders[0]]);
      if (order < 0) count = 0;
      if (order <= 0) holders[count++] = s;
    }
    if (count === 0) return;
    visit(holders, count, heads);
    for (let h = 0; h < count; h++) heads[holders[h]]++;
  }
}

/**
 * Merges the sorted postings of consecutive segments into those of one segment, renumbering
 * segment s's documents by `numberings[s]` (-1 leaves a document out; the numbers keep
 * order). The inputs' keys are already in code-unit order, so the output is written in its
 * final order in two walks (one to size the arrays, one to fill them), with no string made
 * per key and no sort: a merge holds the inputs and the output, nothing else. A key left
 * with no document is dropped. Values (a word's packed frequencies) are kept when every
 * input has them.
 *
 * @example mergeSortedPostings([layoutA.words, layoutB.words], segmentNumbering(infos)).keyOffsets.length - 1
 */
export function mergeSortedPostings(inputs: readonly SortedPostings[], numberings: readonly Int32Array[]): SortedPostings {
  const withValues = inputs.length > 0 && inputs.every((input) => input.values !== undefined);
  const livePostings = (s: number, k: number): number => {
    const { offsets, docs } = inputs[s];
    let live = 0;
    for (let p = offsets[k]; p < offsets[k + 1]; p++) if (numberings[s][docs[p]] >= 0) live++;
    return live;
  };
  let keyCount = 0;
  let unitCount = 0;
  let postingCount = 0;
  walkKeys(inputs, (holders, count, heads) => {
    let live = 0;
    for (let h = 0; h < count; h++) live += livePostings(holders[h], heads[holders[h]]);
    if (live === 0) return;
    const first = inputs[holders[0]];
    keyCount++;
    unitCount += first.keyOffsets[heads[holders[0]] + 1] - first.keyOffsets[heads[holders[0]]];
    postingCount += live;
  });
  const keys = new Uint16Array(unitCount);
  const keyOffsets = new Uint32Array(keyCount + 1);
  const offsets = new Uint32Array(keyCount + 1);
  const docs = new Uint32Array(postingCount);
  const values = withValues ? new Uint32Array(postingCount) : undefined;
  let k = 0;
  walkKeys(inputs, (holders, count, heads) => {
    const start = offsets[k];
    let at = start;
    for (let h = 0; h < count; h++) {
      const s = holders[h];
      const input = inputs[s];
      const numbering = numberings[s];
      for (let p = input.offsets[heads[s]]; p < input.offsets[heads[s] + 1]; p++) {
        const doc = numbering[input.docs[p]];
        if (doc < 0) continue;
        docs[at] = doc;
        if (values) values[at] = input.values![p];
        at++;
      }
    }
    if (at === start) return;
    const first = inputs[holders[0]];
    const from = first.keyOffsets[heads[holders[0]]];
    const to = first.keyOffsets[heads[holders[0]] + 1];
    keys.set(first.keys.subarray(from, to), keyOffsets[k]);
    keyOffsets[k + 1] = keyOffsets[k] + to - from;
    offsets[k + 1] = at;
    k++;
  });
  return { keys, keyOffsets, offsets, docs, ...(values ? { values } : {}) };
}
