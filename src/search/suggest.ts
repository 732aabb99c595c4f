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

interface Vocabulary {
  /** Distinct words and normalised titles, sorted, for prefix ranges by binary search. */
  keys: string[];
  entries: Map<string, Suggestion>;
}

const vocabularies = new WeakMap<SearchIndex, { version: number; vocabulary: Vocabulary }>();

function buildVocabulary(index: SearchIndex): Vocabulary {
  const entries = new Map<string, Suggestion>();
  for (const [word, posting] of index.words) {
    // One-character words complete nothing a user has not typed already.
    if (word.length > 1) entries.set(word, { text: word, kind: 'word', count: posting.docs.length });
  }
  for (const doc of index.liveDocs()) {
    const title = index.docs[doc].title;
    const key = index.normTitles[doc];
    if (key.length === 0) continue;
    const existing = entries.get(key);
    if (existing && existing.kind === 'title') existing.count++;
    else if (!existing) entries.set(key, { text: title, kind: 'title', count: 1 });
  }
  return { keys: [...entries.keys()].sort(), entries };
}

/**
 * Completions for a prefix: indexed words and titles that start with it (after
 * normalisation), most frequent first, words before titles at equal counts.
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
  const found: Suggestion[] = [];
  for (let i = lowerBound(keys, key); i < keys.length && keys[i].startsWith(key); i++) {
    if (keys[i] !== key) found.push(entries.get(keys[i])!);
  }
  found.sort((a, b) => b.count - a.count || (a.kind === b.kind ? (a.text < b.text ? -1 : 1) : a.kind === 'word' ? -1 : 1));
  return found.slice(0, limit);
}
