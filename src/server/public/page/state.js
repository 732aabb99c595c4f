// @ts-check
// The state of the page is its URL: a search, its filters, its page and the timeline's scale.

/**
 * @typedef {object} SearchState
 * @property {string} q
 * @property {string} category
 * @property {string} tag
 * @property {string} from
 * @property {string} to
 * @property {string} sort `relevance` (also when empty) or `date`
 * @property {string} scale `share`, or empty for counts
 * @property {number} page from 1
 */

/** @typedef {'q' | 'category' | 'tag' | 'from' | 'to' | 'sort' | 'scale'} Field */

/** @type {Field[]} */
const FIELDS = ['q', 'category', 'tag', 'from', 'to', 'sort', 'scale'];

/**
 * The fields that narrow a search and order it, as the search and the export take them.
 *
 * @type {('category' | 'tag' | 'from' | 'to' | 'sort')[]}
 */
export const FILTERS = ['category', 'tag', 'from', 'to', 'sort'];

/**
 * The state a URL's query string holds.
 *
 * @param {string} search
 * @returns {SearchState}
 * @example stateFromUrl('?q=证券&page=2').page // 2
 */
export function stateFromUrl(search) {
  const params = new URLSearchParams(search);
  const state = { q: '', category: '', tag: '', from: '', to: '', sort: '', scale: '', page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1) };
  FIELDS.forEach((name) => {
    state[name] = params.get(name) || '';
  });
  return state;
}

/**
 * The path and query string of a state on this page; defaults are left out.
 *
 * @param {SearchState} state
 * @returns {string}
 */
export function urlOf(state) {
  const params = new URLSearchParams();
  FIELDS.forEach((name) => {
    if (state[name] && !(name === 'sort' && state[name] === 'relevance') && !(name === 'scale' && state[name] !== 'share')) params.set(name, state[name]);
  });
  if (state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return location.pathname + (query ? '?' + query : '');
}
