// <jiansuo-search>: the search box a site embeds with one module script and one element. It talks
// only to the JSON API at `endpoint` (by default the server this script came from). The ONLY HTML
// it inserts is title_html and snippet_html, which the server escapes and marks with <mark>;
// everything else goes in as text.

const DEFAULT_ENDPOINT = new URL('./', import.meta.url).href;
const SUGGEST_DELAY_MS = 150;
const DEFAULT_HITS = 5;

const STYLE = `
:host {
  display: block; position: relative; max-width: 640px;
  font-family: var(--jiansuo-font, system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif);
  font-size: var(--jiansuo-font-size, 16px); line-height: 1.6; color: var(--jiansuo-text, #222);
}
* { box-sizing: border-box; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
form { display: flex; gap: 6px; }
input {
  flex: 1; min-width: 0; font: inherit; padding: 8px 10px; color: inherit; background: var(--jiansuo-background, #fff);
  border: 1px solid var(--jiansuo-border, #bbb); border-radius: var(--jiansuo-radius, 6px);
}
input:focus { outline: 2px solid var(--jiansuo-accent, #c0392b); outline-offset: -1px; }
button {
  font: inherit; padding: 8px 14px; cursor: pointer; color: var(--jiansuo-accent-text, #fff);
  background: var(--jiansuo-accent, #c0392b); border: 1px solid var(--jiansuo-accent, #c0392b); border-radius: var(--jiansuo-radius, 6px);
}
ul { list-style: none; margin: 0; padding: 0; }
.popup, .results { background: var(--jiansuo-background, #fff); border: 1px solid var(--jiansuo-border, #bbb); border-radius: var(--jiansuo-radius, 6px); }
.popup, :host(:not([results="inline"])) .results {
  position: absolute; left: 0; right: 0; top: 100%; margin-top: 2px; z-index: var(--jiansuo-z-index, 1000);
  max-height: var(--jiansuo-max-height, 420px); overflow-y: auto; box-shadow: 0 4px 12px rgba(0, 0, 0, .12);
}
:host([results="inline"]) .results { margin-top: 8px; }
[role="option"] { padding: 6px 10px; cursor: pointer; }
[role="option"][aria-selected="true"], [role="option"]:hover { background: var(--jiansuo-highlight, #f2f2f2); }
.suggestion { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kind, .date, .status { color: var(--jiansuo-muted, #666); font-size: .8em; }
.kind { margin-left: 6px; }
.hit a { color: var(--jiansuo-link, #1a0dab); text-decoration: none; font-weight: 600; }
.hit a:hover { text-decoration: underline; }
.hit .snippet { margin: 2px 0 0; font-size: .875em; }
.date { margin-left: 8px; font-weight: normal; }
.more a { color: var(--jiansuo-accent, #c0392b); font-size: .875em; }
.status { display: block; margin: 0; padding: 6px 10px; }
.status:empty { display: none; }
mark { background: var(--jiansuo-mark, #ffe58f); color: inherit; padding: 0 1px; }
`;

/** Endpoint → the limits and defaults it answers at `api/settings`, read once per endpoint. */
const settingsOf = new Map();

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The search box. Attributes: `endpoint` (where jiansuo answers), `results` (`dropdown`, the
 * default, or `inline`), `limit` (hits shown, from 1 to the largest `limit` the service accepts),
 * `placeholder` and `label` (its accessible name). Its limits come from the service's `api/settings`.
 */
