// @ts-check
// The jiansuo search page: talks only to the JSON API, and takes its limits and page size from
// `GET /api/settings`. Every move to another search goes through `navigate`.
import { fetchSearch, fetchSettings } from './api.js';
import { byId } from './dom.js';
import { createExportLink } from './export-link.js';
import { showFacet } from './facets-view.js';
import { createPagerView } from './pager-view.js';
import { createResultsView } from './results-view.js';
import { FILTERS, stateFromUrl, urlOf } from './state.js';
import { createStatusView } from './status-view.js';
import { createSuggestionsView } from './suggestions-view.js';
import { createTimelineView, lastDay } from './timeline-view.js';

/** @typedef {import('./api.js').SearchResponse} SearchResponse */
/** @typedef {import('./state.js').SearchState} SearchState */

const settings = fetchSettings();

const input = byId('q', HTMLInputElement);
const controls = {
  category: byId('category', HTMLSelectElement),
  tag: byId('tag', HTMLSelectElement),
  from: byId('from', HTMLInputElement),
  to: byId('to', HTMLInputElement),
  sort: byId('sort', HTMLSelectElement),
};
const status = createStatusView(byId('status', HTMLElement));
const exportLink = createExportLink(byId('export', HTMLAnchorElement));
const results = createResultsView(byId('results', HTMLElement));
const pager = createPagerView(byId('pager', HTMLElement), (target) => {
  navigate(target);
  window.scrollTo(0, 0);
});
const timeline = createTimelineView(
  { box: byId('timeline-box', HTMLElement), chart: byId('timeline', HTMLElement), scaleCount: byId('scale-count', HTMLButtonElement), scaleShare: byId('scale-share', HTMLButtonElement) },
  {
    onMonth: (month, active) => navigate(fromForm(active ? { from: '', to: '' } : { from: month + '-01', to: lastDay(month) })),
    onScale: (scale) => history.replaceState(null, '', urlOf({ ...stateFromUrl(location.search), scale })),
  },
);
const suggestions = createSuggestionsView(input, byId('suggestions', HTMLElement), {
  limits: async () => {
    const { limits, defaults } = await settings;
    return { prefixLength: limits.suggest_prefix_length, suggestions: defaults.suggestions };
  },
  onChoose: () => navigate(fromForm({})),
});

/**
 * Shows `state` and records it in the history: the one way the page moves to another search.
 *
 * @param {SearchState} state
 */
function navigate(state) {
  history.pushState(null, '', urlOf(state));
  void run(state);
}

/**
 * The search the form shows, from its first page, with `changes` applied.
 *
 * @param {Partial<SearchState>} changes
 * @returns {SearchState}
 */
function fromForm(changes) {
  const state = stateFromUrl(location.search);
  state.q = input.value.trim();
  FILTERS.forEach((name) => {
    state[name] = controls[name].value;
  });
  return { ...state, page: 1, ...changes };
}

/** @param {SearchState} state */
function showForm(state) {
  input.value = state.q;
  controls.from.value = state.from;
  controls.to.value = state.to;
  controls.sort.value = state.sort || 'relevance';
  showFacet(controls.category, {}, state.category);
  showFacet(controls.tag, {}, state.tag);
}

function clearResults() {
  results.clear();
  pager.clear();
  timeline.hide();
}

let searchSeq = 0;

/**
 * Shows the search `state`: its hits, facets, timeline and pages. Wire copies of one story show
 * as one hit and the pages count those clusters; the export has every match.
 *
 * @param {SearchState} state
 */
async function run(state) {
  showForm(state);
  suggestions.hide();
  exportLink.hide();
  if (!state.q) {
    document.title = '检索 jiansuo';
    status.clear();
    clearResults();
    return;
  }
  document.title = state.q + ' - 检索';
  exportLink.point(state);
  const seq = ++searchSeq;
  status.searching();
  try {
    const { defaults } = await settings;
    const params = new URLSearchParams({ q: state.q, limit: String(defaults.limit), offset: String((state.page - 1) * defaults.limit), collapse: '1' });
    FILTERS.forEach((name) => {
      if (state[name]) params.set(name, state[name]);
    });
    const response = await fetchSearch(params);
    if (seq !== searchSeq) return;
    show(state, response, defaults.limit);
  } catch (error) {
    if (seq !== searchSeq) return;
    status.failed(error instanceof Error ? error.message : String(error));
    clearResults();
  }
}

/**
 * @param {SearchState} state
 * @param {SearchResponse} response
 * @param {number} pageSize
 */
function show(state, response, pageSize) {
  status.show(response);
  exportLink.show(response.total);
  showFacet(controls.category, response.facets.categories, state.category);
  showFacet(controls.tag, response.facets.tags, state.tag);
  timeline.show(state, response);
  results.show(response.hits, state.page);
  pager.show(state, response.clusters ?? response.total, pageSize);
}

byId('search-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  navigate(fromForm({}));
});

Object.values(controls).forEach((control) => {
  control.addEventListener('change', () => {
    const next = fromForm({});
    if (next.q) navigate(next);
  });
});

byId('clear-filters', HTMLButtonElement).addEventListener('click', () => navigate(fromForm({ category: '', tag: '', from: '', to: '' })));

window.addEventListener('popstate', () => void run(stateFromUrl(location.search)));

settings.then(
  ({ limits }) => {
    input.maxLength = limits.query_length;
  },
  // The first search shows why the settings could not be read.
  () => undefined,
);
void run(stateFromUrl(location.search));
