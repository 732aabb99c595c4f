import type { Config } from '../config';
import type { CommandIo } from '../index/build-progress';
import { search } from '../search/search';
import type { SearchResponse } from '../search/search-response';
import { openIndexToQuery } from '../service/served-index';
import { markToTerminal } from './terminal';

/** Options of `jiansuo search`. */
export interface SearchCommandOptions {
  limit: number;
  /** Print the API's JSON response instead of a list. */
  json: boolean;
}

/** A search response as a numbered list: title, date and categories, snippet, id and link. */
export function formatResults(response: SearchResponse, tty: boolean): string {
  const lines = [`${response.total} results for ${response.query}${response.relaxed ? ' (relaxed: terms split into words)' : ''}${response.pinyin ? ' (pinyin: Latin terms matched the Chinese words they spell)' : ''} in ${response.took_ms} ms`];
  response.hits.forEach((hit, i) => {
    lines.push(
      '',
      `${i + 1}. ${markToTerminal(hit.title_html, tty)}`,
      `   ${hit.date?.slice(0, 10) ?? 'no date'}  ${hit.categories.join(', ')}`,
      ...(hit.snippet_html === '' ? [] : [`   ${markToTerminal(hit.snippet_html, tty).replace(/\n/g, ' ')}`]),
      `   ${hit.id}${hit.url === null ? '' : `  ${hit.url}`}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

/**
 * `jiansuo search "海通证券"`: one query against the built index, as a readable list or `--json`.
 *
 * @example await runSearch('海通证券', { limit: 5, json: true }, loadConfig(), processIo())
 */
export async function runSearch(query: string, options: SearchCommandOptions, config: Config, io: CommandIo): Promise<number> {
  const { index, synonyms } = await openIndexToQuery(config, io);
  const response = search(index, query, { limit: options.limit, timeZone: config.timeZone, synonyms });
  io.stdout.write(options.json ? `${JSON.stringify(response)}\n` : formatResults(response, io.stdoutIsTTY));
  return 0;
}
