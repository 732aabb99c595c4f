import { LRUCache } from 'lru-cache';

/**
 * What a cached answer was computed from besides its request: the index's generation (it grows
 * with every write, merge or new generation), the synonym rules in force (a new object whenever
 * they are replaced or the mined code pairs change) and the jieba dictionary's version.
 */
export interface AnswerState {
  generation: number;
  rules: object;
  dictionary: string;
}

/** An answer serialised once, split around its `took_ms` value, which each request writes anew. */
interface CachedAnswer {
  head: string;
  tail: string;
}

const TOOK_MS = '"took_ms":';

/**
 * Serialised search answers keyed by their request, at most `maxBytes` of them (the least
 * recently used go first): the search box of a news site sends the same few queries again and
 * again, and an answer is the same until the index, the synonym rules or the dictionary change.
 * A change of any of them empties the cache at the next lookup, so an answer never outlives
 * what it was computed from. `maxBytes` 0 turns it off.
 *
 * @example
 * const cache = new ResultCache(64 * 1024 * 1024);
 * const { json, hit } = cache.answer(req.url, state, () => search(index, q));
 */
export class ResultCache {
  private readonly answers: LRUCache<string, CachedAnswer> | null;
  private state: AnswerState | null = null;

  constructor(readonly maxBytes: number) {
    this.answers =
      maxBytes > 0
        ? new LRUCache<string, CachedAnswer>({
            maxSize: maxBytes,
            // Strings are counted as UTF-16 code units: two bytes each.
            sizeCalculation: (answer, key) => 2 * (key.length + answer.head.length + answer.tail.length) + 64,
          })
        : null;
  }

  /** Answers held now. */
  get size(): number {
    return this.answers?.size ?? 0;
  }

  /**
   * The JSON of the answer to the request `key` in `state`: the cached one with the time of this
   * lookup as its `took_ms`, or `compute()`'s, which is kept for the next request. `compute`
   * returns an object whose third field is `took_ms` and may throw: nothing is kept then.
   */
  answer(key: string, state: AnswerState, compute: () => { took_ms: number }): { json: string; hit: boolean } {
    const started = performance.now();
    if (this.answers === null) return { json: JSON.stringify(compute()), hit: false };
    if (this.state === null || !sameState(this.state, state)) {
      this.answers.clear();
      this.state = { ...state };
    }
    const cached = this.answers.get(key);
    if (cached !== undefined) return { json: `${cached.head}${Math.round((performance.now() - started) * 1000) / 1000}${cached.tail}`, hit: true };
    const json = JSON.stringify(compute());
    this.answers.set(key, split(json));
    return { json, hit: false };
  }
}

function sameState(a: AnswerState, b: AnswerState): boolean {
  return a.generation === b.generation && a.rules === b.rules && a.dictionary === b.dictionary;
}

/**
 * Splits an answer's JSON around the value of its `took_ms`. The first `"took_ms":` is the
 * answer's own: inside a JSON string every `"` is escaped, so the text cannot occur in one,
 * and the fields before it (`query`, `total`) hold no object.
 */
function split(json: string): CachedAnswer {
  const key = json.indexOf(TOOK_MS);
  if (key < 0) throw new Error('a cached answer must have a took_ms field');
  const valueStart = key + TOOK_MS.length;
  const valueEnd = json.indexOf(',', valueStart);
  return { head: json.slice(0, valueStart), tail: json.slice(valueEnd) };
}
