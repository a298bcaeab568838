// claimmap playground: talks only to the server that served it (the Content-Security-Policy enforces that), keeps
// what is pasted in this page only, and writes every value with textContent (never as HTML).
'use strict';

const EXAMPLE_RULE = `package scratch;

import io.claimmap.engine.facts.*;

global MappingDraft mapping;

// Salience 0: runs after the built-in packs.
rule "scratch: externalId is the email address"
when
    Claim( name == "email", $email : value )
then
    mapping.setExternalId( $email );
end
`;

const $ = (id) => document.getElementById(id);
const MARKS = { pass: '\u2713', warn: '!', fail: '\u2717' };

// Untrusted text made visible: controls, line separators, bidirectional and zero-width characters as \uXXXX, the
// same characters the command line escapes.
function show(value) {
  if (value === null || value === undefined) return '(none)';
  return String(value).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    const cp = c.codePointAt(0);
    return cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
  });
}

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

function headers() {
  const h = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const key = $('api-key').value.trim();
  if (key) h.Authorization = 'Bearer ' + key;
  return h;
}

async function call(path, body) {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: headers(),
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
    referrerPolicy: 'no-referrer',
  });
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  if (!response.ok) {
    if (response.status === 401) $('key-box').open = true;
    const detail = json && json.detail ? json.detail : 'HTTP ' + response.status;
    throw new Error(detail);
  }
  return json;
}

function status(text, isError) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
}

