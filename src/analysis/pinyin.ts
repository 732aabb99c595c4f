import { pinyin } from 'pinyin-pro';

/** How a Chinese word can be typed in Latin letters, without tones. */
export interface PinyinSpellings {
  /** The syllables of each reading run together (`yinhang`). */
  full: string[];
  /** The first letter of each syllable of each reading (`yh`), for words of two characters or more. */
  initials: string[];
}

const HAN = /^\p{Script=Han}+$/u;
const SYLLABLE = /^[a-zü]+$/;
/** Letters with tone numbers after syllables (`yin2hang2`), as typed once marks are gone. */
const TYPED = /^(?:[a-z]+[1-5]?)+$/;

/**
 * The toneless spellings of a word of Chinese characters, read at word level so that
 * polyphones come out as the word says them (银行 → yinhang, never yinxing). A one-character
 * word has every reading of its character (行 → xing, hang). ü is spelled both `v` and `u`,
 * as keyboards type it. A word with other characters has none.
 *
 * @example pinyinSpellings('银行') // { full: ['yinhang'], initials: ['yh'] }
 */
export function pinyinSpellings(word: string): PinyinSpellings {
  if (!HAN.test(word)) return { full: [], initials: [] };
  const readings: string[][] =
    word.length === 1
      ? pinyin(word, { toneType: 'none', type: 'array', multiple: true }).map((syllable) => [syllable])
      : [pinyin(word, { toneType: 'none', type: 'array' })];
  const full = new Set<string>();
  const initials = new Set<string>();
  for (const syllables of readings) {
    // A character pinyin-pro cannot read comes back as itself.
    if (syllables.length !== word.length || !syllables.every((syllable) => SYLLABLE.test(syllable))) continue;
    for (const letter of ['v', 'u']) {
      const spelled = syllables.map((syllable) => syllable.replace(/ü/g, letter));
      full.add(spelled.join(''));
      if (word.length > 1) initials.add(spelled.map((syllable) => syllable[0]).join(''));
    }
  }
  return { full: [...full], initials: [...initials] };
}

/**
 * The toneless pinyin a typed term spells, or `undefined` when it is not Latin letters: tone
 * marks and tone numbers are dropped, ü (or ǚ …) becomes `v`, syllable apostrophes go
 * (`xi'an` → `xian`). A single letter spells too much to mean a word.
 *
 * @example typedPinyin('yínháng') // 'yinhang'
 */
export function typedPinyin(term: string): string | undefined {
  const letters = term
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '');
  if (!TYPED.test(letters)) return undefined;
  const key = letters.replace(/[1-5]/g, '');
  return key.length >= 2 ? key : undefined;
}
