import { mixedPinyin, syllableBreaks, typedPinyin } from '../analysis/pinyin';
import type { SearchIndex } from '../index/search-index';
import type { TermMatch } from './match';
import { mixedPinyinWords, pinyinWords, type PinyinWord, type Spelled } from './pinyin-table';
import { withAlternatives, type ParsedQuery, type Term } from './query-parser';

/** Most words one pinyin term stands for: the most frequent, so that `shi` does not match half the archive. */
export const MAX_PINYIN_WORDS = 20;

/** How a term was read as pinyin (`explain`). */
export interface PinyinExplanation {
  /** The toneless pinyin the term spells (its Latin part, when it starts with Chinese characters). */
  key: string;
  /** Whether it spells the words in full or gives their initials. */
  spelled: Spelled;
  /** The words it matched instead, most frequent first. */
  words: string[];
  /** How many indexed words it spells; more than `words` when capped at {@link MAX_PINYIN_WORDS}. */
  found: number;
  capped: boolean;
}

/**
 * How a term is read as pinyin, when it is Latin letters (`yinhang`) or Chinese characters
 * followed by them (`乡村zx`): a function finding the words it spells, so that a term found as
 * written costs no look-up.
 */
function pinyinOf(index: SearchIndex, norm: string): (() => { key: string; spelled: Spelled; words: PinyinWord[] }) | undefined {
  const key = typedPinyin(norm);
  if (key !== undefined) return () => ({ key, ...pinyinWords(index, key, syllableBreaks(norm)) });
  const mixed = mixedPinyin(norm);
  if (mixed !== undefined) return () => ({ key: mixed.key, ...mixedPinyinWords(index, mixed.chinese, mixed.key) });
  return undefined;
}

/**
 * `terms`, each term in pinyin that matches nothing as written followed by the Chinese words
 * it spells, leaving out what is there already.
 */
function withPinyin(index: SearchIndex, terms: Term[], matches: (term: Term) => TermMatch, read: Map<Term, PinyinExplanation>): Term[] {
  return withAlternatives(terms, (term) => {
    // Quotes ask for exactly that text; a synonym is not what the reader typed.
    if (term.quoted || term.synonymOf) return [];
    const reading = pinyinOf(index, term.norm);
    if (reading === undefined || matches(term).docs.length > 0) return [];
    const { key, spelled, words } = reading();
    if (words.length === 0) return [];
    const kept = words.slice(0, MAX_PINYIN_WORDS).map(({ word }) => word);
    read.set(term, { key, spelled, words: kept, found: words.length, capped: words.length > kept.length });
    return kept.map((word): Term => ({ raw: word, norm: word, field: term.field, pinyinOf: term }));
  });
}

/**
 * The query with each Latin term that occurs nowhere as written (`yinhang`, `xczx`) given,
 * as alternatives of it (an OR group), the indexed Chinese words whose pinyin it spells, in
 * full or by initials, matched as substrings in the same field; a term of Chinese characters
 * followed by pinyin (`乡村zx`) the words that start with those characters and go on with what
 * the pinyin spells. A Chinese term, a term found as written and a quoted term are left as
 * they are. `matches` looks a term up (and keeps the match for the search). Returns how each
 * expanded term was read.
 *
 * @example expandPinyin(index, parseQuery('yinhang'), match).query.groups[0].map((t) => t.norm) // ['yinhang', '银行']
 */
export function expandPinyin(index: SearchIndex, query: ParsedQuery, matches: (term: Term) => TermMatch): { query: ParsedQuery; read: Map<Term, PinyinExplanation> } {
  const read = new Map<Term, PinyinExplanation>();
  const groups = query.groups.map((group) => withPinyin(index, group, matches, read));
  const excluded = withPinyin(index, query.excluded, matches, read);
  return read.size === 0 ? { query, read } : { query: { groups, excluded }, read };
}

/** The `explain` fields of a term about pinyin: how a Latin term was read, or which term a word stands for. */
export function pinyinExplanation(term: Term, read: Map<Term, PinyinExplanation>): { pinyin?: PinyinExplanation; pinyinOf?: string } {
  if (term.pinyinOf) return { pinyinOf: term.pinyinOf.raw };
  const reading = read.get(term);
  return reading ? { pinyin: reading } : {};
}
