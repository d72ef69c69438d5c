// Agentrace's trace page: one script for the live view (records arrive over server-sent events) and the
// self-contained report (records are inline). Every value from a span is put in the page with textContent or
// as a text node, never as markup, so a payload such as <script> stays text.
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('agentrace-config').textContent);
  var MAX_SPANS = config.maxSpans || 10000;
  var LIST_ROWS = 300;
  var CONVERSATION_ITEMS = 400;

  var state = {
    spans: new Map(),        // "trace/span" -> latest record
    runs: new Map(),         // trace id -> run
    droppedRuns: 0,
    types: new Set(),
    selectedRun: null,
    selectedSpan: null,
    detailShown: null,       // the record object the detail panel shows
    runView: 'conversation',
    page: 'runs',
    listLimit: LIST_ROWS,
    seq: 0
  };
  // When each run and span first became visible on the page (epoch ms): read by the browser tests.
  var shownAt = {};
  window.agentraceShownAt = shownAt;

  // ---- helpers -------------------------------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function nowMs() { return performance.timeOrigin + performance.now(); }

  function startMs(r) { return Number(r.start_time_unix_nano) / 1e6; }

  function endMs(r) { return r.event === 'end' ? Number(r.end_time_unix_nano) / 1e6 : null; }

  function durationMs(r) {
    if (r.event === 'end') { return r.duration_ms; }
    return Math.max(0, Date.now() - startMs(r));
  }

  function fmtMs(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) { return ''; }
    if (ms < 1) { return ms.toFixed(2) + ' ms'; }
    if (ms < 1000) { return ms.toFixed(0) + ' ms'; }
    return (ms / 1000).toFixed(2) + ' s';
  }

  function fmtCost(c) { return c ? '$' + (c < 0.01 ? c.toFixed(4) : c.toFixed(2)) : ''; }

  function fmtNum(n, digits) {
    if (n === null || n === undefined || isNaN(n)) { return ''; }
    return Number(n).toFixed(digits === undefined ? 0 : digits);
  }

  function fmtTime(ms) {
    var d = new Date(ms);
    return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function statusOf(r) { return r.event === 'end' ? (r.status || 'UNSET') : 'inflight'; }

  // UNSET is OpenTelemetry's "ended, no outcome recorded": shown as ended rather than as a code.
  function statusLabel(status) {
    return status === 'inflight' ? 'in flight' : status === 'UNSET' ? 'ended' : status;
  }

  function asText(v) {
    if (v === null || v === undefined) { return ''; }
    return typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // ---- data ----------------------------------------------------------------------------------------------

  function ingest(r) {
    if (!r || typeof r !== 'object' || !r.trace_id || !r.span_id) { return; }
    var key = r.trace_id + '/' + r.span_id;
    var old = state.spans.get(key);
    if (old && old.event === 'end' && r.event !== 'end') { return; }
    var run = state.runs.get(r.trace_id);
    if (!run) {
      run = { id: r.trace_id, spans: new Map(), seq: state.seq++, dirty: true };
      state.runs.set(r.trace_id, run);
    }
    if (!old) { state.total = (state.total || 0) + 1; }
    state.spans.set(key, r);
    run.spans.set(r.span_id, r);
    run.dirty = true;
    if (r.type) { state.types.add(r.type); }
    while (state.total > MAX_SPANS && state.runs.size > 1) {
      var oldest = state.runs.keys().next().value;
      if (oldest === r.trace_id) { break; }
      evict(oldest);
    }
    scheduleRender();
  }

  function evict(traceId) {
    var run = state.runs.get(traceId);
    if (!run) { return; }
    run.spans.forEach(function (s) { state.spans.delete(traceId + '/' + s.span_id); });
    state.total -= run.spans.size;
    state.runs.delete(traceId);
    state.droppedRuns++;
    if (state.selectedRun === traceId) { state.selectedRun = null; state.selectedSpan = null; }
    scheduleRender();
  }

  // Derived facts of a run, recomputed only when one of its spans changed.
  function summary(run) {
    if (!run.dirty && run.sum) { return run.sum; }
    var root = null;
    var tokens = 0, cost = 0, errors = 0, violations = 0, risk = null, inflight = 0, first = Infinity, last = 0;
    var hay = [];
    run.spans.forEach(function (s) {
      var parentHere = s.parent_span_id && run.spans.has(s.parent_span_id);
      if (!parentHere && (!root || startMs(s) < startMs(root))) { root = s; }
      if (s.usage) { tokens += s.usage.total_tokens || 0; }
      if (s.cost_usd) { cost += s.cost_usd; }
      if (s.status === 'ERROR') { errors++; }
      if (s.conformance && s.conformance.status === 'VIOLATES') { violations++; }
      if (s.risk && s.risk.level && s.risk.level !== 'NONE' && (!risk || s.risk.score > risk.score)) { risk = s.risk; }
      if (s.event !== 'end') { inflight++; }
      first = Math.min(first, startMs(s));
      last = Math.max(last, s.event === 'end' ? endMs(s) : nowMs());
      hay.push(s.name, s.type, s.model, s.status_message);
    });
    if (root) { hay.push(root.agent, root.version, root.environment, asText(root.input), asText(root.output)); }
    run.sum = {
      root: root, tokens: tokens, cost: cost, errors: errors, violations: violations, risk: risk, inflight: inflight,
      start: first, hay: hay.filter(Boolean).join('\n').toLowerCase(),
      status: root ? statusOf(root) : 'inflight'
    };
    run.dirty = false;
    return run.sum;
  }

  function spansOf(run) {
    var list = Array.from(run.spans.values());
    list.sort(function (a, b) { return startMs(a) - startMs(b); });
    return list;
  }

  // Depth-first order by start time, with each span's depth: the waterfall's rows.
  function tree(run) {
    var children = new Map();
    var roots = [];
    spansOf(run).forEach(function (s) {
      if (s.parent_span_id && run.spans.has(s.parent_span_id)) {
        if (!children.has(s.parent_span_id)) { children.set(s.parent_span_id, []); }
        children.get(s.parent_span_id).push(s);
      } else {
        roots.push(s);
      }
    });
    var out = [];
    function walk(s, depth) {
      out.push({ span: s, depth: depth });
      (children.get(s.span_id) || []).forEach(function (c) { walk(c, depth + 1); });
    }
    roots.forEach(function (s) { walk(s, 0); });
    return out;
  }

  // ---- rendering -----------------------------------------------------------------------------------------

  var renderPending = false;
  function scheduleRender() {
    if (renderPending) { return; }
    renderPending = true;
    setTimeout(function () { renderPending = false; render(); }, 0);
  }

  // How long the latest render took (ms): read by the browser tests for the report's figures.
  window.agentraceRenderMs = 0;

  function render() {
    var t = performance.now();
    renderAll();
    window.agentraceRenderMs = performance.now() - t;
  }

  function renderAll() {
    renderDropped();
    if (state.page === 'runs') {
      renderTypes();
      renderList();
      renderRun();
      renderDetail();
    } else {
      renderMetrics();
    }
  }

  function renderDropped() {
    var line = $('dropped-line');
    if (state.droppedRuns > 0) {
      line.hidden = false;
      line.textContent = state.droppedRuns + ' older run' + (state.droppedRuns === 1 ? '' : 's')
        + ' fell off (this page keeps the latest ' + MAX_SPANS + ' spans)';
    }
  }

  function renderTypes() {
    var select = $('filter-type');
    if (select.options.length - 1 === state.types.size) { return; }
    var chosen = select.value;
    while (select.options.length > 1) { select.remove(1); }
    Array.from(state.types).sort().forEach(function (t) {
      var o = el('option', null, t);
      o.value = t;
      select.appendChild(o);
    });
    select.value = chosen;
  }

  function matches(run, sum) {
    var status = $('filter-status').value;
    if (status === 'inflight' && sum.status !== 'inflight') { return false; }
    if (status === 'OK' && (sum.status === 'inflight' || sum.status === 'ERROR' || sum.errors > 0)) { return false; }
    if (status === 'ERROR' && sum.status !== 'ERROR' && sum.errors === 0) { return false; }
    if (status === 'schema' && sum.violations === 0) { return false; }
    var type = $('filter-type').value;
    if (type) {
      var found = false;
      run.spans.forEach(function (s) { if (s.type === type) { found = true; } });
      if (!found) { return false; }
    }
    var text = $('filter-text').value.trim().toLowerCase();
    return !text || sum.hay.indexOf(text) >= 0;
  }

  function renderList() {
    var runs = Array.from(state.runs.values());
    var shown = [];
    runs.forEach(function (run) {
      var sum = summary(run);
      if (matches(run, sum)) { shown.push({ run: run, sum: sum }); }
    });
    shown.sort(function (a, b) { return b.sum.start - a.sum.start || b.run.seq - a.run.seq; });
    var body = $('runs-table').tBodies[0];
    var rows = document.createDocumentFragment();
    var t = nowMs();
    shown.slice(0, state.listLimit).forEach(function (x) {
      var s = x.sum, root = s.root || {};
      var tr = el('tr');
      tr.dataset.trace = x.run.id;
      tr.className = (state.selectedRun === x.run.id ? 'selected ' : '') + (s.status === 'inflight' ? 'inflight' : 'ended');
      var started = el('td', null, fmtTime(s.start).slice(0, 8));
      started.title = fmtTime(s.start);
      tr.appendChild(started);
      var who = el('td', null, (root.agent || '') + (root.version ? ' ' + root.version : ''));
      who.appendChild(el('span', 'env', root.environment ? ' ' + root.environment : ''));
      tr.appendChild(who);
      tr.appendChild(el('td', 'run-name', root.name || ''));
      tr.appendChild(el('td', 'status-' + s.status, statusLabel(s.status)));
      tr.appendChild(el('td', 'num', root.span_id ? fmtMs(durationMs(root)) : ''));
      tr.appendChild(el('td', 'num', s.tokens || ''));
      tr.appendChild(el('td', 'num', fmtCost(s.cost)));
      var flags = el('td');
      if (s.errors) { flags.appendChild(el('span', 'flag err', s.errors + ' err')); }
      if (s.violations) { flags.appendChild(el('span', 'flag schema', 'schema \u2717' + s.violations)); }
      if (s.risk) { flags.appendChild(el('span', 'flag risk', 'risk ' + s.risk.level)); }
      tr.appendChild(flags);
      rows.appendChild(tr);
      if (!shownAt[x.run.id]) { shownAt[x.run.id] = t; }
    });
    clear(body);
    body.appendChild(rows);
    $('runs-empty').hidden = shown.length > 0;
    var more = $('runs-more');
    more.hidden = shown.length <= state.listLimit;
    if (!more.hidden) {
      clear(more);
      more.appendChild(document.createTextNode((shown.length - state.listLimit) + ' more runs match. '));
      var b = el('button', 'tab', 'show more');
      b.type = 'button';
      b.id = 'runs-more-button';
      more.appendChild(b);
    }
  }

  function renderRun() {
    var header = $('run-header');
    var run = state.selectedRun && state.runs.get(state.selectedRun);
    clear(header);
    if (!run) {
      header.appendChild(el('p', 'hint', 'Select a run.'));
      clear($('conversation'));
      clear($('waterfall'));
      return;
    }
    var s = summary(run), root = s.root || {};
    header.appendChild(el('div', 'title', root.name || run.id));
    header.appendChild(el('div', 'meta', [root.agent, root.version, root.environment, 'trace ' + run.id,
      statusLabel(s.status), fmtMs(root.span_id ? durationMs(root) : null),
      s.tokens ? s.tokens + ' tokens' : '', fmtCost(s.cost)].filter(Boolean).join(' \u00b7 ')));
    $('conversation').hidden = state.runView !== 'conversation';
    $('waterfall').hidden = state.runView !== 'waterfall';
    if (state.runView === 'conversation') { renderConversation(run); } else { renderWaterfall(run); }
  }

  function messagesOf(input) {
    if (Array.isArray(input)) { return input; }
    if (input && typeof input === 'object' && Array.isArray(input.messages)) { return input.messages; }
    return null;
  }

  function contentText(m) {
    if (m === null || m === undefined) { return ''; }
    if (typeof m !== 'object') { return String(m); }
    var c = m.content !== undefined ? m.content : (m.text !== undefined ? m.text : m);
    return asText(c);
  }

  function block(item, label, value) {
    var wrap = el('div', 'msg');
    wrap.appendChild(el('span', 'role', label));
    wrap.appendChild(el('span', 'text', asText(value)));
    item.appendChild(wrap);
  }

  function renderConversation(run) {
    var box = $('conversation');
    var frag = document.createDocumentFragment();
    var list = spansOf(run);
    var sum = summary(run);
    var t = nowMs();
    list.slice(0, CONVERSATION_ITEMS).forEach(function (s) {
      var isRoot = s === sum.root;
      var item = el('div', 'conv-item ' + (s.status || '') + (isRoot ? ' ask' : ''));
      item.dataset.span = s.span_id;
      if (state.selectedSpan === s.span_id) { item.classList.add('selected'); }
      var who = el('div', 'who');
      var kind = s.kind || '';
      var title = isRoot ? 'Asked' : kind === 'LLM' ? 'Model call' : kind === 'TOOL' ? 'Tool' : kind || 'Step';
      who.appendChild(document.createTextNode(title + ' '));
      who.appendChild(el('span', 'sub', s.name + (s.model ? ' \u00b7 ' + s.model : '')
        + (s.event === 'end' ? ' \u00b7 ' + fmtMs(s.duration_ms) : '')));
      item.appendChild(who);
      if (isRoot) {
        block(item, '', s.input);
      } else if (kind === 'LLM') {
        var msgs = messagesOf(s.input);
        if (msgs) {
          msgs.forEach(function (m) { block(item, (m && m.role ? m.role : 'message') + ':', contentText(m)); });
        } else if (s.input !== undefined) {
          block(item, 'prompt:', s.input);
        }
        if (s.output !== undefined) { block(item, 'reply:', contentText(s.output)); }
      } else if (kind === 'TOOL') {
        if (s.input !== undefined) { block(item, 'arguments:', s.input); }
        if (s.output !== undefined) { block(item, 'result:', s.output); }
      } else {
        if (s.input !== undefined) { block(item, 'input:', s.input); }
        if (s.output !== undefined) { block(item, 'output:', s.output); }
      }
      if (s.event !== 'end') { item.appendChild(el('div', 'running', 'running\u2026')); }
      if (s.status === 'ERROR') { item.appendChild(el('div', 'error', 'error: ' + (s.status_message || ''))); }
      frag.appendChild(item);
      if (!shownAt[run.id + '/' + s.span_id]) { shownAt[run.id + '/' + s.span_id] = t; }
    });
    var root = sum.root;
    if (root && root.event === 'end' && root.output !== undefined) {
      var answer = el('div', 'conv-item answer');
      answer.dataset.span = root.span_id;
      answer.appendChild(el('div', 'who', 'Answer'));
      block(answer, '', root.output);
      frag.appendChild(answer);
    }
    if (list.length > CONVERSATION_ITEMS) {
      frag.appendChild(el('p', 'hint', (list.length - CONVERSATION_ITEMS) + ' more steps: see the waterfall.'));
    }
    clear(box);
    box.appendChild(frag);
  }

  function renderWaterfall(run) {
    var box = $('waterfall');
    var rows = tree(run);
    var t0 = Infinity, t1 = 0, now = nowMs();
    rows.forEach(function (x) {
      t0 = Math.min(t0, startMs(x.span));
      t1 = Math.max(t1, x.span.event === 'end' ? endMs(x.span) : now);
    });
    var span = Math.max(t1 - t0, 0.001);
    var frag = document.createDocumentFragment();
    rows.forEach(function (x) {
      var s = x.span;
      var row = el('div', 'wf-row');
      row.dataset.span = s.span_id;
      if (state.selectedSpan === s.span_id) { row.classList.add('selected'); }
      var name = el('div', 'wf-name', s.name);
      name.style.paddingLeft = (x.depth * 14) + 'px';
      name.title = (s.kind || '') + ' ' + (s.type || '');
      row.appendChild(name);
      var track = el('div', 'wf-track');
      var bar = el('div', 'wf-bar ' + (s.kind || '') + ' ' + (s.event === 'end' ? (s.status || '') : 'inflight')
        + (s.conformance && s.conformance.status === 'VIOLATES' ? ' violates' : ''));
      var left = (startMs(s) - t0) / span * 100;
      var width = ((s.event === 'end' ? endMs(s) : now) - startMs(s)) / span * 100;
      bar.style.left = left.toFixed(3) + '%';
      bar.style.width = Math.max(width, 0).toFixed(3) + '%';
      track.appendChild(bar);
      var label = el('span', 'wf-label', fmtMs(s.event === 'end' ? s.duration_ms : now - startMs(s))
        + (s.event === 'end' ? '' : ' \u2026') + (s.conformance && s.conformance.status === 'VIOLATES' ? ' schema \u2717' : ''));
      label.style.left = Math.min(left + Math.max(width, 0) + 0.5, 85).toFixed(3) + '%';
      track.appendChild(label);
      row.appendChild(track);
      frag.appendChild(row);
    });
    clear(box);
    box.appendChild(frag);
  }

  // A JSON value as a collapsible tree of text nodes.
  function jsonNode(v, depth) {
    if (v === null) { return el('span', 'z', 'null'); }
    if (typeof v === 'string') { return el('span', 's', JSON.stringify(v)); }
    if (typeof v === 'number') { return el('span', 'n', String(v)); }
    if (typeof v === 'boolean') { return el('span', 'b', String(v)); }
    var isArray = Array.isArray(v);
    var keys = isArray ? v.map(function (_, i) { return i; }) : Object.keys(v);
    var d = el('details');
    d.open = depth < 3;
    d.appendChild(el('summary', null, isArray ? '[' + keys.length + ' items]' : '{' + keys.length + ' keys}'));
    keys.slice(0, 500).forEach(function (k) {
      var row = el('div', 'row');
      row.appendChild(el('span', 'k', (isArray ? k : JSON.stringify(k)) + ': '));
      row.appendChild(jsonNode(v[k], depth + 1));
      d.appendChild(row);
    });
    if (keys.length > 500) { d.appendChild(el('div', 'row z', (keys.length - 500) + ' more')); }
    return d;
  }

  function jsonBlock(parent, cls, title, value) {
    if (value === undefined) { return; }
    parent.appendChild(el('h3', null, title));
    var box = el('div', 'json ' + cls);
    box.appendChild(jsonNode(value, 0));
    parent.appendChild(box);
  }

  function renderDetail() {
    var box = $('detail');
    var run = state.selectedRun && state.runs.get(state.selectedRun);
    var s = run && state.selectedSpan ? run.spans.get(state.selectedSpan) : null;
    if (s === state.detailShown && (!s || s.event === 'end')) { return; }
    state.detailShown = s;
    clear(box);
    if (!s) {
      box.appendChild(el('p', 'hint', 'Click a span to see its detail.'));
      return;
    }
    box.appendChild(el('h2', 'detail-name', s.name));
    var dl = el('dl');
    function row(k, v) {
      if (v === undefined || v === null || v === '') { return; }
      dl.appendChild(el('dt', null, k));
      dl.appendChild(el('dd', k === 'status' ? 'status-' + statusOf(s) : null, v));
    }
    row('kind', (s.kind || '') + (s.type ? ' / ' + s.type : ''));
    row('status', s.event === 'end' ? s.status + (s.status_message ? ': ' + s.status_message : '') : 'in flight');
    row('started', s.start_time);
    row('duration', s.event === 'end' ? fmtMs(s.duration_ms) : '');
    row('agent', [s.agent, s.version, s.environment].filter(Boolean).join(' '));
    row('model', s.model);
    row('session', s.session_id);
    row('user', s.user_id);
    row('thread', s.thread);
    row('span', s.span_id);
    row('parent', s.parent_span_id);
    if (s.usage) {
      row('tokens', s.usage.input_tokens + ' in, ' + s.usage.output_tokens + ' out'
        + (s.usage.cached_input_tokens ? ', ' + s.usage.cached_input_tokens + ' cached' : '')
        + (s.usage.reasoning_tokens ? ', ' + s.usage.reasoning_tokens + ' reasoning' : ''));
    }
    row('cost', s.cost_usd !== undefined ? '$' + Number(s.cost_usd).toFixed(6) : '');
    if (s.scores) {
      row('scores', Object.keys(s.scores).map(function (k) { return k + ' ' + s.scores[k]; }).join(', '));
    }
    if (s.risk) {
      row('risk', s.risk.level + ' (score ' + s.risk.score + ')' + (s.risk.categories.length ? ': ' + s.risk.categories.join(', ') : '')
        + (s.risk.redacted ? ', redacted' : ''));
    }
    if (s.conformance) { row('schema', s.conformance.status + (s.conformance.reason ? ': ' + s.conformance.reason : '')); }
    box.appendChild(dl);
    if (s.conformance && s.conformance.violations) {
      box.appendChild(el('h3', null, 'Schema violations'));
      var ul = el('ul', 'violations');
      s.conformance.violations.forEach(function (v) {
        ul.appendChild(el('li', 'violation', (v.part || '') + ' ' + (v.path || '/') + ' ' + (v.keyword || '') + ': ' + (v.message || '')));
      });
      box.appendChild(ul);
    }
    jsonBlock(box, 'input-json', 'Input', s.input);
    jsonBlock(box, 'output-json', 'Output', s.output);
    jsonBlock(box, 'attributes-json', 'Attributes', s.attributes);
    (s.events || []).forEach(function (e) {
      var attrs = e.attributes || {};
      if (e.name === 'exception') {
        box.appendChild(el('h3', 'error', 'Exception: ' + (attrs['exception.type'] || '')));
        box.appendChild(el('div', 'text error', attrs['exception.message'] || ''));
        if (attrs['exception.stacktrace']) { box.appendChild(el('pre', 'stack', attrs['exception.stacktrace'])); }
      } else {
        jsonBlock(box, 'event-json', 'Event ' + e.name + ' at ' + e.time, attrs);
      }
    });
  }

  // ---- metrics -------------------------------------------------------------------------------------------

  function pct(sorted, p) {
    if (!sorted.length) { return null; }
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1))];
  }

  function dist(values) {
    var v = values.filter(function (x) { return typeof x === 'number' && !isNaN(x); }).sort(function (a, b) { return a - b; });
    var mean = v.length ? v.reduce(function (a, b) { return a + b; }, 0) / v.length : null;
    return { count: v.length, mean: mean, p50: pct(v, 50), p95: pct(v, 95), p99: pct(v, 99) };
  }

  function ended() {
    var out = [];
    state.spans.forEach(function (s) { if (s.event === 'end') { out.push(s); } });
    return out;
  }

  function stats(spans) {
    var scoreNames = new Set();
    spans.forEach(function (s) { Object.keys(s.scores || {}).forEach(function (k) { scoreNames.add(k); }); });
    var quality = {};
    scoreNames.forEach(function (k) {
      quality[k] = dist(spans.map(function (s) { return s.scores && s.scores[k]; }));
    });
    return {
      count: spans.length,
      errors: spans.filter(function (s) { return s.status === 'ERROR'; }).length,
      latency: dist(spans.map(function (s) { return s.duration_ms; })),
      cost: dist(spans.map(function (s) { return s.cost_usd; })),
      tokens: dist(spans.map(function (s) { return s.usage ? s.usage.total_tokens : undefined; })),
      risk: dist(spans.map(function (s) { return s.risk ? s.risk.score : undefined; })),
      quality: quality
    };
  }

  function groupBy(spans, keyOf) {
    var m = new Map();
    spans.forEach(function (s) {
      var k = keyOf(s);
      if (!m.has(k)) { m.set(k, []); }
      m.get(k).push(s);
    });
    return m;
  }

  function triple(d, digits, prefix) {
    if (!d.count) { return ''; }
    return [d.p50, d.p95, d.p99].map(function (x) { return (prefix || '') + fmtNum(x, digits); }).join(' / ');
  }

  function table(headers, rows) {
    var t = el('table');
    var head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', null, h)); });
    var thead = el('thead');
    thead.appendChild(head);
    t.appendChild(thead);
    var body = el('tbody');
    rows.forEach(function (r) {
      var tr = el('tr', r.cls || null);
      r.cells.forEach(function (c) { tr.appendChild(el('td', null, c)); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function renderMetrics() {
    var spans = ended();
    var groups = groupBy(spans, function (s) {
      return [s.agent || '', s.version || '', s.environment || '', s.type || ''].join('\u0000');
    });
    var rows = [];
    Array.from(groups.keys()).sort().forEach(function (k) {
      var parts = k.split('\u0000');
      var st = stats(groups.get(k));
      rows.push({ cells: [parts[0], parts[1], parts[2], parts[3], st.count, st.errors,
        triple(st.latency, 1), triple(st.cost, 5, '$'), triple(st.tokens, 0), triple(st.risk, 2),
        Object.keys(st.quality).map(function (q) { return q + ' ' + triple(st.quality[q], 2); }).join('; ')] });
    });
    var box = $('metrics-table');
    clear(box);
    box.appendChild(table(['agent', 'version', 'environment', 'span type', 'count', 'errors', 'latency ms p50/p95/p99',
      'cost p50/p95/p99', 'tokens p50/p95/p99', 'risk p50/p95/p99', 'quality p50/p95/p99'], rows));
    renderDriftChoices(spans);
    renderDrift(spans);
  }

  function cohorts(spans) {
    var seen = new Set();
    spans.forEach(function (s) {
      if (s.version) { seen.add('version\u0000' + s.version); }
      if (s.environment) { seen.add('environment\u0000' + s.environment); }
    });
    return Array.from(seen).sort();
  }

  function renderDriftChoices(spans) {
    var options = cohorts(spans);
    [$('drift-a'), $('drift-b')].forEach(function (select, i) {
      var chosen = select.value;
      if (select.options.length === options.length) { return; }
      clear(select);
      options.forEach(function (o) {
        var parts = o.split('\u0000');
        var opt = el('option', null, parts[0] + ' ' + parts[1]);
        opt.value = o;
        select.appendChild(opt);
      });
      select.value = chosen || options[Math.min(i, options.length - 1)] || '';
      if (!select.value && options.length) { select.value = options[Math.min(i, options.length - 1)]; }
    });
  }

  function change(a, b) {
    if (a === null || b === null || a === undefined || b === undefined) { return null; }
    if (a === 0) { return b === 0 ? 0 : Infinity; }
    return (b - a) / Math.abs(a) * 100;
  }

  function fmtChange(c) {
    if (c === null) { return ''; }
    if (!isFinite(c)) { return 'new'; }
    return (c >= 0 ? '+' : '') + c.toFixed(0) + '%';
  }

  // Drift: the same span type in two cohorts; a relative change over 20 % in a percentile or mean, or an error
  // rate 5 points apart, marks the row.
  function renderDrift(spans) {
    var box = $('drift-table');
    clear(box);
    var a = $('drift-a').value, b = $('drift-b').value;
    if (!a || !b || a === b) {
      box.appendChild(el('p', 'hint', 'Choose two different versions or environments to compare.'));
      return;
    }
    function inCohort(c) {
      var parts = c.split('\u0000');
      return spans.filter(function (s) { return s[parts[0]] === parts[1]; });
    }
    var ga = groupBy(inCohort(a), function (s) { return s.type || ''; });
    var gb = groupBy(inCohort(b), function (s) { return s.type || ''; });
    var types = Array.from(new Set(Array.from(ga.keys()).concat(Array.from(gb.keys())))).sort();
    var rows = types.map(function (t) {
      var sa = stats(ga.get(t) || []), sb = stats(gb.get(t) || []);
      var lat50 = change(sa.latency.p50, sb.latency.p50), lat95 = change(sa.latency.p95, sb.latency.p95);
      var cost = change(sa.cost.mean, sb.cost.mean), tok = change(sa.tokens.mean, sb.tokens.mean);
      var ea = sa.count ? sa.errors / sa.count * 100 : null, eb = sb.count ? sb.errors / sb.count * 100 : null;
      var drifted = [lat50, lat95, cost, tok].some(function (c) { return c !== null && Math.abs(c) > 20; })
        || (ea !== null && eb !== null && Math.abs(eb - ea) >= 5);
      return { cls: drifted ? 'drift' : null, cells: [t, sa.count + ' / ' + sb.count,
        fmtNum(sa.latency.p50, 1) + ' \u2192 ' + fmtNum(sb.latency.p50, 1) + ' (' + fmtChange(lat50) + ')',
        fmtNum(sa.latency.p95, 1) + ' \u2192 ' + fmtNum(sb.latency.p95, 1) + ' (' + fmtChange(lat95) + ')',
        fmtChange(cost), fmtChange(tok),
        (ea === null ? '' : ea.toFixed(0) + '%') + ' \u2192 ' + (eb === null ? '' : eb.toFixed(0) + '%'),
        drifted ? 'drift' : ''] };
    });
    box.appendChild(table(['span type', 'count', 'latency p50 ms', 'latency p95 ms', 'cost mean', 'tokens mean',
      'error rate', ''], rows));
  }

  // ---- events --------------------------------------------------------------------------------------------

  function closest(node, selector) {
    while (node && node.nodeType === 1) {
      if (node.matches(selector)) { return node; }
      node = node.parentNode;
    }
    return null;
  }

  $('runs-table').addEventListener('click', function (e) {
    var tr = closest(e.target, 'tr[data-trace]');
    if (!tr) { return; }
    state.selectedRun = tr.dataset.trace;
    var run = state.runs.get(state.selectedRun);
    var root = run && summary(run).root;
    state.selectedSpan = root ? root.span_id : null;
    render();
  });
  $('runs-more').addEventListener('click', function (e) {
    if (e.target.id === 'runs-more-button') { state.listLimit += LIST_ROWS; render(); }
  });
  function selectSpan(e) {
    var item = closest(e.target, '[data-span]');
    if (!item || closest(e.target, 'summary')) { return; }
    state.selectedSpan = item.dataset.span;
    render();
  }
  $('conversation').addEventListener('click', selectSpan);
  $('waterfall').addEventListener('click', selectSpan);
  ['filter-status', 'filter-type', 'filter-text'].forEach(function (id) {
    $(id).addEventListener('input', render);
  });
  ['drift-a', 'drift-b'].forEach(function (id) {
    $(id).addEventListener('change', function () { renderDrift(ended()); });
  });
  function showView(view) {
    state.runView = view;
    $('view-conversation').classList.toggle('active', view === 'conversation');
    $('view-waterfall').classList.toggle('active', view === 'waterfall');
    render();
  }
  $('view-conversation').addEventListener('click', function () { showView('conversation'); });
  $('view-waterfall').addEventListener('click', function () { showView('waterfall'); });
  function showPage(page) {
    state.page = page;
    $('page-runs').hidden = page !== 'runs';
    $('page-metrics').hidden = page !== 'metrics';
    $('tab-runs').classList.toggle('active', page === 'runs');
    $('tab-metrics').classList.toggle('active', page === 'metrics');
    render();
  }
  $('tab-runs').addEventListener('click', function () { showPage('runs'); });
  $('tab-metrics').addEventListener('click', function () { showPage('metrics'); });

  // ---- sources -------------------------------------------------------------------------------------------

  function setStatus(text, cls) {
    var s = $('status-line');
    s.textContent = text;
    s.className = cls || '';
  }

  if (config.mode === 'live') {
    var source = new EventSource('events?token=' + encodeURIComponent(config.token));
    source.addEventListener('hello', function () { setStatus('live', 'live'); });
    source.addEventListener('span', function (e) { ingest(JSON.parse(e.data)); });
    source.addEventListener('evict', function (e) { evict(JSON.parse(e.data).trace_id); });
    source.onerror = function () {
      setStatus(source.readyState === EventSource.CLOSED
        ? 'the live view stopped (the SDK shut down); what is shown stays here'
        : 'connection lost, reconnecting\u2026', 'lost');
    };
    // In-flight spans grow in the waterfall and their durations count up.
    setInterval(function () {
      var run = state.selectedRun && state.runs.get(state.selectedRun);
      if (run && summary(run).inflight > 0) { run.dirty = true; render(); }
    }, 250);
    setStatus('connecting\u2026');
  } else {
    var records = JSON.parse(document.getElementById('agentrace-data').textContent);
    MAX_SPANS = Math.max(MAX_SPANS, records.length);
    records.forEach(ingest);
    setStatus('report \u00b7 ' + state.spans.size + ' spans in ' + state.runs.size + ' runs');
    render();
  }
})();
