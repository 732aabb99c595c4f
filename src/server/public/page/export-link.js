// @ts-check
// The link to the CSV export of the search shown: every match, with the same filters and order.
import { FILTERS } from './state.js';

/** @typedef {import('./state.js').SearchState} SearchState */

/** @param {HTMLAnchorElement} link */
export function createExportLink(link) {
  return {
    hide() {
      link.hidden = true;
    },
    /** @param {SearchState} state */
    point(state) {
      const params = new URLSearchParams({ q: state.q, format: 'csv' });
      FILTERS.forEach((name) => {
        if (state[name]) params.set(name, state[name]);
      });
      link.href = '/api/export?' + params.toString();
    },
    /** @param {number} total */
    show(total) {
      link.hidden = total === 0;
    },
  };
}
