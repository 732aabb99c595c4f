import { pinyinSpellings } from '../analysis/pinyin';
import { runInSlices, type SliceOptions } from '../index/in-slices';
import type { IndexPart } from '../index/index-part';
import type { SearchIndex } from '../index/search-index';
import { SpellingTable } from './pinyin-spelling-table';

/** Consecutive Chinese words of a part, run together in one string, and how each is typed. */
export class PinyinRun {
  constructor(
    private readonly text: string,
    /** Word `n` is `text[starts[n] … starts[n + 1] - 1]`. */
    private readonly starts: Uint32Array,
    readonly full: SpellingTable,
    readonly initials: SpellingTable,
  ) {}

  get size(): number {
    return this.starts.length - 1;
  }

  word(n: number): string {
    return this.text.slice(this.starts[n], this.starts[n + 1]);
  }

  /** The run of this run's words followed by those of `later`. */
  static merge(earlier: PinyinRun, later: PinyinRun): PinyinRun {
    const length = earlier.text.length;
    const starts = new Uint32Array(earlier.size + later.size + 1);
    starts.set(earlier.starts);
    for (let n = 1; n <= later.size; n++) starts[earlier.size + n] = length + later.starts[n];
    const full = SpellingTable.merge(earlier.full, later.full, earlier.size);
    const initials = SpellingTable.merge(earlier.initials, later.initials, earlier.size);
    return new PinyinRun(earlier.text + later.text, starts, full, initials);
  }
}

/** Words read between two checks of the clock. */
const WORDS_PER_STEP = 64;

/**
 * Builds the run of `words` that pinyin can spell, yielding every few dozen words; `read`
 * counts the words taken, spelled or not.
 */
function* buildRun(words: Iterator<string>, read: { count: number }): Generator<void, PinyinRun> {
  const kept: string[] = [];
  const full = new Map<string, number[]>();
  const initials = new Map<string, number[]>();
  const add = (byKey: Map<string, number[]>, key: string, n: number): void => {
    const numbers = byKey.get(key);
    if (numbers) numbers.push(n);
    else byKey.set(key, [n]);
  };
  for (let next = words.next(); !next.done; next = words.next()) {
    if (++read.count % WORDS_PER_STEP === 0) yield;
    const spellings = pinyinSpellings(next.value);
    if (spellings.full.length === 0) continue;
    const n = kept.length;
    kept.push(next.value);
    for (const key of spellings.full) add(full, key, n);
    for (const key of spellings.initials) add(initials, key, n);
  }
  const starts = new Uint32Array(kept.length + 1);
  kept.forEach((word, n) => (starts[n + 1] = starts[n] + word.length));
  return new PinyinRun(kept.join(''), starts, yield* SpellingTable.layOut(full), yield* SpellingTable.layOut(initials));
}

/** One part's pinyin: runs of its words, each run smaller than half the one before. */
interface PartPinyin {
  runs: PinyinRun[];
  /** The part's document count when the runs last caught up (or began to). */
  documents: number;
  /** How many of the words the part lists (`wordKeys`) the runs have read. */
  read: number;
  /** The build under way, bringing the runs up to the part's words. */
  pending?: Generator<void, void>;
}

const tables = new WeakMap<IndexPart, PartPinyin>();

/**
 * Reads the words the part listed after those the runs have read, as a new run; runs of
 * similar size are merged, so a part that grows one document at a time holds a few runs, each
 * word's spellings made once.
 */
function* catchUp(part: IndexPart, table: PartPinyin): Generator<void, void> {
  const documents = part.documents;
  const words = part.wordKeys()[Symbol.iterator]();
  for (let skipped = 0; skipped < table.read; skipped++) words.next();
  const read = { count: table.read };
  const run = yield* buildRun(words, read);
  const runs = run.size > 0 ? [...table.runs, run] : table.runs;
  while (runs.length > 1 && runs[runs.length - 2].size <= 2 * runs[runs.length - 1].size) {
    const later = runs.pop()!;
    runs.push(PinyinRun.merge(runs.pop()!, later));
  }
  Object.assign(table, { runs, documents, read: read.count, pending: undefined });
}

/** The build a part's pinyin still needs, begun if it had not been; none when it is up to date. */
function pendingBuild(part: IndexPart): Generator<void, void> | undefined {
  let table = tables.get(part);
  if (!table) {
    table = { runs: [], documents: 0, read: 0 };
    tables.set(part, table);
  }
  if (!table.pending && table.documents !== part.documents) table.pending = catchUp(part, table);
  return table.pending;
}

/**
 * The pinyin runs of a part, up to date: what the background build ({@link preparePinyin})
 * has not done yet is done now, so that a pinyin query is answered from every word.
 */
export function pinyinRuns(part: IndexPart): PinyinRun[] {
  const pending = pendingBuild(part);
  if (pending) while (!pending.next().done);
  return tables.get(part)!.runs;
}

/**
 * Brings the pinyin tables of every part of `index` up to date in the background, in slices
 * between which searches and requests run (see {@link runInSlices}). Resolves `true` when
 * they are, `false` when stopped by `signal` first.
 *
 * @example await preparePinyin(index) // then the first pinyin query makes no table
 */
export function preparePinyin(index: SearchIndex, overrides: Partial<SliceOptions> = {}): Promise<boolean> {
  return runInSlices(index, pendingBuild, overrides);
}
