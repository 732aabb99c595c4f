import { defaultConfig, defaultParameters } from '../config';
import { defaultQueryParserOptions, type QueryParserOptions } from './query-parser';
import { defaultRankOptions, type RankOptions } from './rank';
import { noSynonyms, type Synonyms } from './synonyms';

/** Options of one search (the parameters of `/api/search`); every field has a default in {@link defaultSearchOptions}. */
export interface SearchOptions {
  /** Hits per page. */
  limit: number;
  /** Hits skipped before the page. */
  offset: number;
  /** Only articles with this category (exact). */
  category?: string;
  /** Only articles with this tag (exact). */
  tag?: string;
  /** First day, `YYYY-MM-DD`, inclusive, in `timeZone`. */
  from?: string;
  /** Last day, `YYYY-MM-DD`, inclusive, in `timeZone`. */
  to?: string;
  sort: 'relevance' | 'date';
  /** Fragments per snippet. */
  snippets: number;
  /** Aimed characters per fragment. */
  snippetChars: number;
  /** Add per-term matching details to the response. */
  explain: boolean;
  /** Offset of the corpus time zone, for `from`/`to`. */
  timeZone: string;
  parser: QueryParserOptions;
  rank: RankOptions;
  /** Synonym rules: each term also matches its synonyms. */
  synonyms: Synonyms;
  /** A term in pinyin (`yinhang`, `xczx`, `乡村zx`) that matches nothing as written also matches the Chinese words it spells. */
  pinyin: boolean;
  /** One hit per near-duplicate cluster, with the other matches of the cluster as `similar_ids`; paging counts clusters. */
  collapse: boolean;
  /**
   * Called between the stages of the search, its terms and its hits; throws to stop a search
   * that is over its budget (the service's time budget).
   */
  checkBudget?: () => void;
}

export const defaultSearchOptions: SearchOptions = {
  limit: defaultParameters.limit,
  offset: 0,
  sort: 'relevance',
  snippets: defaultParameters.snippets,
  snippetChars: defaultParameters.snippetChars,
  explain: false,
  timeZone: defaultConfig.timeZone,
  parser: defaultQueryParserOptions,
  rank: defaultRankOptions,
  synonyms: noSynonyms,
  pinyin: true,
  collapse: false,
};
