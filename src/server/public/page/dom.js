// @ts-check

/**
 * A new element, with a class and a text when they are given.
 *
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 * @example el('span', 'kind', '标题') // <span class="kind">标题</span>
 */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The element of the page with this id, checked to be of `type`: the page cannot run without it.
 *
 * @template {HTMLElement} T
 * @param {string} id
 * @param {new () => T} type
 * @returns {T}
 * @example byId('q', HTMLInputElement).value
 */
export function byId(id, type) {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error('the page has no #' + id);
  return node;
}