export class JiansuoSearch extends HTMLElement {
  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = el('style', '', STYLE);
    this.form = el('form');
    this.form.setAttribute('role', 'search');
    const label = el('label', 'visually-hidden');
    label.htmlFor = 'q';
    this.input = el('input');
    this.input.id = 'q';
    this.input.type = 'search';
    this.input.autocomplete = 'off';
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.setAttribute('part', 'input');
    const button = el('button', '', '搜索');
    button.type = 'submit';
    button.setAttribute('part', 'button');
    this.form.append(label, this.input, button);
    this.suggestions = this.listbox('suggestions', 'popup', '搜索建议');
    this.suggestions.hidden = true;
    this.hits = this.listbox('hits', '', '搜索结果');
    this.status = el('p', 'status');
    this.status.setAttribute('role', 'status');
    this.results = el('div', 'results');
    this.results.hidden = true;
    this.results.setAttribute('part', 'results');
    this.results.append(this.status, this.hits);
    root.append(style, this.form, this.suggestions, this.results);
    this.label = label;
    this.active = -1;
    this.suggestSeq = 0;
    this.searchSeq = 0;
    this.suggestTimer = undefined;
    this.suggestAbort = null;
    this.wire();
  }

  static get observedAttributes() {
    return ['label', 'placeholder'];
  }

  connectedCallback() {
    this.attributeChangedCallback();
    this.settings().then(
      ({ limits }) => {
        this.input.maxLength = limits.query_length;
      },
      // The first search or suggestion says why the service cannot be reached.
      () => undefined,
    );
  }

  /** The limits and defaults of the service at `endpoint`; read again after a failure. */
  settings() {
    const endpoint = this.endpoint;
    if (!settingsOf.has(endpoint)) {
      settingsOf.set(
        endpoint,
        this.getJson('api/settings', {}).catch((error) => {
          settingsOf.delete(endpoint);
          throw error;
        }),
      );
    }
    return settingsOf.get(endpoint);
  }

  attributeChangedCallback() {
    this.label.textContent = this.getAttribute('label') || '搜索新闻';
    this.input.placeholder = this.getAttribute('placeholder') || '搜索新闻';
  }

  /** Where the API lives, always ending in `/` so that `api/…` resolves below it. */
  get endpoint() {
    const base = new URL(this.getAttribute('endpoint') || DEFAULT_ENDPOINT, document.baseURI).href;
    return base.endsWith('/') ? base : base + '/';
  }

  /** The `limit` attribute when the service accepts it as a search's limit, else {@link DEFAULT_HITS}. */
  hitLimit(maxLimit) {
    const limit = parseInt(this.getAttribute('limit') || '', 10);
    return limit >= 1 && limit <= maxLimit ? limit : DEFAULT_HITS;
  }

  listbox(id, className, name) {
    const list = el('ul', className);
    list.id = id;
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', name);
    list.setAttribute('part', id);
    return list;
  }

  /** The list the arrow keys move in: suggestions while they show, else the results. */
  shownList() {
    if (!this.suggestions.hidden) return this.suggestions;
    return this.results.hidden ? null : this.hits;
  }

  options(list) {
    return list.querySelectorAll('[role="option"]');
  }

  syncExpanded() {
    const list = this.shownList();
    this.input.setAttribute('aria-expanded', list ? 'true' : 'false');
    if (list) this.input.setAttribute('aria-controls', list.id);
    else this.input.removeAttribute('aria-controls');
  }

  setActive(index) {
    const list = this.shownList();
    const options = list ? this.options(list) : [];
    this.active = options.length === 0 || index < 0 ? -1 : (index + options.length) % options.length;
    options.forEach((option, i) => option.setAttribute('aria-selected', i === this.active ? 'true' : 'false'));
    if (this.active < 0) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.input.setAttribute('aria-activedescendant', options[this.active].id);
    options[this.active].scrollIntoView({ block: 'nearest' });
  }

  hideSuggestions() {
    clearTimeout(this.suggestTimer);
    this.suggestSeq++;
    if (this.suggestAbort) this.suggestAbort.abort();
    this.suggestions.hidden = true;
    this.suggestions.replaceChildren();
    this.setActive(-1);
    this.syncExpanded();
  }

  hideResults() {
    this.searchSeq++;
    this.results.hidden = true;
    this.hits.replaceChildren();
    this.setActive(-1);
    this.syncExpanded();
  }

  async getJson(path, params, signal) {
    const res = await fetch(new URL(path + '?' + new URLSearchParams(params), this.endpoint), { signal });
    const body = await res.json();
    if (!res.ok) throw new Error(body && body.error ? body.error.message : 'search failed');
    return body;
  }

  suggest(prefix) {
    clearTimeout(this.suggestTimer);
    const seq = ++this.suggestSeq;
    this.suggestTimer = setTimeout(() => {
      if (this.suggestAbort) this.suggestAbort.abort();
      this.suggestAbort = new AbortController();
      const signal = this.suggestAbort.signal;
      this.settings()
        .then(({ limits, defaults }) => this.getJson('api/suggest', { q: prefix.slice(0, limits.suggest_prefix_length), limit: String(defaults.suggestions) }, signal))
        .then((body) => {
          // A reply to an older prefix, or one that arrives after the box was left, is dropped.
          if (seq === this.suggestSeq && this.input.value.trim() === prefix) this.showSuggestions(body.suggestions);
        })
        .catch(() => {
          // Aborted by a newer keystroke, or the API refused: suggestions are a help, not a need.
        });
    }, SUGGEST_DELAY_MS);
  }

  showSuggestions(items) {
    this.suggestions.replaceChildren(
      ...items.map((item, i) => {
        const option = el('li', 'suggestion', item.text);
        option.id = 'suggestion-' + i;
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.dataset.text = item.text;
        option.appendChild(el('span', 'kind', item.kind === 'title' ? '标题' : item.count + ' 篇'));
        option.addEventListener('mousedown', (event) => {
          event.preventDefault();
          this.choose(item.text);
        });
        return option;
      }),
    );
    this.suggestions.hidden = items.length === 0;
    this.setActive(-1);
    this.syncExpanded();
  }

  choose(text) {
    this.input.value = text;
    this.hideSuggestions();
    this.search(text);
  }

  search(q) {
    this.hideSuggestions();
    if (!q) {
      this.hideResults();
      return;
    }
    const seq = ++this.searchSeq;
    this.showStatus('搜索中…');
    this.settings()
      .then(({ limits }) => this.getJson('api/search', { q, limit: String(this.hitLimit(limits.limit)), snippets: '1' }))
      .then((body) => {
        if (seq === this.searchSeq) this.showResults(q, body);
      })
      .catch((error) => {
        if (seq === this.searchSeq) this.showStatus(error instanceof TypeError ? '搜索服务暂时无法访问' : error.message);
      });
  }

  showStatus(text) {
    this.status.textContent = text;
    this.hits.replaceChildren();
    this.results.hidden = false;
    this.setActive(-1);
    this.syncExpanded();
  }

  showResults(q, response) {
    this.status.textContent = response.total === 0 ? '没有找到“' + q + '”' : '共 ' + response.total + ' 条结果';
    const items = response.hits.map((hit, i) => {
      const item = el('li', 'hit');
      item.id = 'hit-' + i;
      item.dataset.id = hit.id;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', 'false');
      const link = el('a');
      link.href = hit.url || new URL('api/docs/' + encodeURIComponent(hit.id), this.endpoint).href;
      link.rel = 'noopener';
      link.innerHTML = hit.title_html; // escaped by the server; only <mark> added
      const date = el('time', 'date', hit.date ? hit.date.slice(0, 10) : '');
      const snippet = el('p', 'snippet');
      snippet.innerHTML = hit.snippet_html; // escaped by the server; only <mark> added
      item.append(link, date, snippet);
      return item;
    });
    if (response.total > 0) {
      const more = el('li', 'more');
      more.id = 'more';
      more.setAttribute('role', 'option');
      more.setAttribute('aria-selected', 'false');
      const link = el('a', '', '查看全部 ' + response.total + ' 条结果');
      link.href = this.endpoint + '?' + new URLSearchParams({ q });
      more.appendChild(link);
      items.push(more);
    }
    this.hits.replaceChildren(...items);
    this.results.hidden = false;
    this.setActive(-1);
    this.syncExpanded();
  }

  wire() {
    this.input.addEventListener('input', () => {
      const prefix = this.input.value.trim();
      if (prefix) this.suggest(prefix);
      else this.hideSuggestions();
    });
    this.input.addEventListener('keydown', (event) => {
      const list = this.shownList();
      if (event.key === 'Escape') {
        if (!list) return;
        event.preventDefault();
        if (list === this.suggestions) this.hideSuggestions();
        else this.hideResults();
      } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && list) {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        this.setActive(this.active < 0 && step < 0 ? -1 + this.options(list).length : this.active + step);
      } else if (event.key === 'Enter' && list && this.active >= 0) {
        event.preventDefault();
        const option = this.options(list)[this.active];
        if (list === this.suggestions) this.choose(option.dataset.text);
        else option.querySelector('a').click();
      }
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.search(this.input.value.trim());
    });
    // A press on a hit's text keeps the focus in the box and follows the hit's link.
    this.hits.addEventListener('mousedown', (event) => {
      if (!event.target.closest('a')) event.preventDefault();
    });
    this.hits.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option && !event.target.closest('a')) option.querySelector('a').click();
    });
    // Leaving the element closes the popups; the results stay when they are inline.
    this.shadowRoot.addEventListener('focusout', (event) => {
      if (event.relatedTarget && this.shadowRoot.contains(event.relatedTarget)) return;
      this.hideSuggestions();
      if (this.getAttribute('results') !== 'inline') this.hideResults();
    });
  }
}

if (!customElements.get('jiansuo-search')) customElements.define('jiansuo-search', JiansuoSearch);
