// @ts-check
// Completions under the search box while the user types, chosen with the mouse or the arrow keys.
import { fetchSuggestions } from './api.js';
import { el } from './dom.js';

const SUGGEST_DELAY_MS = 150;

/** @typedef {import('./api.js').Suggestion} Suggestion */

/**
 * @param {HTMLInputElement} input
 * @param {HTMLElement} list
 * @param {{ limits: () => Promise<{ prefixLength: number, suggestions: number }>, onChoose: (text: string) => void }} options
 *   `limits` the longest prefix sent and the completions asked for, `onChoose` with the text chosen
 */
export function createSuggestionsView(input, list, { limits, onChoose }) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {AbortController | null} */
  let abort = null;
  let active = -1;

  function hide() {
    clearTimeout(timer);
    if (abort) abort.abort();
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.removeAttribute('aria-activedescendant');
  }

  /** @param {Suggestion[]} items */
  function show(items) {
    list.replaceChildren(
      ...items.map((item, i) => {
        const option = el('li', '', item.text);
        option.id = 'suggestion-' + i;
        option.setAttribute('role', 'option');
        option.dataset.text = item.text;
        option.appendChild(el('span', 'kind', item.kind === 'title' ? '标题' : item.count + ' 篇'));
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(item.text);
        });
        return option;
      }),
    );
    list.hidden = items.length === 0;
    active = -1;
  }

  /** @param {string} text */
  function choose(text) {
    input.value = text;
    hide();
    onChoose(text);
  }

  /** @param {number} index */
  function highlight(index) {
    const options = list.children;
    if (options.length === 0) return;
    active = (index + options.length) % options.length;
    for (let i = 0; i < options.length; i++) options[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
    input.setAttribute('aria-activedescendant', options[active].id);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const prefix = input.value.trim();
    if (!prefix) {
      hide();
      return;
    }
    timer = setTimeout(async () => {
      if (abort) abort.abort();
      const controller = new AbortController();
      abort = controller;
      /** @type {Suggestion[]} */
      let items = [];
      try {
        const { prefixLength, suggestions } = await limits();
        items = await fetchSuggestions(prefix.slice(0, prefixLength), suggestions, controller.signal);
      } catch {
        // A newer keystroke aborted it; else the API refused, and there is nothing to suggest.
        if (controller.signal.aborted) return;
      }
      if (input.value.trim() === prefix && document.activeElement === input) show(items);
    }, SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      highlight(active + 1);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === 'Escape') hide();
    else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(/** @type {HTMLElement} */ (list.children[active]).dataset.text ?? '');
    }
  });

  input.addEventListener('blur', () => setTimeout(hide, 100));

  return { hide };
}
