import { pinyinReadings, pinyinSpellings, spellingsOf } from '../analysis/pinyin';
import type { IndexPart } from '../index/index-part';
import type { SearchIndex } from '../index/search-index';
import { lowerBound } from './sorted';

/** How a typed pinyin key met a word: its full pinyin or its initials. */
export type Spelled = 'full' | 'initials';

/** Spellings of one kind → the words they spell, with the spellings sorted for prefixes. */
class Spellings {
  readonly words = new Map<string, string[]>();
  sorted: string[] = [];
  /** Spellings added since the last {@link sort}. */
  private unsorted: string[] = [];

  add(key: string, word: string): void {
    const words = this.words.get(key);
    if (words) words.push(word);
    else {
      this.words.set(key, [word]);
      this.unsorted.push(key);
    }
  }

  /** Merges the spellings added since the last call into the sorted ones. */
  sort(): void {
    if (this.unsorted.length === 0) return;
    const added = this.unsorted.sort();
    const merged: string[] = [];
    for (let i = 0, j = 0; i < this.sorted.length || j < added.length; ) {
      merged.push(j === added.length || (i < this.sorted.length && this.sorted[i] < added[j]) ? this.sorted[i++] : added[j++]);
    }
    this.sorted = merged;
    this.unsorted = [];
  }

  /** The spellings starting with `prefix`, with their words. */
  *withPrefix(prefix: string): IterableIterator<[string, string[]]> {
    for (let i = lowerBound(this.sorted, prefix); i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) {
      yield [this.sorted[i], this.words.get(this.sorted[i])!];
    }
  }
}

/** One part's Chinese words by how they are typed in pinyin. */
interface PartPinyin {
  /** The part's document count when the table was last brought up to date. */
  documents: number;
  /** How many of the part's words the table holds: the first ones it lists. */
  words: number;
  full: Spellings;
  initials: Spellings;
}

const tables = new WeakMap<IndexPart, PartPinyin>();

/**
 * A part's pinyin table. A segment never changes, so its table is made once; the in-memory
 * part's grows with the words its new documents brought, which it lists after the others.
 */
function tableOf(part: IndexPart): PartPinyin {
  let table = tables.get(part);
  if (table?.documents === part.documents) return table;
  if (!table) {
    table = { documents: 0, words: 0, full: new Spellings(), initials: new Spellings() };
    tables.set(part, table);
  }
  let k = 0;
  for (const word of part.wordKeys()) {
    if (k++ < table.words) continue;
    const { full, initials } = pinyinSpellings(word);
    for (const key of full) table.full.add(key, word);
    for (const key of initials) table.initials.add(key, word);
  }
  table.full.sort();
  table.initials.sort();
  table.words = k;
  table.documents = part.documents;
  return table;
}

/** A word a pinyin key reaches, with the live documents holding it. */
export interface PinyinWord {
  word: string;
  count: number;
}

/** Most documents first, then in code unit order: the same words in the same order on every node. */
function byCount(a: PinyinWord, b: PinyinWord): number {
  return b.count - a.count || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0);
}

/** The live words of `index` among `found`, most frequent first. */
function counted(index: SearchIndex, found: Iterable<string>): PinyinWord[] {
  const words: PinyinWord[] = [];
  for (const word of found) {
    const count = index.wordFrequency(word);
    if (count > 0) words.push({ word, count });
  }
  return words.sort(byCount);
}

/**
 * The indexed Chinese words whose toneless pinyin is `key`, most frequent first: those it
 * spells in full (`yinhang` → 银行), or, when there are none, those it gives the initials of
 * (`xczx` → 乡村振兴).
 *
 * @example pinyinWords(index, 'haitong') // { spelled: 'full', words: [{ word: '海通', count: 9 }] }
 */
export function pinyinWords(index: SearchIndex, key: string): { spelled: Spelled; words: PinyinWord[] } {
  const spelledAs = (spelled: Spelled): PinyinWord[] => {
    const found = new Set<string>();
    index.forEachPart((part) => {
      for (const word of tableOf(part)[spelled].words.get(key) ?? []) found.add(word);
    });
    return counted(index, found);
  };
  const full = spelledAs('full');
  return full.length > 0 ? { spelled: 'full', words: full } : { spelled: 'initials', words: spelledAs('initials') };
}

/**
 * The indexed words that start with `chinese` and go on with what `key` spells, most frequent
 * first: in full (`乡村zhenxing` → 乡村振兴), or, when there are none, by initials (`乡村zx`).
 *
 * @example mixedPinyinWords(index, '乡村', 'zx') // { spelled: 'initials', words: [{ word: '乡村振兴', count: 1 }] }
 */
export function mixedPinyinWords(index: SearchIndex, chinese: string, key: string): { spelled: Spelled; words: PinyinWord[] } {
  const full = new Set<string>();
  const initials = new Set<string>();
  index.forEachPart((part) => {
    for (const [word] of part.wordsWithPrefix(chinese)) {
      for (const syllables of pinyinReadings(word)) {
        const rest = syllables.slice(chinese.length);
        if (rest.length === 0) continue;
        const spelled = spellingsOf(rest);
        if (spelled.full.includes(key)) full.add(word);
        if (spelled.initials.includes(key)) initials.add(word);
      }
    }
  });
  const words = counted(index, full);
  return words.length > 0 ? { spelled: 'full', words } : { spelled: 'initials', words: counted(index, initials) };
}

/**
 * Words of two characters or more whose full pinyin or initials start with `prefix`: first
 * those spelled exactly `prefix` (`htzq` → 海通证券), then the longer ones (`haito` →
 * 海通证券), each most frequent first.
 *
 * @example pinyinCompletions(index, 'htzq')[0] // { word: '海通证券', count: 5 }
 */
export function pinyinCompletions(index: SearchIndex, prefix: string): PinyinWord[] {
  const exact = new Set<string>();
  const longer = new Set<string>();
  index.forEachPart((part) => {
    const table = tableOf(part);
    for (const spellings of [table.full, table.initials]) {
      for (const [key, words] of spellings.withPrefix(prefix)) {
        for (const word of words) if (word.length > 1) (key === prefix ? exact : longer).add(word);
      }
    }
  });
  for (const word of exact) longer.delete(word);
  return [...counted(index, exact), ...counted(index, longer)];
}
