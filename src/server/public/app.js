// The jiansuo search page: talks only to the JSON API. The ONLY HTML it inserts is title_html and
// snippet_html, which the server escapes and marks with <mark>; everything else goes in as text.
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  var SUGGEST_DELAY_MS = 150;
  var FIELDS = ['q', 'category', 'tag', 'from', 'to', 'sort', 'scale'];

  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var list = document.getElementById('suggestions');
  var statusLine = document.getElementById('status');
  var exportLink = document.getElementById('export');
  var timelineBox = document.getElementById('timeline-box');
  var timeline = document.getElementById('timeline');
  var scaleCount = document.getElementById('scale-count');
  var scaleShare = document.getElementById('scale-share');
  var results = document.getElementById('results');
  var pager = document.getElementById('pager');
  var controls = {
    category: document.getElementById('category'),
    tag: document.getElementById('tag'),
    from: document.getElementById('from'),
    to: document.getElementById('to'),
    sort: document.getElementById('sort'),
  };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- state <-> URL --------------------------------------------------------------------
  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var state = { page: Math.max(1, parseInt(params.get('page') || '1', 10) || 1) };
    FIELDS.forEach(function (name) { state[name] = params.get(name) || ''; });
    return state;
  }

  function urlOf(state) {
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      if (state[name] && !(name === 'sort' && state[name] === 'relevance') && !(name === 'scale' && state[name] !== 'share')) params.set(name, state[name]);
    });
    if (state.page > 1) params.set('page', String(state.page));
    var query = params.toString();
    return location.pathname + (query ? '?' + query : '');
  }

  function navigate(state) {
    history.pushState(null, '', urlOf(state));
    run(state);
  }

  function currentState() {
    var state = stateFromUrl();
    state.q = input.value.trim();
    Object.keys(controls).forEach(function (name) { state[name] = controls[name].value; });
    return state;
  }

  function showState(state) {
    input.value = state.q;
    controls.from.value = state.from;
    controls.to.value = state.to;
    controls.sort.value = state.sort || 'relevance';
    setOptions(controls.category, {}, state.category);
    setOptions(controls.tag, {}, state.tag);
  }

  // ---- search ---------------------------------------------------------------------------
  var searchSeq = 0;

  function run(state) {
    showState(state);
    hideSuggestions();
    exportLink.hidden = true;
    if (!state.q) {
      document.title = '检索 jiansuo';
      statusLine.textContent = '';
      results.replaceChildren();
      pager.replaceChildren();
      hideTimeline();
      return;
    }
    document.title = state.q + ' - 检索';
    // Wire copies of one story show as one hit; the pages count those clusters. The export has every match.
    var params = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String((state.page - 1) * PAGE_SIZE), collapse: '1' });
    var exportParams = new URLSearchParams({ q: state.q, format: 'csv' });
    ['category', 'tag', 'from', 'to', 'sort'].forEach(function (name) {
      if (!state[name]) return;
      params.set(name, state[name]);
      exportParams.set(name, state[name]);
    });
    exportLink.href = '/api/export?' + exportParams.toString();
    var seq = ++searchSeq;
    statusLine.className = '';
    statusLine.textContent = '搜索中…';
    fetch('/api/search?' + params.toString())
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (reply) {
        if (seq !== searchSeq) return;
        if (!reply.ok) throw new Error(reply.body && reply.body.error ? reply.body.error.message : 'search failed');
        render(state, reply.body);
      })
      .catch(function (error) {
        if (seq !== searchSeq) return;
        statusLine.className = 'error';
        statusLine.textContent = error.message;
        results.replaceChildren();
        pager.replaceChildren();
        hideTimeline();
      });
  }

  function render(state, response) {
    statusLine.textContent =
      '共 ' + response.total + ' 条结果' + (response.relaxed ? '（放宽匹配：词语分开查找）' : '') + (response.pinyin ? '（按拼音匹配）' : '') + ' · ' + response.took_ms + ' ms';
    statusLine.dataset.total = String(response.total);
    exportLink.hidden = response.total === 0;
    setOptions(controls.category, response.facets.categories, state.category);
    setOptions(controls.tag, response.facets.tags, state.tag);
    showTimeline(state, response);
    results.replaceChildren.apply(results, response.hits.map(renderHit));
    results.dataset.page = String(state.page);
    renderPager(state, response.clusters);
  }

  function renderHit(hit) {
    var item = el('li', 'hit');
    item.dataset.id = hit.id;
    var heading = el('h2');
    var link = el('a');
    link.href = hit.url || '/api/docs/' + encodeURIComponent(hit.id);
    link.rel = 'noopener';
    link.innerHTML = hit.title_html; // escaped by the server; only <mark> added
    heading.appendChild(link);
    var meta = el('div', 'meta');
    meta.appendChild(el('time', 'date', hit.date ? hit.date.slice(0, 10) : ''));
    hit.categories.forEach(function (category) { meta.appendChild(el('span', 'category', category)); });
    var snippet = el('p', 'snippet');
    snippet.innerHTML = hit.snippet_html; // escaped by the server; only <mark> added
    item.append(heading, meta, snippet);
    if (hit.similar > 0) {
      var similar = el('p', 'similar', '另有 ' + hit.similar + ' 篇相似报道');
      similar.title = hit.similar_ids.join('\n');
      item.appendChild(similar);
    }
    return item;
  }

  function setOptions(select, counts, selected) {
    var first = select.options[0];
    var names = Object.keys(counts);
    if (selected && names.indexOf(selected) < 0) names.unshift(selected);
    select.replaceChildren(first);
    names.forEach(function (name) {
      var option = el('option', '', counts[name] === undefined ? name : name + ' (' + counts[name] + ')');
      option.value = name;
      select.appendChild(option);
    });
    select.value = selected || '';
  }

  // ---- timeline of matches per month ----------------------------------------------------
  // The chart spans the query's matches over the whole archive (the search without from/to), so
  // that the month picked on it stays in view among the others.
  var monthsOfQuery = {};
  var timelineState = null;
  var archiveMonths = null;
  var archiveLoad = null;

  function timelineKey(state) {
    return JSON.stringify([state.q, state.category, state.tag]);
  }

  function monthsBetween(first, last) {
    var months = [];
    var year = +first.slice(0, 4);
    var month = +first.slice(5, 7);
    while (true) {
      var key = year + '-' + (month < 10 ? '0' : '') + month;
      months.push(key);
      if (key >= last || months.length > 600) return months;
      month++;
      if (month > 12) { month = 1; year++; }
    }
  }

  function lastDay(month) {
    var date = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0));
    return month + '-' + String(date.getUTCDate()).padStart(2, '0');
  }

  function percent(share) {
    return (100 * share).toFixed(share < 0.01 ? 2 : 1) + '%';
  }

  /** Articles per month of the whole archive, read once from /api/stats. */
  function loadArchiveMonths() {
    archiveLoad = archiveLoad || fetch('/api/stats')
      .then(function (res) { if (!res.ok) throw new Error('stats failed'); return res.json(); })
      .then(function (body) { archiveMonths = body.months; })
      .catch(function (error) { archiveLoad = null; throw error; });
    return archiveLoad;
  }

  function hideTimeline() {
    timelineState = null;
    timelineBox.hidden = true;
  }

  function showTimeline(state, response) {
    timelineState = state;
    var key = timelineKey(state);
    if (!state.from && !state.to) monthsOfQuery[key] = response.facets.months;
    if (monthsOfQuery[key]) {
      drawTimeline(state);
      return;
    }
    var params = new URLSearchParams({ q: state.q, limit: '1', snippets: '0' });
    ['category', 'tag'].forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    fetch('/api/search?' + params.toString())
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (body) {
        if (!body) return;
        monthsOfQuery[key] = body.facets.months;
        if (timelineState === state) drawTimeline(state);
      });
  }

  function drawTimeline(state) {
    var share = state.scale === 'share';
    scaleCount.setAttribute('aria-pressed', share ? 'false' : 'true');
    scaleShare.setAttribute('aria-pressed', share ? 'true' : 'false');
    if (share && !archiveMonths) {
      loadArchiveMonths().then(
        function () { if (timelineState === state) drawTimeline(state); },
        function () { setScale(''); }
      );
      return;
    }
    var counts = monthsOfQuery[timelineKey(state)];
    var keys = Object.keys(counts).sort();
    if (keys.length === 0) {
      timelineBox.hidden = true;
      return;
    }
    var months = monthsBetween(keys[0], keys[keys.length - 1]);
    function value(month) {
      var count = counts[month] || 0;
      return share ? (archiveMonths[month] ? count / archiveMonths[month] : 0) : count;
    }
    var max = Math.max.apply(null, months.map(value));
    var labelEvery = Math.max(1, Math.ceil(months.length / 8));
    timeline.dataset.scale = share ? 'share' : 'count';
    timeline.replaceChildren.apply(timeline, months.map(function (month, i) {
      var count = counts[month] || 0;
      var active = state.from === month + '-01' && state.to === lastDay(month);
      var bar = el('button', count ? 'bar' : 'bar empty');
      bar.type = 'button';
      bar.dataset.month = month;
      bar.title = month + '：' + count + ' 条' +
        (share ? '，占当月 ' + (archiveMonths[month] || 0) + ' 篇的 ' + percent(value(month)) : '') +
        (active ? '（再次点击取消筛选）' : '');
      bar.setAttribute('aria-label', bar.title);
      bar.setAttribute('aria-pressed', active ? 'true' : 'false');
      bar.style.height = (count ? Math.max(6, Math.round((60 * value(month)) / max)) : 2) + 'px';
      if (active) bar.classList.add('active');
      if (i % labelEvery === 0) bar.appendChild(el('span', 'label', month));
      bar.addEventListener('click', function () {
        var next = currentState();
        next.from = active ? '' : month + '-01';
        next.to = active ? '' : lastDay(month);
        next.page = 1;
        navigate(next);
      });
      return bar;
    }));
    timelineBox.hidden = false;
  }

  function setScale(scale) {
    var state = stateFromUrl();
    state.scale = scale;
    history.replaceState(null, '', urlOf(state));
    if (timelineState) {
      timelineState.scale = scale;
      drawTimeline(timelineState);
    }
  }

  // ---- pagination -----------------------------------------------------------------------
  function renderPager(state, total) {
    var pages = Math.ceil(total / PAGE_SIZE);
    pager.replaceChildren();
    if (pages <= 1) return;
    function add(page, text, current) {
      var node;
      if (current) {
        node = el('span', '', text);
        node.setAttribute('aria-current', 'page');
      } else {
        node = el('a', '', text);
        var target = Object.assign({}, state, { page: page });
        node.href = urlOf(target);
        node.dataset.page = String(page);
        node.addEventListener('click', function (event) {
          event.preventDefault();
          navigate(target);
          window.scrollTo(0, 0);
        });
      }
      pager.appendChild(node);
    }
    if (state.page > 1) add(state.page - 1, '上一页', false);
    var first = Math.max(1, state.page - 4);
    var last = Math.min(pages, first + 8);
    for (var page = first; page <= last; page++) add(page, String(page), page === state.page);
    if (state.page < pages) add(state.page + 1, '下一页', false);
  }

  // ---- suggestions ----------------------------------------------------------------------
  var suggestTimer = null;
  var suggestAbort = null;
  var active = -1;

  function hideSuggestions() {
    clearTimeout(suggestTimer);
    if (suggestAbort) suggestAbort.abort();
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.removeAttribute('aria-activedescendant');
  }

  function showSuggestions(items) {
    list.replaceChildren.apply(list, items.map(function (item, i) {
      var option = el('li', '', item.text);
      option.id = 'suggestion-' + i;
      option.setAttribute('role', 'option');
      option.dataset.text = item.text;
      option.appendChild(el('span', 'kind', item.kind === 'title' ? '标题' : item.count + ' 篇'));
      option.addEventListener('mousedown', function (event) {
        event.preventDefault();
        choose(item.text);
      });
      return option;
    }));
    list.hidden = items.length === 0;
    active = -1;
  }

  function choose(text) {
    input.value = text;
    hideSuggestions();
    var next = currentState();
    next.page = 1;
    navigate(next);
  }

  function highlightOption(index) {
    var options = list.children;
    if (options.length === 0) return;
    active = (index + options.length) % options.length;
    for (var i = 0; i < options.length; i++) options[i].setAttribute('aria-selected', i === active ? 'true' : 'false');
    input.setAttribute('aria-activedescendant', options[active].id);
  }

  input.addEventListener('input', function () {
    clearTimeout(suggestTimer);
    var prefix = input.value.trim();
    if (!prefix) {
      hideSuggestions();
      return;
    }
    suggestTimer = setTimeout(function () {
      if (suggestAbort) suggestAbort.abort();
      suggestAbort = new AbortController();
      fetch('/api/suggest?' + new URLSearchParams({ q: prefix.slice(0, 64), limit: '8' }), { signal: suggestAbort.signal })
        .then(function (res) { return res.ok ? res.json() : { suggestions: [] }; })
        .then(function (body) { if (input.value.trim() === prefix && document.activeElement === input) showSuggestions(body.suggestions); })
        .catch(function () { /* a newer keystroke aborted it */ });
    }, SUGGEST_DELAY_MS);
  });

  input.addEventListener('keydown', function (event) {
    if (list.hidden) return;
    if (event.key === 'ArrowDown') { event.preventDefault(); highlightOption(active + 1); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); highlightOption(active - 1); }
    else if (event.key === 'Escape') hideSuggestions();
    else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); choose(list.children[active].dataset.text); }
  });

  input.addEventListener('blur', function () { setTimeout(hideSuggestions, 100); });

  // ---- wiring ---------------------------------------------------------------------------
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var next = currentState();
    next.page = 1;
    navigate(next);
  });

  Object.keys(controls).forEach(function (name) {
    controls[name].addEventListener('change', function () {
      var next = currentState();
      next.page = 1;
      if (next.q) navigate(next);
    });
  });

  document.getElementById('clear-filters').addEventListener('click', function () {
    var next = currentState();
    next.category = next.tag = next.from = next.to = '';
    next.page = 1;
    navigate(next);
  });

  scaleCount.addEventListener('click', function () { setScale(''); });
  scaleShare.addEventListener('click', function () { setScale('share'); });

  window.addEventListener('popstate', function () { run(stateFromUrl()); });
  run(stateFromUrl());
})();
