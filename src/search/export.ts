import { decodeHTML } from 'entities';
import type { SearchIndex } from '../index/search-index';
import { snippet } from './highlight';
import { matchQuery } from './match-query';
import { rankAll } from './rank-page';
import { defaultSearchOptions, type SearchOptions } from './search-options';
import type { SearchHit } from './search-response';

/** One exported match: a search hit without its HTML, and its snippet as plain text when asked for. */
export type ExportRow = Omit<SearchHit, 'title_html' | 'snippet_html'> & { snippet?: string };

/** The columns of an export, in order; `snippet` only when asked for. */
export const EXPORT_COLUMNS = ['id', 'title', 'date', 'url', 'categories', 'tags', 'score', 'snippet'] as const;

/** Rows read from the index at a time: the only rows an export holds. */
export const EXPORT_PAGE_ROWS = 200;

/** Every match of a query, ranked, with its rows still to be read. */
export interface ExportedMatches {
  /** Number of matches: the `total` of the same search. */
  total: number;
  /** Whether rows carry `snippet`. */
  snippet: boolean;
  /** The rows in order, {@link EXPORT_PAGE_ROWS} at a time, read from the index as they are asked for. */
  pages(): Generator<ExportRow[]>;
}

/**
 * Every match of a query in the order `/api/search` pages give (relevance, or date with
 * `sort: 'date'`), with the same scores. Matching and ranking happen now, under
 * `options.checkBudget`, so a bad or too costly query fails before anything is sent; only
 * the ordered document numbers are kept, and the articles are read page by page.
 *
 * @example [...exportMatches(index, '海通证券', {}, false).pages()].flat()[0].title
 * // '海通证券一季度线上开户数同比增长逾四成'
 */
export function exportMatches(index: SearchIndex, query: string, overrides: Partial<SearchOptions>, withSnippet: boolean): ExportedMatches {
  const options: SearchOptions = { ...defaultSearchOptions, ...overrides };
  const matched = matchQuery(index, query, options);
  options.checkBudget?.();
  const ranked = rankAll(index, matched, options);
  const markTerms = matched.parsed.groups.flat().map((term) => term.norm);
  const rowOf = ([doc, score]: [number, number]): ExportRow => {
    const article = index.article(doc);
    const row: ExportRow = { id: article.id, title: article.title, date: article.date, url: article.url, categories: article.categories, tags: article.tags, score };
    if (withSnippet) {
      const html = snippet(article.text, markTerms, options, { text: index.normBody(doc), aligned: index.alignment(doc, article).body });
      // The snippet is escaped text with only <mark> added: without the marks, decoding gives the text back.
      row.snippet = decodeHTML(html.replace(/<\/?mark>/g, ''));
    }
    return row;
  };
  return {
    total: matched.docs.length,
    snippet: withSnippet,
    *pages() {
      for (let start = 0; start < ranked.length; start += EXPORT_PAGE_ROWS) yield ranked.slice(start, start + EXPORT_PAGE_ROWS).map(rowOf);
    },
  };
}
