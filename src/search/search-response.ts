import type { DayCounts } from './day-facets';
import type { Facets } from './facets';
import type { PinyinExplanation } from './pinyin-expansion';

/** One hit of a search: the article's fields, its score and its highlighted title and snippet. */
export interface SearchHit {
  id: string;
  title: string;
  date: string | null;
  url: string | null;
  categories: string[];
  tags: string[];
  score: number;
  title_html: string;
  snippet_html: string;
  /** With `collapse`: how many other matches are near-duplicates of this one. */
  similar?: number;
  /** With `collapse`: their ids, newest first. */
  similar_ids?: string[];
}

/** Why each term matched what it matched (`explain`). */
export interface TermExplanation {
  term: string;
  field: 'any' | 'title';
  excluded: boolean;
  normalized: string;
  /** jieba search-mode words of the term. */
  words: string[];
  candidates: number;
  matches: number;
  /** Set when the term was replaced by its words in the relaxed fallback. */
  relaxedInto?: string[];
  /** The synonyms the term also matched, normalised. */
  synonyms?: string[];
  /** Set on a synonym: the term as typed it stands for. */
  synonymOf?: string;
  /** Set on a term read as pinyin: the words it matched instead. */
  pinyin?: PinyinExplanation;
  /** Set on a word a term spells in pinyin: that term as typed. */
  pinyinOf?: string;
}

/** The answer to one search: the page of hits, the exact total and the facets of every match. */
export interface SearchResponse {
  query: string;
  total: number;
  took_ms: number;
  relaxed: boolean;
  /** True when a term in pinyin matched the Chinese words it spells. */
  pinyin: boolean;
  hits: SearchHit[];
  /** With `collapse`: the near-duplicate clusters among the matches (a match in none counts as one). */
  clusters?: number;
  /** `days` only when `from` and `to` are both set and at most 31 days apart. */
  facets: Facets & { days?: DayCounts };
  explain?: { relaxed: boolean; terms: TermExplanation[] };
}