async function loadRules() {
  try {
    const rules = await call('/v1/rules');
    $('revision').textContent = show(rules.revision);
    const packs = $('packs');
    packs.replaceChildren();
    for (const pack of rules.packs || []) {
      const details = el('details');
      const summary = el('summary', `${pack.name} (${pack.builtin ? 'built in' : 'your rules'}, ${(pack.rules || []).length} rules)`);
      details.append(summary);
      const list = el('ul');
      for (const rule of pack.rules || []) list.append(el('li', show(rule)));
      details.append(list);
      packs.append(details);
    }
    const error = rules.lastReloadError;
    $('reload-error').hidden = !error;
    if (error) {
      $('reload-error').textContent = 'The last edit of the rule files did not compile (the previous rules still serve): '
        + (error.problems || []).map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`).join('; ');
    }
  } catch (e) {
    $('revision').textContent = 'unavailable: ' + e.message;
  }
}

function renderFindings(findings) {
  const list = $('findings');
  list.replaceChildren();
  if (!findings.length) list.append(el('li', 'none'));
  for (const f of findings) {
    const li = el('li');
    li.dataset.code = f.code;
    li.append(el('span', f.severity.toUpperCase(), 'sev ' + f.severity), ' ', el('code', f.code, 'code'));
    if (f.rule) li.append(' ', el('span', '[' + show(f.rule) + ']', 'rule'));
    li.append(el('div', show(f.message), 'message'));
    if (f.remedy) {
      const remedy = el('div', undefined, 'remedy');
      remedy.append(el('strong', 'Fix: '), show(f.remedy));
      li.append(remedy);
    }
    list.append(li);
  }
}

function pair(dl, name, value) {
  dl.append(el('dt', name), el('dd', show(value)));
}

function renderClaims(claims) {
  $('claims-verified').textContent = claims.verified ? '(verified)' : '(NOT verified: do not trust these values)';
  const tokenBody = $('token-table').tBodies[0];
  tokenBody.replaceChildren();
  for (const [name, value] of Object.entries(claims.token || {})) {
    const row = el('tr');
    row.append(el('th', name), el('td', Array.isArray(value) ? value.map(show).join(', ') : show(value)));
    row.firstChild.scope = 'row';
    tokenBody.append(row);
  }
  const claimsBody = $('claims-table').tBodies[0];
  claimsBody.replaceChildren();
  for (const c of claims.claims || []) {
    const row = el('tr');
    row.append(el('th', show(c.name)), el('td', show(c.value)), el('td', (c.values || []).map(show).join(' | ')));
    row.firstChild.scope = 'row';
    claimsBody.append(row);
  }
}

// The trace is a list of strings, or of records {rule, pack, status, matched, writes, findings, unmatched, stopped}:
// render either.
function renderTrace(trace) {
  const list = $('trace');
  list.replaceChildren();
  if (!trace || !trace.length) { list.append(el('li', 'no rule fired')); return; }
  for (const step of trace) {
    if (typeof step === 'string' && /^\s/.test(step) && list.lastChild) {
      list.lastChild.append(el('div', show(step.trim()))); // a continuation line: what the rule above wrote
      continue;
    }
    const li = el('li');
    if (typeof step === 'string') {
      li.textContent = show(step);
    } else {
      const state = step.status || 'fired';
      li.append(el('span', state, 'status-' + state), ' ', el('span', show(step.rule)));
      if (step.pack) li.append(' ', el('span', '(' + show(step.pack) + ')', 'rule'));
      if (step.matched && step.matched.length) li.append(el('div', 'matched: ' + step.matched.map(show).join('; ')));
      if (step.writes && Object.keys(step.writes).length) {
        li.append(el('div', 'writes: ' + Object.entries(step.writes).map(([k, v]) => k + ' = ' + show(v)).join(', ')));
      }
      if (step.unmatched) li.append(el('div', 'not fired because: ' + show(step.unmatched)));
      if (step.findings && step.findings.length) li.append(el('div', 'raised: ' + step.findings.map(show).join(', ')));
      if (step.stopped) li.append(el('div', 'stopped here: ' + show(step.stopped)));
    }
    list.append(li);
  }
}

function render(answer, scratch) {
  $('results').hidden = false;
  const result = answer.result;
  if (!result) {
    $('verdict').textContent = '';
    $('verdict-box').className = 'verdict';
    $('verdict-mark').textContent = '';
    $('verdict-rules').textContent = 'the scratch rule does not compile (see the Rules pane)';
    renderFindings([]);
    ['externalId', 'agentName', 'department'].forEach((id) => { $(id).textContent = ''; });
    $('genesys-box').hidden = true;
    renderTrace([]);
    if (answer.claims) renderClaims(answer.claims);
    return;
  }
  $('verdict').textContent = result.verdict;
  $('verdict-box').className = 'verdict ' + result.verdict;
  $('verdict-mark').textContent = MARKS[result.verdict] || '';
  $('verdict-rules').textContent = scratch ? 'active rules + scratch rule' : 'active rules';
  renderFindings(result.findings || []);
  const mapping = result.mapping || {};
  $('externalId').textContent = show(mapping.externalId);
  $('agentName').textContent = show(mapping.qm && mapping.qm.agentName);
  $('department').textContent = show(mapping.qm && mapping.qm.department);
  $('genesys-box').hidden = !answer.genesysText;
  $('genesys').textContent = (answer.genesysText || []).join('\n');
  const summary = $('summary');
  summary.replaceChildren();
  for (const [name, value] of Object.entries(result.input || {})) pair(summary, name, value);
  renderClaims(answer.claims || { verified: false, token: {}, claims: [] });
  renderTrace(result.trace);
}

function renderProblems(problems) {
  const list = $('scratch-problems');
  list.replaceChildren();
  const bad = new Set();
  for (const p of problems || []) {
    const li = el('li');
    const where = `${p.file}:${p.line}:${p.column}`;
    if (p.scratch && p.line > 0) {
      bad.add(p.line);
      const jump = el('button', `line ${p.line}, column ${p.column}`);
      jump.type = 'button';
      jump.dataset.line = p.line;
      jump.addEventListener('click', () => goToLine(p.line, p.column));
      li.append(jump, ': ' + show(p.message));
    } else {
      li.textContent = where + ': ' + show(p.message);
    }
    li.dataset.line = p.line;
    list.append(li);
  }
  gutter(bad);
}

function goToLine(line, column) {
  const area = $('scratch');
  const lines = area.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  offset += Math.max(0, Math.min((column || 1) - 1, (lines[line - 1] || '').length));
  area.focus();
  area.setSelectionRange(offset, offset);
}

let badLines = new Set();
function gutter(bad) {
  if (bad) badLines = bad;
  const area = $('scratch');
  const count = area.value.split('\n').length;
  area.rows = Math.max(12, count + 1);
  const out = $('gutter');
  out.replaceChildren();
  for (let n = 1; n <= count; n++) {
    const line = el('span', (badLines.has(n) ? '\u25b6 ' : '') + n + '\n', badLines.has(n) ? 'bad' : '');
    line.dataset.line = n;
    out.append(line);
  }
}

async function run(withScratch) {
  const input = $('input').value;
  if (!input.trim()) { status('Paste a token or SAML message first.', true); $('input').focus(); return; }
  const scratch = withScratch ? $('scratch').value : '';
  const body = { input, purpose: $('purpose').value || null };
  if (withScratch) body.scratch = scratch;
  $('run').disabled = true;
  $('scratch-run').disabled = true;
  status(withScratch ? 'Compiling the scratch rule and running…' : 'Running…');
  try {
    const answer = await call('/v1/playground/run', body);
    renderProblems(answer.problems || []);
    render(answer, withScratch);
    if (answer.problems && answer.problems.length) {
      status(`The scratch rule does not compile (${answer.problems.length} problem(s)).`, true);
    } else {
      status(`Done: ${answer.result.verdict}.`);
      if (withScratch) status(`Done with the scratch rule: ${answer.result.verdict}.`);
    }
  } catch (e) {
    status('Could not run: ' + e.message, true);
  } finally {
    $('run').disabled = false;
    $('scratch-run').disabled = false;
  }
}

document.addEventListener('DOMContentLoaded', () => {
  $('scratch').value = EXAMPLE_RULE;
  gutter(new Set());
  $('run-form').addEventListener('submit', (event) => { event.preventDefault(); run($('use-scratch').checked); });
  $('input').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); run($('use-scratch').checked); }
  });
  $('scratch').addEventListener('input', () => gutter());
  $('scratch').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); $('use-scratch').checked = true; run(true); }
  });
  $('scratch-run').addEventListener('click', () => { $('use-scratch').checked = true; run(true); });
  $('scratch-reset').addEventListener('click', () => { $('scratch').value = EXAMPLE_RULE; renderProblems([]); });
  $('api-key').addEventListener('change', loadRules);
  loadRules();
});
