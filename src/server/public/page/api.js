// @ts-check
// The JSON API as the search page uses it: one function per request, typed by what it answers.

/** @typedef {Record<string, number>} Counts */

/**
 * What `GET /api/settings` answers: the limits and defaults the page takes instead of its own.
 *
 * @typedef {object} Settings
 * @property {string} time_zone
 * @property {{ query_length: number, limit: number, offset: number, snippets: number, bulk_queries: number, suggest_prefix_length: number, suggestions: number }} limits
 * @property {{ limit: number, snippets: number, suggestions: number }} defaults
 */

/**
 * One hit of a search. `title_html` and `snippet_html` are escaped by the server, with only
 * `<mark>` added; everything else is text.
 *
 * @typedef {object} Hit
 * @property {string} id
 * @property {string} title
 * @property {string | null} date
 * @property {string | null} url
 * @property {string[]} categories
 * @property {string} title_html
 * @property {string} snippet_html
 * @property {number} [similar]
 * @property {string[]} [similar_ids]
 */

/**
 * @typedef {object} SearchResponse
 * @property {number} total
 * @property {number} took_ms
 * @property {boolean} relaxed
 * @property {boolean} pinyin
 * @property {Hit[]} hits
 * @property {number} [clusters]
 * @property {{ categories: Counts, tags: Counts, months: Counts }} facets
 */

/** @typedef {{ text: string, kind: 'word' | 'title' | 'pinyin', count: number }} Suggestion */

/**
 * The JSON body of `GET path?params`; throws the API's own message when it refuses.
 *
 * @param {string} path
 * @param {URLSearchParams} [params]
 * @param {AbortSignal} [signal]
 * @returns {Promise<any>}
 */
async function getJson(path, params, signal) {
  const res = await fetch(params ? path + '?' + params.toString() : path, { signal });
  const body = await res.json();
  if (!res.ok) throw new Error(body && body.error ? body.error.message : 'search failed');
  return body;
}

/** @returns {Promise<Settings>} */
export function fetchSettings() {
  return getJson('/api/settings');
}

/**
 * @param {URLSearchParams} params the parameters of `GET /api/search`
 * @returns {Promise<SearchResponse>}
 */
export function fetchSearch(params) {
  return getJson('/api/search', params);
}

/**
 * @param {string} prefix
 * @param {number} limit
 * @param {AbortSignal} signal
 * @returns {Promise<Suggestion[]>}
 */
export async function fetchSuggestions(prefix, limit, signal) {
  const body = await getJson('/api/suggest', new URLSearchParams({ q: prefix, limit: String(limit) }), signal);
  return body.suggestions;
}

/** @type {Promise<Counts> | null} */
let archiveMonths = null;

/**
 * Articles per month of the whole archive, from `/api/stats`: read once, again after a failure.
 *
 * @returns {Promise<Counts>}
 */
export function fetchArchiveMonths() {
  archiveMonths ??= getJson('/api/stats').then(
    (body) => body.months,
    (error) => {
      archiveMonths = null;
      throw error;
    },
  );
  return archiveMonths;
}
