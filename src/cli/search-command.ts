import type { Config } from '../config';
import { readIndex } from '../index/persist';
import type { SearchIndex } from '../index/search-index';
import { replayWrites } from '../index/write-log';
import { search, type SearchResponse } from '../search/search';
import type { CommandIo } from './progress';
import { markToTerminal } from './terminal';

/** Options of `jiansuo search`. */
export interface SearchCommandOptions {
  limit: number;
  /** Print the API's JSON response instead of a list. */
  json: boolean;
}

/** The index of `config.indexDir` with its logged writes applied: what the service would answer from. */
export async function loadServedIndex(config: Config): Promise<SearchIndex> {
  const { index } = await readIndex(config.indexDir);
  await replayWrites(index, config.indexDir);
  return index;
}

/** A search response as a numbered list: title, date and categories, snippet, id and link. */
export function formatResults(response: SearchResponse, tty: boolean): string {
  const lines = [`${response.total} results for ${response.query}${response.relaxed ? ' (relaxed: terms split into words)' : ''} in ${response.took_ms} ms`];
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
  const index = await loadServedIndex(config);
  const response = search(index, query, { limit: options.limit, timeZone: config.timeZone });
  io.stdout.write(options.json ? `${JSON.stringify(response)}\n` : formatResults(response, io.stdoutIsTTY));
  return 0;
}
