// @ts-check
// The timeline of matches per month. It spans the query's matches over the whole archive (the
// search without from/to), so that the month picked on it stays in view among the others.
import { fetchArchiveMonths, fetchSearch } from './api.js';
import { el } from './dom.js';

/** @typedef {import('./api.js').Counts} Counts */
/** @typedef {import('./api.js').SearchResponse} SearchResponse */
/** @typedef {import('./state.js').SearchState} SearchState */

/**
 * Every month from `first` to `last` (`YYYY-MM`), at most 601.
 *
 * @param {string} first
 * @param {string} last
 * @returns {string[]}
 */
function monthsBetween(first, last) {
  const months = [];
  let year = +first.slice(0, 4);
  let month = +first.slice(5, 7);
  for (;;) {
    const key = year + '-' + (month < 10 ? '0' : '') + month;
    months.push(key);
    if (key >= last || months.length > 600) return months;
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
}

/**
 * @param {string} month `YYYY-MM`
 * @returns {string} its last day, `YYYY-MM-DD`
 */
export function lastDay(month) {
  const date = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0));
  return month + '-' + String(date.getUTCDate()).padStart(2, '0');
}

/** @param {number} share */
function percent(share) {
  return (100 * share).toFixed(share < 0.01 ? 2 : 1) + '%';
}

/** @param {SearchState} state */
function timelineKey(state) {
  return JSON.stringify([state.q, state.category, state.tag]);
}

/**
 * @param {{ box: HTMLElement, chart: HTMLElement, scaleCount: HTMLButtonElement, scaleShare: HTMLButtonElement }} elements
 * @param {{ onMonth: (month: string, active: boolean) => void, onScale: (scale: string) => void }} handlers
 *   `onMonth` when a bar is clicked (`active` when its month is the filter already), `onScale`
 *   when the bars switch between counts (`''`) and shares (`share`)
 */
export function createTimelineView({ box, chart, scaleCount, scaleShare }, { onMonth, onScale }) {
  /** @type {Record<string, Counts>} */
  const monthsOfQuery = {};
  /** @type {SearchState | null} */
  let shown = null;
  /** @type {Counts | null} */
  let archiveMonths = null;

  /** @param {string} scale */
  function setScale(scale) {
    onScale(scale);
    if (shown) {
      shown.scale = scale;
      draw(shown);
    }
  }

  /** @param {SearchState} state */
  function draw(state) {
    const share = state.scale === 'share';
    scaleCount.setAttribute('aria-pressed', share ? 'false' : 'true');
    scaleShare.setAttribute('aria-pressed', share ? 'true' : 'false');
    if (share && !archiveMonths) {
      fetchArchiveMonths().then(
        (months) => {
          archiveMonths = months;
          if (shown === state) draw(state);
        },
        () => setScale(''),
      );
      return;
    }
    const perArchiveMonth = archiveMonths ?? {};
    const counts = monthsOfQuery[timelineKey(state)];
    const keys = Object.keys(counts).sort();
    if (keys.length === 0) {
      box.hidden = true;
      return;
    }
    const months = monthsBetween(keys[0], keys[keys.length - 1]);
    /** @param {string} month */
    const value = (month) => {
      const count = counts[month] || 0;
      return share ? (perArchiveMonth[month] ? count / perArchiveMonth[month] : 0) : count;
    };
    const max = Math.max(...months.map(value));
    const labelEvery = Math.max(1, Math.ceil(months.length / 8));
    chart.dataset.scale = share ? 'share' : 'count';
    chart.replaceChildren(
      ...months.map((month, i) => {
        const count = counts[month] || 0;
        const active = state.from === month + '-01' && state.to === lastDay(month);
        const bar = el('button', count ? 'bar' : 'bar empty');
        bar.type = 'button';
        bar.dataset.month = month;
        bar.title =
          month + '：' + count + ' 条' + (share ? '，占当月 ' + (perArchiveMonth[month] || 0) + ' 篇的 ' + percent(value(month)) : '') + (active ? '（再次点击取消筛选）' : '');
        bar.setAttribute('aria-label', bar.title);
        bar.setAttribute('aria-pressed', active ? 'true' : 'false');
        bar.style.height = (count ? Math.max(6, Math.round((60 * value(month)) / max)) : 2) + 'px';
        if (active) bar.classList.add('active');
        if (i % labelEvery === 0) bar.appendChild(el('span', 'label', month));
        bar.addEventListener('click', () => onMonth(month, active));
        return bar;
      }),
    );
    box.hidden = false;
  }

  scaleCount.addEventListener('click', () => setScale(''));
  scaleShare.addEventListener('click', () => setScale('share'));

  return {
    hide() {
      shown = null;
      box.hidden = true;
    },
    /**
     * Draws the months of the search `state`; a search limited to some days first fetches the
     * months of the same search without them.
     *
     * @param {SearchState} state
     * @param {SearchResponse} response
     */
    show(state, response) {
      shown = state;
      const key = timelineKey(state);
      if (!state.from && !state.to) monthsOfQuery[key] = response.facets.months;
      if (monthsOfQuery[key]) {
        draw(state);
        return;
      }
      const params = new URLSearchParams({ q: state.q, limit: '1', snippets: '0' });
      if (state.category) params.set('category', state.category);
      if (state.tag) params.set('tag', state.tag);
      fetchSearch(params).then(
        (body) => {
          monthsOfQuery[key] = body.facets.months;
          if (shown === state) draw(state);
        },
        // Without the months of the whole query the chart stays as it was: it is a help, not a need.
        () => undefined,
      );
    },
  };
}
