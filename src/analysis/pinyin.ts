import { customPinyin, pinyin } from 'pinyin-pro';

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
 * Words pinyin-pro reads with 行 as `xing` where the news means a bank (`hang`), set as its
 * own readings, which also hold inside longer words (欧洲央行 → ou zhou yang hang); and the
 * idiom that 大行 would then misread.
 */
const READINGS: Record<string, string> = {
  央行: 'yāng háng',
  分行: 'fēn háng',
  大行: 'dà háng',
  投行: 'tóu háng',
  交行: 'jiāo háng',
  招行: 'zhāo háng',
  外资行: 'wài zī háng',
  大行其道: 'dà xíng qí dào',
};
customPinyin(READINGS);

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

/**
 * Latin letters as pinyin without tones, with the positions in it where an apostrophe
 * separated syllables, or `undefined` when they are not letters and tones.
 */
function toneless(text: string): { key: string; breaks: number[] } | undefined {
  const syllables = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/u\u0308/g, 'v')
    .replace(/\p{M}/gu, '')
    .split(/['’]/);
  if (!TYPED.test(syllables.join(''))) return undefined;
  const parts = syllables.map((part) => part.replace(/[1-5]/g, ''));
  const key = parts.join('');
  const breaks: number[] = [];
  let at = 0;
  for (const part of parts.slice(0, -1)) {
    at += part.length;
    if (at > 0 && at < key.length && breaks[breaks.length - 1] !== at) breaks.push(at);
  }
  return { key, breaks };
}

/**
 * The toneless pinyin a typed term spells, or `undefined` when it is not Latin letters: tone
 * marks and tone numbers are dropped, ü (or ǚ …) becomes `v`, syllable apostrophes go
 * (`xi'an` → `xian`, see {@link syllableBreaks}). A single letter spells too much to mean a word.
 *
 * @example typedPinyin('yínháng') // 'yinhang'
 */
export function typedPinyin(term: string): string | undefined {
  const key = toneless(term)?.key;
  return key !== undefined && key.length >= 2 ? key : undefined;
}

/**
 * Where the pinyin a term spells (see {@link typedPinyin}) is cut between syllables by an
 * apostrophe, as positions in it: `xi'an` is xi + an (西安), never xian (先).
 *
 * @example syllableBreaks("xi'an") // [2]
 */
export function syllableBreaks(term: string): number[] {
  return toneless(term)?.breaks ?? [];
}

/**
 * Whether a reading of `word` spells `key` in full with a syllable ending at each of `breaks`.
 *
 * @example spellsWithBreaks('西安', 'xian', [2]) // true; spellsWithBreaks('先', 'xian', [2]) // false
 */
export function spellsWithBreaks(word: string, key: string, breaks: number[]): boolean {
  return pinyinReadings(word).some((syllables) =>
    ['v', 'u'].some((letter) => {
      const spelled = syllables.map((syllable) => syllable.replace(/ü/g, letter));
      if (spelled.join('') !== key) return false;
      const ends = new Set<number>();
      let at = 0;
      for (const syllable of spelled) ends.add((at += syllable.length));
      return breaks.every((position) => ends.has(position));
    }),
  );
}

/**
 * A term typed as Chinese characters followed by pinyin (`乡村zx`, `海通zhengquan`): the
 * characters and the toneless pinyin, or `undefined` when the term is not of that form.
 *
 * @example mixedPinyin('乡村zx') // { chinese: '乡村', key: 'zx' }
 */
export function mixedPinyin(term: string): { chinese: string; key: string } | undefined {
  const parts = /^(\p{Script=Han}+)([^\p{Script=Han}]+)$/u.exec(term);
  const key = parts ? toneless(parts[2])?.key : undefined;
  return parts && key !== undefined ? { chinese: parts[1], key } : undefined;
}
