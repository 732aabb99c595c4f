// @ts-check
// The status line: searching, the totals of a search, or why it failed.

/** @typedef {import('./api.js').SearchResponse} SearchResponse */

/** @param {HTMLElement} line */
export function createStatusView(line) {
  return {
    clear() {
      line.textContent = '';
    },
    searching() {
      line.className = '';
      line.textContent = '搜索中…';
    },
    /** @param {SearchResponse} response */
    show(response) {
      line.textContent =
        '共 ' + response.total + ' 条结果' + (response.relaxed ? '（放宽匹配：词语分开查找）' : '') + (response.pinyin ? '（按拼音匹配）' : '') + ' · ' + response.took_ms + ' ms';
      line.dataset.total = String(response.total);
    },
    /** @param {string} message */
    failed(message) {
      line.className = 'error';
      line.textContent = message;
    },
  };
}
