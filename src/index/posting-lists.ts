/**
 * The postings of many keys in compressed sparse rows: the documents of `keys[k]` are
 * `docs[offsets[k]] … docs[offsets[k + 1] - 1]`, ascending, and `values` (when present) holds
 * one number per posting beside them (a word's packed frequencies).
 */
export interface PostingLists {
  keys: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  values?: Uint32Array;
}

/** The postings of one key, as views into the lists' arrays. */
export function postingsOf(lists: PostingLists, k: number): { docs: Uint32Array; values: Uint32Array | undefined } {
  const from = lists.offsets[k];
  const to = lists.offsets[k + 1];
  return { docs: lists.docs.subarray(from, to), values: lists.values?.subarray(from, to) };
}

/**
 * How one run's document numbers become the joined lists' numbers: a shift added to each, or a
 * table from each to its new number (`-1`: the document is left out).
 */
export type Renumbering = number | Int32Array;

function renumber(doc: number, renumbering: Renumbering): number {
  return typeof renumbering === 'number' ? doc + renumbering : renumbering[doc];
}

/**
 * Joins the postings of consecutive runs of documents into one set of lists, renumbering run
 * r's documents by `renumberings[r]`; with runs in document order and renumberings that keep
 * order, every key's documents stay ascending. Documents renumbered to -1, or for which `drop`
 * answers true, are left out, and a key left with none disappears. Keys come in the order
 * first seen.
 *
 * @example joinPostingLists([a, b], [0, documentsOfA]).keys
 */
export function joinPostingLists(runs: readonly PostingLists[], renumberings: readonly Renumbering[], drop?: (doc: number) => boolean): PostingLists {
  const keyNumbers = new Map<string, number>();
  const keys: string[] = [];
  const counts: number[] = [];
  const withValues = runs.length > 0 && runs.every((run) => run.values !== undefined);
  const kept = (doc: number): boolean => doc >= 0 && !drop?.(doc);
  const filtered = drop !== undefined || renumberings.some((r) => typeof r !== 'number');
  // Pass 1: each run's key numbers in the joined lists, and how many postings each key keeps.
  const numbering = runs.map((run, r) =>
    run.keys.map((key, k) => {
      let number = keyNumbers.get(key);
      if (number === undefined) {
        number = keys.length;
        keyNumbers.set(key, number);
        keys.push(key);
        counts.push(0);
      }
      const from = run.offsets[k];
      const to = run.offsets[k + 1];
      if (!filtered) counts[number] += to - from;
      else for (let p = from; p < to; p++) if (kept(renumber(run.docs[p], renumberings[r]))) counts[number]++;
      return number;
    }),
  );
  const offsets = new Uint32Array(keys.length + 1);
  for (let k = 0; k < keys.length; k++) offsets[k + 1] = offsets[k] + counts[k];
  const docs = new Uint32Array(offsets[keys.length]);
  const values = withValues ? new Uint32Array(docs.length) : undefined;
  // Pass 2: copy, run by run, so each key's documents stay in document order.
  const fill = offsets.slice(0, keys.length);
  runs.forEach((run, r) => {
    numbering[r].forEach((number, k) => {
      for (let p = run.offsets[k]; p < run.offsets[k + 1]; p++) {
        const doc = renumber(run.docs[p], renumberings[r]);
        if (filtered && !kept(doc)) continue;
        const at = fill[number]++;
        docs[at] = doc;
        if (values) values[at] = run.values![p];
      }
    });
  });
  const joined = { keys, offsets, docs, ...(values ? { values } : {}) };
  if (!filtered) return joined;
  // A key whose every document was left out is no key of the joined lists.
  const live = keys.map((_, k) => k).filter((k) => counts[k] > 0);
  if (live.length === keys.length) return joined;
  const liveOffsets = new Uint32Array(live.length + 1);
  live.forEach((k, i) => (liveOffsets[i + 1] = offsets[k + 1]));
  return { ...joined, keys: live.map((k) => keys[k]), offsets: liveOffsets };
}
