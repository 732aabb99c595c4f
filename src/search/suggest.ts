import { normalize } from '../analysis';
import type { SearchIndex } from '../index/search-index';
import { lowerBound } from './sorted';

/** One completion: a word of the corpus or an article title. */
export interface Suggestion {
  text: string;
  kind: 'word' | 'title';
  /** Documents containing the word (for a title: 1 per article with that title). */
  count: number;
}

/** A word (its own normalised text) or a title (normalised, with a document holding it). */
interface Entry {
  kind: Suggestion['kind'];
  count: number;
  doc?: number;
}

interface Vocabulary {
  /** Distinct words and normalised titles, sorted, for prefix ranges by binary search. */
  keys: string[];
  entries: Map<string, Entry>;
}

const vocabularies = new WeakMap<SearchIndex, { version: number; vocabulary: Vocabulary }>();

function buildVocabulary(index: SearchIndex): Vocabulary {
  const entries = new Map<string, Entry>();
  for (const [word, count] of index.wordCounts()) {
    // One-character words complete nothing a user has not typed already.
    if (word.length > 1) entries.set(word, { kind: 'word', count });
  }
  for (const doc of index.liveDocs()) {
    const key = index.normTitle(doc);
    if (key.length === 0) continue;
    const existing = entries.get(key);
    if (existing && existing.kind === 'title') existing.count++;
    // The title as written is read from the stored article only when it is suggested.
    else if (!existing) entries.set(key, { kind: 'title', count: 1, doc });
  }
  return { keys: [...entries.keys()].sort(), entries };
}

/**
 * Completions for a prefix: indexed words and titles that start with it (after
 * normalisation), most frequent first, words before titles at equal counts, then in the
 * order of their normalised text.
 *
 * @example suggest(index, '海通', 3) // [{ text: '海通证券', kind: 'word', count: 5 }, …]
 */
export function suggest(index: SearchIndex, prefix: string, limit: number): Suggestion[] {
  const key = normalize(prefix).trim();
  if (key.length === 0) return [];
  let cached = vocabularies.get(index);
  if (!cached || cached.version !== index.generation) {
    cached = { version: index.generation, vocabulary: buildVocabulary(index) };
    vocabularies.set(index, cached);
  }
  const { keys, entries } = cached.vocabulary;
  const found: Array<[string, Entry]> = [];
  for (let i = lowerBound(keys, key); i < keys.length && keys[i].startsWith(key); i++) {
    if (keys[i] !== key) found.push([keys[i], entries.get(keys[i])!]);
  }
  found.sort(([keyA, a], [keyB, b]) => b.count - a.count || (a.kind === b.kind ? (keyA < keyB ? -1 : 1) : a.kind === 'word' ? -1 : 1));
  return found.slice(0, limit).map(([text, { kind, count, doc }]) => ({ text: doc === undefined ? text : index.article(doc).title, kind, count }));
}
