// @ts-check
// The pager: the previous and next page and up to nine pages around the one shown.
import { el } from './dom.js';
import { urlOf } from './state.js';

/** @typedef {import('./state.js').SearchState} SearchState */

/**
 * @param {HTMLElement} nav
 * @param {(target: SearchState) => void} onPage called with the state of the page clicked
 */
export function createPagerView(nav, onPage) {
  /**
   * @param {SearchState} state
   * @param {number} page
   * @param {string} text
   * @returns {HTMLElement}
   */
  function pageLink(state, page, text) {
    if (page === state.page) {
      const current = el('span', '', text);
      current.setAttribute('aria-current', 'page');
      return current;
    }
    const target = { ...state, page };
    const link = el('a', '', text);
    link.href = urlOf(target);
    link.dataset.page = String(page);
    link.addEventListener('click', (event) => {
      event.preventDefault();
      onPage(target);
    });
    return link;
  }

  return {
    clear() {
      nav.replaceChildren();
    },
    /**
     * @param {SearchState} state
     * @param {number} total what the pages count
     * @param {number} pageSize
     */
    show(state, total, pageSize) {
      const pages = Math.ceil(total / pageSize);
      nav.replaceChildren();
      if (pages <= 1) return;
      if (state.page > 1) nav.appendChild(pageLink(state, state.page - 1, '上一页'));
      const first = Math.max(1, state.page - 4);
      const last = Math.min(pages, first + 8);
      for (let page = first; page <= last; page++) nav.appendChild(pageLink(state, page, String(page)));
      if (state.page < pages) nav.appendChild(pageLink(state, state.page + 1, '下一页'));
    },
  };
}
