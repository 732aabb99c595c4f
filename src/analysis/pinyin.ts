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
 * The toneless readings of a word of Chinese characters, a syllable per character, read at
 * word level so that polyphones come out as the word says them (银行 → yin hang, never yin
 * xing). A one-character word has every reading of its character (行 → xing, hang, heng). A
 * word with other characters, or one pinyin-pro cannot read, has none.
 *
 * @example pinyinReadings('银行') // [['yin', 'hang']]
 */
export function pinyinReadings(word: string): string[][] {
  if (!HAN.test(word)) return [];
  const readings: string[][] =
    word.length === 1
      ? pinyin(word, { toneType: 'none', type: 'array', multiple: true }).map((syllable) => [syllable])
      : [pinyin(word, { toneType: 'none', type: 'array' })];
  // A character pinyin-pro cannot read comes back as itself.
  return readings.filter((syllables) => syllables.length === word.length && syllables.every((syllable) => SYLLABLE.test(syllable)));
}

/**
 * The ways syllables are typed: run together in full, and by their initials. ü is spelled
 * both `v` and `u`, as keyboards type it.
 *
 * @example spellingsOf(['nü', 'ren']) // { full: ['nvren', 'nuren'], initials: ['nr'] }
 */
export function spellingsOf(syllables: string[]): PinyinSpellings {
  const full = new Set<string>();
  const initials = new Set<string>();
  for (const letter of ['v', 'u']) {
    const spelled = syllables.map((syllable) => syllable.replace(/ü/g, letter));
    full.add(spelled.join(''));
    initials.add(spelled.map((syllable) => syllable[0]).join(''));
  }
  return { full: [...full], initials: [...initials] };
}

/**
 * The toneless spellings of a word of Chinese characters (see {@link pinyinReadings}); initials
 * for words of two characters or more.
 *
 * @example pinyinSpellings('银行') // { full: ['yinhang'], initials: ['yh'] }
 */
export function pinyinSpellings(word: string): PinyinSpellings {
  const full = new Set<string>();
  const initials = new Set<string>();
  for (const syllables of pinyinReadings(word)) {
    const spelled = spellingsOf(syllables);
    for (const key of spelled.full) full.add(key);
    if (word.length > 1) for (const key of spelled.initials) initials.add(key);
  }
  return { full: [...full], initials: [...initials] };
}

/** Latin letters as pinyin without tones, or `undefined` when they are not letters and tones. */
function toneless(text: string): string | undefined {
  const letters = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '');
  return TYPED.test(letters) ? letters.replace(/[1-5]/g, '') : undefined;
}

/**
 * The toneless pinyin a typed term spells, or `undefined` when it is not Latin letters: tone
 * marks and tone numbers are dropped, ü (or ǚ …) becomes `v`, syllable apostrophes go
 * (`xi'an` → `xian`). A single letter spells too much to mean a word.
 *
 * @example typedPinyin('yínháng') // 'yinhang'
 */
export function typedPinyin(term: string): string | undefined {
  const key = toneless(term);
  return key !== undefined && key.length >= 2 ? key : undefined;
}

/**
 * A term typed as Chinese characters followed by pinyin (`乡村zx`, `海通zhengquan`): the
 * characters and the toneless pinyin, or `undefined` when the term is not of that form.
 *
 * @example mixedPinyin('乡村zx') // { chinese: '乡村', key: 'zx' }
 */
export function mixedPinyin(term: string): { chinese: string; key: string } | undefined {
  const parts = /^(\p{Script=Han}+)([^\p{Script=Han}]+)$/u.exec(term);
  const key = parts ? toneless(parts[2]) : undefined;
  return parts && key !== undefined ? { chinese: parts[1], key } : undefined;
}
