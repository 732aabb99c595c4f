import { pinyinReadings, spellingsOf, spellsWithBreaks } from '../analysis/pinyin';
import type { SearchIndex } from '../index/search-index';
import { pinyinRuns } from './pinyin-build';

/** How a typed pinyin key met a word: its full pinyin or its initials. */
export type Spelled = 'full' | 'initials';

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
 * spells in full (`yinhang` → 银行) with a syllable ending at each of `breaks` (`xi'an` → 西安,
 * not 先), or, when there are none, those it gives the initials of (`xczx` → 乡村振兴).
 *
 * @example pinyinWords(index, 'haitong') // { spelled: 'full', words: [{ word: '海通', count: 9 }] }
 */
export function pinyinWords(index: SearchIndex, key: string, breaks: number[] = []): { spelled: Spelled; words: PinyinWord[] } {
  const spelledAs = (spelled: Spelled): PinyinWord[] => {
    const found = new Set<string>();
    index.forEachPart((part) => {
      for (const run of pinyinRuns(part)) for (const n of run[spelled].spelled(key)) found.add(run.word(n));
    });
    return counted(index, found);
  };
  const full = spelledAs('full').filter(({ word }) => breaks.length === 0 || spellsWithBreaks(word, key, breaks));
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
    for (const run of pinyinRuns(part)) {
      for (const spellings of [run.full, run.initials]) {
        for (const [key, numbers] of spellings.withPrefix(prefix)) {
          for (const n of numbers) {
            const word = run.word(n);
            if (word.length > 1) (key === prefix ? exact : longer).add(word);
          }
        }
      }
    }
  });
  for (const word of exact) longer.delete(word);
  return [...counted(index, exact), ...counted(index, longer)];
}
