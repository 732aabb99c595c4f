import { loadDictionary } from '../analysis';
import { utcOffsetMinutes, type Config } from '../config';
import { ensureIndex } from '../index/ensure-index';
import type { SearchIndex } from '../index/search-index';
import { replayWrites } from '../index/write-log';
import { search, type SearchResponse } from '../search/search';
import { loadCodes, withCodes } from '../search/code-synonyms';
import { minedCodes } from '../search/mined-codes';
import { loadSynonyms } from '../search/synonym-file';
import type { Synonyms } from '../search/synonyms';
import { buildProgress, type CommandIo } from '../index/build-progress';
import { markToTerminal } from './terminal';

/** Options of `jiansuo search`. */
export interface SearchCommandOptions {
  limit: number;
  /** Print the API's JSON response instead of a list. */
  json: boolean;
}

/**
 * The index of `config.indexDir` with its logged writes applied, and the synonym rules: what
 * the service would answer from, built from `config.corpusDir` first when missing or stale, as
 * `jiansuo start` does (progress on stderr).
 */
export async function loadServedIndex(config: Config, io: CommandIo): Promise<{ index: SearchIndex; synonyms: Synonyms }> {
  const { synonyms } = await loadSynonyms(config.indexDir, config.synonymsFile);
  const progress = buildProgress(io);
  const { index, manifest } = await ensureIndex({
    corpusDir: config.corpusDir,
    corpusNamed: config.corpusNamed,
    indexDir: config.indexDir,
    onProgress: progress.update,
    utcOffsetMinutes: utcOffsetMinutes(config.timeZone),
  }).finally(progress.stop);
  await replayWrites(index, config.indexDir, manifest.writeLog);
  // jieba's dictionary loads on first use (1–3 s): not inside the first query's took_ms.
  loadDictionary();
  return { index, synonyms: withCodes(synonyms, await loadCodes(config.codesFile), minedCodes(index)) };
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
  const { index, synonyms } = await loadServedIndex(config, io);
  const response = search(index, query, { limit: options.limit, timeZone: config.timeZone, synonyms });
  io.stdout.write(options.json ? `${JSON.stringify(response)}\n` : formatResults(response, io.stdoutIsTTY));
  return 0;
}
