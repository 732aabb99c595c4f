import nodejieba from 'nodejieba';
import { loadDictionary } from '../analysis/dictionary';

/** A company name written with its stock code in parentheses: `海通证券(600837.SH)`. */
export interface CodeMention {
  /** The code in its canonical form (see {@link canonicalCode}), upper case: `600837`, `00388.HK`, `INTC.O`. */
  code: string;
  /** The code as the text writes it, upper case: `600837.SH`, `0388.HK`. */
  form: string;
  /** The company name, normalised: `海通证券`. */
  name: string;
}

/**
 * A stock code in parentheses, in normalised text (full-width brackets are half-width, letters
 * lower case): an A-share or fund code of six digits, optionally with its exchange; a Hong Kong
 * code of four or five digits with `.hk`, or of five digits starting with 0 without it; a US
 * ticker with its exchange (`.o` Nasdaq, `.n` NYSE, `.a` NYSE American, `.oq`). A bare four-digit
 * number is a year, bare letters an abbreviation (`(cpi)`): neither is a code.
 */
const CODE_IN_PARENTHESES = /\((\d{6}(?:\.(?:sh|sz|bj))?|\d{4,5}\.hk|0\d{4}|[a-z]{1,5}\.(?:oq|o|n|a))\)/g;

/** The characters a name may consist of: Han, Latin letters and the hyphen of `三叶草生物-b`. */
const NAME_CHAR = /[\p{Script=Han}a-z-]/u;
const HAN = /\p{Script=Han}/gu;

/** The longest name looked for before a code, in characters. */
const MAX_NAME = 16;

/**
 * Parts of speech that cannot be inside a company name: verbs (`下调`, `预计`), prepositions
 * (`从`), conjunctions (`及`), adverbs (`将`), pronouns (`其中`), measure words (`股`),
 * particles, numerals, locations in time or place. Adjectives can (`新希望`).
 */
const NOT_IN_NAME = new Set(['v', 'vd', 'vn', 'vg', 'vi', 'p', 'c', 'd', 'r', 'q', 'u', 'ud', 'ug', 'uj', 'ul', 'uv', 'uz', 'zg', 'm', 'mq', 'f', 't', 'y', 'e', 'o']);

/** Words that introduce a company in market news and that jieba does not know as verbs: `首予` (initiates coverage), `龙头` (the sector's leader). */
const INTRODUCING_WORDS = new Set(['首予', '龙头']);

/**
 * The company name that ends a run of name characters: the words of the run, taken from its end
 * back to the first that cannot be part of a name (the word next to the code is always taken:
 * a name may end in a verb, `新希望`). None when the name has fewer than two Han characters,
 * or only words that cannot be part of one (`下调`).
 *
 * @example nameBefore('公告称海通证券') // '海通证券'
 */
export function nameBefore(run: string): string | null {
  loadDictionary();
  const words = nodejieba.tag(run);
  let start = words.length - 1;
  while (start > 0 && !NOT_IN_NAME.has(words[start - 1].tag) && !INTRODUCING_WORDS.has(words[start - 1].word)) start--;
  const taken = words.slice(start);
  const name = taken
    .map(({ word }) => word)
    .join('')
    .replace(/^-+/, '');
  return (name.match(HAN)?.length ?? 0) >= 2 && taken.some(({ tag }) => !NOT_IN_NAME.has(tag)) ? name : null;
}

/**
 * The canonical form of a normalised stock code, upper case, or `null` when `text` is not a
 * code: an A-share or fund code is its six digits (the digits name one security whatever the
 * exchange: `600837.sh` → `600837`); a Hong Kong code has five digits, padded with zeros as the
 * exchange writes it, and `.HK` (`0388.hk`, `388.hk`, `00388` → `00388.HK`); a US ticker keeps
 * its exchange (`intc.o` → `INTC.O`).
 *
 * @example canonicalCode('0388.hk') // '00388.HK'
 */
export function canonicalCode(text: string): string | null {
  const share = /^(\d{6})(?:\.(?:sh|sz|bj))?$/.exec(text);
  if (share) return share[1];
  const hongKong = /^(?:(\d{1,5})\.hk|(0\d{4}))$/.exec(text);
  if (hongKong) return `${(hongKong[1] ?? hongKong[2]).padStart(5, '0')}.HK`;
  if (/^[a-z]{1,5}\.(?:oq|o|n|a)$/.test(text)) return text.toUpperCase();
  return null;
}

/**
 * Every company name written with its stock code in NORMALISED text (`海通证券(600837.sh)`,
 * `港交所(0388.hk)`), each distinct mention once, in order. A code that follows no name
 * (`lp(sun.n)`, `etf(516380)` without Han characters) gives none.
 *
 * @example mineCodes('公告称海通证券(600837.sh)')
 * // [{ code: '600837', form: '600837.SH', name: '海通证券' }]
 */
export function mineCodes(text: string): CodeMention[] {
  const mentions = new Map<string, CodeMention>();
  for (const match of text.matchAll(CODE_IN_PARENTHESES)) {
    let start = match.index;
    while (start > 0 && match.index - start < MAX_NAME && NAME_CHAR.test(text[start - 1])) start--;
    const name = start < match.index ? nameBefore(text.slice(start, match.index)) : null;
    const code = canonicalCode(match[1]);
    if (name === null || code === null) continue;
    const mention = { code, form: match[1].toUpperCase(), name };
    mentions.set(`${mention.code}\n${mention.form}\n${mention.name}`, mention);
  }
  return [...mentions.values()];
}
