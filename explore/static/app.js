// The Explorer page: it renders what the API says and keeps the path in the
// URL (#path=0/2/1) so that reloading or sharing the URL shows the same state.
'use strict';

const $ = (sel) => document.querySelector(sel);
let model = null;
let state = null;
let trail = []; // the longest path visited that extends the current one, for Forward

function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const k of kids) if (k !== null && k !== undefined) e.append(k);
  return e;
}

function currentPath() {
  const m = /(?:^#|&)path=([^&]*)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : '';
}

function items(path) { return path === '' ? [] : path.split(model.path_sep); }

function go(path) {
  const want = '#path=' + path;
  if (location.hash === want) { load(); return; }
  location.hash = want; // hashchange loads it and adds a history entry
}

function showError(msg) {
  const e = $('#error');
  e.textContent = msg;
  e.hidden = !msg;
}

async function api(url, opts) {
  const r = await fetch(url, opts);
  const ct = r.headers.get('Content-Type') || '';
  const body = ct.includes('json') ? await r.json() : await r.text();
  if (!r.ok) throw new Error(body.error || body || r.statusText);
  return body;
}

async function load() {
  const path = currentPath();
  const q = '?path=' + encodeURIComponent(path);
  try {
    const [st, svg] = await Promise.all([api('/api/state' + q), api('/api/diagram.svg' + q)]);
    state = st;
    showError('');
    const cur = items(st.path), tr = items(trail.join(model.path_sep));
    const prefix = cur.every((x, i) => tr[i] === x);
    if (!prefix || tr.length < cur.length) trail = cur;
    render(st, svg);
    $('#mmd').href = '/api/diagram.mmd' + q;
    $('#svglink').href = '/api/diagram.svg' + q;
    document.body.dataset.ready = st.path; // lets tests wait for a rendered state
  } catch (err) {
    showError('Cannot show path "' + path + '": ' + err.message);
    document.body.dataset.ready = 'error';
  }
}

function render(st, svg) {
  $('#depth').textContent = st.steps.length + (st.steps.length === 1 ? ' step' : ' steps') + (st.deadlock ? ' · deadlock' : '');
  $('#back').disabled = st.steps.length === 0;
  $('#fwd').disabled = trail.length <= st.steps.length;
  renderNodes(st);
  renderNetwork(st);
  renderGlobals(st);
  renderActions(st);
  renderProps(st);
  renderPath(st);
  const d = $('#diagram');
  d.innerHTML = svg;
  d.scrollTop = d.scrollHeight;
}

function varRows(vars) {
  return vars.map((v) => el('tr', { class: v.changed ? 'changed' : '' }, el('td', { text: v.name }), el('td', { text: v.value })));
}

function renderNodes(st) {
  const box = $('#nodes');
  box.replaceChildren();
  for (const n of st.nodes) {
    const role = (n.vars.find((v) => v.name === 'role') || {}).value;
    const head = el('h3', {}, el('span', { text: n.node }), role ? el('span', { class: 'badge', text: role }) : null);
    box.append(el('div', { class: 'node', 'data-node': n.node, 'data-role': role || '' }, head, el('table', {}, ...varRows(n.vars))));
  }
}

function renderNetwork(st) {
  const ul = $('#network');
  ul.replaceChildren();
  $('#netcount').textContent = '(' + st.network.reduce((a, m) => a + m.copies, 0) + ')';
  if (st.network.length === 0) ul.append(el('li', { class: 'empty', text: 'none' }));
  for (const m of st.network) {
    const chan = m.from ? el('span', { class: 'chan', text: m.from + ' → ' + m.to }) : null;
    ul.append(el('li', {}, chan, m.text, m.copies > 1 ? ' ×' + m.copies : ''));
  }
}

function renderGlobals(st) {
  $('#globals').replaceChildren(...varRows(st.globals));
}

function shortLabel(a) {
  const d = (a.events || []).find((e) => e.kind === 'deliver' || e.kind === 'drop');
  if (d) return (d.kind === 'drop' ? 'Drop ' : 'Deliver ') + d.label + ' ' + d.from + '→' + d.to;
  return a.label;
}

function renderActions(st) {
  const box = $('#actions');
  box.replaceChildren();
  const groups = new Map();
  for (const a of st.actions) {
    const key = a.node ? 'at ' + a.node : 'other';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(a);
  }
  const keys = [...groups.keys()].sort((x, y) => (x === 'other') - (y === 'other') || x.localeCompare(y));
  for (const k of keys) {
    const btns = groups.get(k).map((a) => {
      const ok = a.index >= 0;
      const title = a.label + (ok ? '' : ' — ' + (a.fault ? 'fault: ' + a.fault : a.outcome + ' (exceeds a bound of the model)'));
      return el('button', {
        class: 'act ' + (a.kind || ''), 'data-index': a.index, 'data-label': a.label, title,
        disabled: ok ? null : '', onclick: () => step(a.index),
      }, shortLabel(a) + (ok ? '' : ' (' + a.outcome + ')'));
    });
    box.append(el('div', { class: 'group' }, el('h4', { text: k }), el('div', { class: 'btns' }, ...btns)));
  }
  if (st.deadlock) box.append(el('p', { class: 'empty', text: 'No action is enabled: deadlock.' }));
}

function renderProps(st) {
  $('#props').replaceChildren(...st.properties.map((p) => {
    const where = p.step >= 0 ? el('a', { href: '#path=' + items(st.path).slice(0, p.step).join(model.path_sep), text: 'step ' + p.step }) : null;
    return el('li', { 'data-prop': p.name, 'data-status': p.status },
      el('span', { class: 'st ' + p.status, text: p.status }), el('span', { text: p.name }), el('span', { class: 'kind', text: p.kind }), where);
  }));
}

function renderPath(st) {
  const ol = $('#path');
  const steps = [{ label: 'Init' }, ...st.steps];
  const cur = items(st.path);
  ol.replaceChildren(...steps.map((s, i) => el('li', {
    class: i === steps.length - 1 ? 'cur' : '', title: 'go back to this state',
    onclick: () => go(cur.slice(0, i).join(model.path_sep)),
  }, s.label)));
}

function step(index) {
  go([...items(state.path), String(index)].join(model.path_sep));
}

function renderTraces(list) {
  const ul = $('#traces');
  ul.replaceChildren();
  if (list.length === 0) ul.append(el('li', { class: 'empty', text: 'none yet: run the checker or start with --traces FILE' }));
  for (const t of list) {
    const jump = el('button', { 'data-trace': t.id, disabled: t.error ? '' : null, onclick: () => go(t.path) }, 'Jump');
    ul.append(el('li', {}, jump,
      el('span', { class: 'st ' + (t.kind === 'counterexample' ? 'violated' : 'reached'), text: t.kind }),
      el('span', { text: t.property + ' (' + t.len + ' steps, ' + t.source + ')' }),
      t.error ? el('span', { class: 'err', text: t.error }) : null));
  }
}

async function compute() {
  const depth = $('#cdepth').value;
  $('#compute').disabled = true;
  $('#cstatus').textContent = 'checking to depth ' + depth + '…';
  try {
    const r = await api('/api/traces/compute?depth=' + encodeURIComponent(depth), { method: 'POST' });
    $('#cstatus').textContent = r.unique + ' states, ' + r.seconds.toFixed(1) + ' s, ' + r.status;
    renderTraces(r.traces);
  } catch (err) {
    $('#cstatus').textContent = err.message;
  } finally {
    $('#compute').disabled = false;
  }
}

async function main() {
  model = await api('/api/model');
  $('#spec').textContent = model.name + (model.source ? ' · ' + model.source : '');
  document.title = 'rspec Explorer · ' + model.name;
  $('#cdepth').value = model.default_depth;
  $('#cdepth').max = model.max_depth;
  $('#back').onclick = () => go(items(state.path).slice(0, -1).join(model.path_sep));
  $('#fwd').onclick = () => go(trail.slice(0, items(state.path).length + 1).join(model.path_sep));
  $('#reset').onclick = () => go('');
  $('#compute').onclick = compute;
  $('#diagram').addEventListener('click', (ev) => {
    const g = ev.target.closest('g.step');
    if (g) go(items(state.path).slice(0, Number(g.dataset.step)).join(model.path_sep));
  });
  window.addEventListener('hashchange', load);
  renderTraces(await api('/api/traces'));
  await load();
}

main().catch((err) => showError(err.message));
