import { normalize } from '../analysis';
import { typedPinyin } from '../analysis/pinyin';
import type { SearchIndex } from '../index/search-index';
import { pinyinCompletions } from './pinyin-table';

/** One completion: a word of the corpus, an article title, or a Chinese word whose pinyin starts with the prefix. */
export interface Suggestion {
  text: string;
  kind: 'word' | 'title' | 'pinyin';
  /** Documents containing the word (for a title: 1 per article with that title). */
  count: number;
}

/**
 * Completions for a prefix: indexed words and titles that start with it (after
 * normalisation), most frequent first, words before titles at equal counts, then in the
 * order of their normalised text. A Latin prefix is also read as pinyin: the Chinese words
 * it begins in full pinyin or in initials come first (see {@link pinyinCompletions}), then
 * what starts with the prefix as written.
 *
 * @example suggest(index, '海通', 3) // [{ text: '海通证券', kind: 'word', count: 5 }, …]
 * @example suggest(index, 'htzq', 1) // [{ text: '海通证券', kind: 'pinyin', count: 5 }]
 */
export function suggest(index: SearchIndex, prefix: string, limit: number): Suggestion[] {
  const key = normalize(prefix).trim();
  if (key.length === 0) return [];
  const { words, titles } = index.completions(key);
  const found: Array<{ key: string; kind: Suggestion['kind']; count: number; doc?: number }> = [];
  // One-character words complete nothing a user has not typed already.
  for (const [word, count] of words) if (word.length > 1 && word !== key) found.push({ key: word, kind: 'word', count });
  for (const [title, { count, doc }] of titles) {
    if (title !== key && !(title.length > 1 && words.has(title))) found.push({ key: title, kind: 'title', count, doc });
  }
  found.sort((a, b) => b.count - a.count || (a.kind === b.kind ? (a.key < b.key ? -1 : 1) : a.kind === 'word' ? -1 : 1));
  const pinyin = typedPinyin(key);
  const spelled: Suggestion[] = pinyin === undefined ? [] : pinyinCompletions(index, pinyin).slice(0, limit).map(({ word, count }) => ({ text: word, kind: 'pinyin', count }));
  // The title as written is read from the stored article only when it is suggested.
  const written = found.slice(0, limit - spelled.length).map(({ key: text, kind, count, doc }): Suggestion => ({ text: doc === undefined ? text : index.article(doc).title, kind, count }));
  return [...spelled, ...written];
}
