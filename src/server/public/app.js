// The jiansuo search page: talks only to the JSON API. The ONLY HTML it inserts is title_html and
// snippet_html, which the server escapes and marks with <mark>; everything else goes in as text.
(function () {
  'use strict';

  var PAGE_SIZE = 10;
  var SUGGEST_DELAY_MS = 150;
  var FIELDS = ['q', 'category', 'tag', 'from', 'to', 'sort'];

  var form = document.getElementById('search-form');
  var input = document.getElementById('q');
  var list = document.getElementById('suggestions');
  var statusLine = document.getElementById('status');
  var timeline = document.getElementById('timeline');
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
      if (state[name] && !(name === 'sort' && state[name] === 'relevance')) params.set(name, state[name]);
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
    if (!state.q) {
      document.title = '检索 jiansuo';
      statusLine.textContent = '';
      results.replaceChildren();
      pager.replaceChildren();
      timeline.hidden = true;
      return;
    }
    document.title = state.q + ' - 检索';
    var params = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String((state.page - 1) * PAGE_SIZE) });
    ['category', 'tag', 'from', 'to', 'sort'].forEach(function (name) { if (state[name]) params.set(name, state[name]); });
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
        timeline.hidden = true;
      });
  }

  function render(state, response) {
    statusLine.textContent =
      '共 ' + response.total + ' 条结果' + (response.relaxed ? '（放宽匹配：词语分开查找）' : '') + ' · ' + response.took_ms + ' ms';
    statusLine.dataset.total = String(response.total);
    setOptions(controls.category, response.facets.categories, state.category);
    setOptions(controls.tag, response.facets.tags, state.tag);
    renderTimeline(state, response.facets.months);
    results.replaceChildren.apply(results, response.hits.map(renderHit));
    results.dataset.page = String(state.page);
    renderPager(state, response.total);
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

  function renderTimeline(state, counts) {
    var keys = Object.keys(counts).sort();
    if (keys.length === 0) {
      timeline.hidden = true;
      return;
    }
    var months = monthsBetween(keys[0], keys[keys.length - 1]);
    var max = Math.max.apply(null, keys.map(function (key) { return counts[key]; }));
    var labelEvery = Math.max(1, Math.ceil(months.length / 8));
    timeline.replaceChildren.apply(timeline, months.map(function (month, i) {
      var count = counts[month] || 0;
      var bar = el('button', count ? 'bar' : 'bar empty');
      bar.type = 'button';
      bar.dataset.month = month;
      bar.title = month + '：' + count + ' 条';
      bar.setAttribute('aria-label', bar.title);
      bar.style.height = (count ? Math.max(6, Math.round((60 * count) / max)) : 2) + 'px';
      if (state.from === month + '-01' && state.to === lastDay(month)) bar.classList.add('active');
      if (i % labelEvery === 0) bar.appendChild(el('span', 'label', month));
      bar.addEventListener('click', function () {
        var next = currentState();
        next.from = month + '-01';
        next.to = lastDay(month);
        next.page = 1;
        navigate(next);
      });
      return bar;
    }));
    timeline.hidden = false;
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

  window.addEventListener('popstate', function () { run(stateFromUrl()); });
  run(stateFromUrl());
})();
