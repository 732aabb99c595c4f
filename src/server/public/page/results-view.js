// @ts-check
// The list of hits. The ONLY HTML it inserts is title_html and snippet_html, which the server
// escapes and marks with <mark>; everything else goes in as text.
import { el } from './dom.js';

/** @typedef {import('./api.js').Hit} Hit */

/**
 * @param {Hit} hit
 * @returns {HTMLLIElement}
 */
function hitItem(hit) {
  const item = el('li', 'hit');
  item.dataset.id = hit.id;
  const heading = el('h2');
  const link = el('a');
  link.href = hit.url || '/api/docs/' + encodeURIComponent(hit.id);
  link.rel = 'noopener';
  link.innerHTML = hit.title_html;
  heading.appendChild(link);
  const meta = el('div', 'meta');
  meta.appendChild(el('time', 'date', hit.date ? hit.date.slice(0, 10) : ''));
  hit.categories.forEach((category) => meta.appendChild(el('span', 'category', category)));
  const snippet = el('p', 'snippet');
  snippet.innerHTML = hit.snippet_html;
  item.append(heading, meta, snippet);
  if (hit.similar) {
    const similar = el('p', 'similar', '另有 ' + hit.similar + ' 篇相似报道');
    similar.title = (hit.similar_ids ?? []).join('\n');
    item.appendChild(similar);
  }
  return item;
}

/** @param {HTMLElement} list */
export function createResultsView(list) {
  return {
    clear() {
      list.replaceChildren();
    },
    /**
     * @param {Hit[]} hits
     * @param {number} page
     */
    show(hits, page) {
      list.replaceChildren(...hits.map(hitItem));
      list.dataset.page = String(page);
    },
  };
}
