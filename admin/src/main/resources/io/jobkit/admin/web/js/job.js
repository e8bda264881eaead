// One job: status, live progress, timeline, payload/result with copy, error with stack, logs with levels, lease,
// tags, and the actions its state and the caller's role allow (retry, cancel, enqueue a copy).
import * as api from './api.js';
import { act } from './app.js';
import { h, fill, when, badge, codeBlock, pretty, utc } from './dom.js';
import { workflowSection } from './workflow.js';

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const LEVEL = /^(\S+)\s+(?:\[?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\]?:?\s+)?(.*)$/s;

export const job = {
  mount(main, route) {
    const id = route.parts[1];
    const head = h('div', { class: 'jobhead' });
    const actions = h('div', { class: 'actions', id: 'job-actions' });
    const progress = h('div', { id: 'progress' });
    const facts = h('dl', { class: 'facts', id: 'facts' });
    const timeline = h('ol', { class: 'timeline', id: 'timeline' });
    const errorBox = h('section', { id: 'error' });
    const payload = h('section', { id: 'payload' });
    const result = h('section', { id: 'result' });
    const level = h('select', { id: 'log-level', 'aria-label': 'Lowest log level shown', onchange: () => drawLogs() },
      ['all', 'INFO', 'WARN', 'ERROR'].map((l) => h('option', { value: l }, l === 'all' ? 'all levels' : l + ' and above')));
    const logs = h('ol', { class: 'logs', id: 'logs' });
    const workflow = workflowSection(id);
    fill(main, h('p', null, h('a', { href: '#/jobs' }, '← Jobs')), head, actions, progress,
      h('div', { class: 'cols' }, h('section', null, h('h2', null, 'Details'), facts), h('section', null, h('h2', null, 'Timeline'), timeline)),
      workflow.el, errorBox, h('div', { class: 'cols' }, payload, result),
      h('section', null, h('div', { class: 'sectionhead' }, h('h2', null, 'Logs'), level), logs));
    let j = null;
    let lastPayload = null;
    let lastResult = null;

    function drawLogs() {
      const min = { all: 0, INFO: 1, WARN: 2, ERROR: 3 }[level.value];
      const rank = { TRACE: 0, DEBUG: 0, INFO: 1, WARN: 2, WARNING: 2, ERROR: 3 };
      const lines = (j.logs || []).map(parseLog).filter((l) => rank[l.level] >= min);
      if (!lines.length) { fill(logs, h('li', { class: 'muted' }, j.logs && j.logs.length ? 'No line at this level.' : 'No log lines. A handler writes them with ctx.log(...).')); return; }
      fill(logs, lines.map((l) => h('li', { class: 'log l-' + l.level.toLowerCase() },
        l.at ? h('time', { datetime: l.at, title: utc(l.at) }, l.at.substring(11, 19)) : null, ' ',
        h('span', { class: 'lvl' }, l.level), ' ', h('span', { class: 'msg' }, l.text))));
    }

    async function retry() {
      const r = await act(() => api.post('/api/admin/jobs/' + encodeURIComponent(id) + '/retry'));
      if (r) await page.refresh();
    }
    async function cancel() {
      const r = await act(() => api.del('/api/admin/jobs/' + encodeURIComponent(id)));
      if (r) await page.refresh();
    }
    async function copy() {
      const options = { tags: j.tags || {}, maxAttempts: j.maxAttempts };
      if (j.queue) options.queue = j.queue;
      const r = await act(() => api.post('/api/admin/jobs', { type: j.type, payload: j.payload, options }));
      if (r) location.hash = '#/jobs/' + encodeURIComponent(r.id);
    }

    const page = {
      async refresh() {
        j = await api.get('/api/admin/jobs/' + encodeURIComponent(id));
        fill(head, h('h1', null, j.type, ' ', badge(j.status)), h('p', { class: 'mono', id: 'job-id' }, j.id));
        main.dataset.status = j.status;
        fill(actions,
          api.can('operator') && j.status === 'FAILED' ? h('button', { type: 'button', id: 'retry', onclick: retry }, 'Retry') : null,
          api.can('operator') && !TERMINAL.has(j.status) ? h('button', { type: 'button', id: 'cancel', class: 'danger', onclick: cancel },
            j.cancelRequested ? 'Cancel requested' : 'Cancel') : null,
          api.can('admin') && j.payload !== undefined ? h('button', { type: 'button', id: 'enqueue-copy', class: 'secondary', onclick: copy }, 'Enqueue a copy') : null);
        const pct = j.progress;
        fill(progress, pct === null || pct === undefined ? null : h('div', { class: 'progress' },
          h('progress', { max: 100, value: pct, id: 'progress-bar', 'aria-label': 'Progress' }),
          h('span', { id: 'progress-text' }, pct + ' %' + (j.progressMessage ? ' — ' + j.progressMessage : ''))));
        const fact = (k, v) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)];
        const tags = Object.entries(j.tags || {});
        fill(facts, fact('Queue', j.queue), fact('Priority', j.priority), fact('Attempt', j.attempt + ' of ' + j.maxAttempts),
          fact('Cycle', j.cycle), fact('Lease owner (worker)', j.lease ? j.lease.owner : null),
          fact('Lease expires', j.lease ? when(j.lease.expiresAt) : null),
          fact('Next attempt', j.nextAttemptAt ? when(j.nextAttemptAt) : null), fact('Runs at', j.runAt ? when(j.runAt) : null),
          fact('Tags', tags.length ? tags.map(([k, v]) => h('a', { class: 'tag', href: '#/jobs?tag=' + encodeURIComponent(k + ':' + v) }, k + ':' + v)) : null));
        fill(timeline, timelineOf(j));
        fill(errorBox, j.error ? [h('h2', null, (j.status === 'SUCCEEDED' ? 'Last error (attempt ' : 'Error (attempt ') + j.error.attempt + ')'),
          h('p', { class: 'error-text', id: 'error-message' }, (j.error.type ? j.error.type + ': ' : '') + j.error.message),
          j.error.stack ? codeBlock('Stack', j.error.stack) : null] : null);
        const p = pretty(j.payload);
        if (p !== lastPayload) { fill(payload, h('h2', null, 'Payload'), codeBlock('Payload JSON', p)); lastPayload = p; }
        const r = j.result === null || j.result === undefined ? null : pretty(j.result);
        if (r !== lastResult) { fill(result, r === null ? null : [h('h2', null, 'Result'), codeBlock('Result JSON', r)]); lastResult = r; }
        drawLogs();
        await workflow.refresh();
      },
    };
    return page;
  },
};

const LEVELS = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)$/i;

/**
 * One stored log entry → {at, level, text}. Entries are read defensively, as the store's shape grows: a string
 * `<instant> [LEVEL] text` (levelled ctx.log() writes `<instant> WARN text key=value`), the same as a JSON string, or
 * an object with a `level` property and `message`/`text`/`msg`, `at`/`time`/`timestamp` and optional `fields`.
 * Without a level the line is INFO.
 */
function parseLog(entry) {
  if (typeof entry === 'string' && entry.startsWith('{')) {
    try { entry = JSON.parse(entry); } catch (e) { /* a line that only looks like JSON: read as text */ }
  }
  if (entry && typeof entry === 'object') {
    const text = String(entry.message ?? entry.text ?? entry.msg ?? '') + fieldsOf(entry.fields);
    const at = entry.at ?? entry.time ?? entry.timestamp ?? null;
    const lvl = typeof entry.level === 'string' && LEVELS.test(entry.level) ? normal(entry.level) : levelIn(text) || 'INFO';
    return { at: at && !Number.isNaN(Date.parse(at)) ? String(at) : null, level: lvl, text };
  }
  const line = String(entry);
  const m = LEVEL.exec(line);
  if (!m || Number.isNaN(Date.parse(m[1]))) return { at: null, level: levelIn(line) || 'INFO', text: line };
  return { at: m[1], level: m[2] ? normal(m[2]) : levelIn(m[3]) || 'INFO', text: m[3] };
}

function fieldsOf(fields) {
  if (!fields || typeof fields !== 'object') return '';
  return Object.entries(fields).map(([k, v]) => ' ' + k + '=' + (typeof v === 'object' ? JSON.stringify(v) : v)).join('');
}

function normal(level) {
  const l = level.toUpperCase();
  return l === 'WARNING' ? 'WARN' : l === 'FATAL' ? 'ERROR' : l;
}

// A line without a level field that starts with a level word (ctx.log("WARN ...")) gets that level.
function levelIn(text) {
  const m = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/i.exec(text);
  return m ? normal(m[1]) : null;
}

/**
 * Created, each attempt with its start, end and error, then how it finished. Attempts that ended in a retry come from
 * the record's attempt history (pastAttempts, tracking level full); the current or last attempt from attempt,
 * startedAt and error. An attempt whose worker stopped before recording an outcome has no history entry and says so.
 */
function timelineOf(j) {
  const steps = [];
  const step = (label, at, cls, ...extra) => h('li', { class: cls || '', dataset: { step: label } },
    h('span', { class: 'step' }, label), ' ', at ? when(at) : null,
    extra.some((x) => x) ? h('div', { class: 'muted small' }, ...extra) : null);
  const errText = (e) => e ? (e.type ? e.type + ': ' : '') + e.message : null;
  const ran = (a) => {
    const ms = a.startedAt && a.endedAt ? Date.parse(a.endedAt) - Date.parse(a.startedAt) : null;
    return [ms === null ? null : 'ran ' + duration(ms), a.worker ? ' on ' + a.worker : null,
      a.endedAt ? ', ended ' : null, a.endedAt ? when(a.endedAt) : null];
  };
  steps.push(step('Created', j.createdAt));
  if (j.runAt && j.status === 'SCHEDULED') steps.push(step('Scheduled to run', j.runAt));
  const past = j.pastAttempts || [];
  for (let c = 1; c < j.cycle; c++) {
    for (const a of past.filter((p) => p.cycle === c)) {
      steps.push(step('Cycle ' + c + ', attempt ' + a.attempt + ' failed', a.startedAt, 'bad', ...ran(a), h('br'), errText(a.error)));
    }
    steps.push(step('Cycle ' + c + ' failed, retried as cycle ' + (c + 1), null, 'bad'));
  }
  // the record keeps only the last error: in a later cycle it may belong to the cycle that failed before the retry
  const errThisCycle = j.error && (j.status === 'FAILED' || j.status === 'RETRYING' || j.error.attempt < j.attempt
    || (j.status === 'RUNNING' && j.error.attempt < j.attempt));
  for (let n = 1; n < j.attempt; n++) {
    const a = past.find((p) => p.cycle === j.cycle && p.attempt === n);
    if (a) {
      steps.push(step('Attempt ' + n + ' failed', a.startedAt, 'bad', ...ran(a), h('br'), errText(a.error)));
    } else if (errThisCycle && j.error.attempt === n) {
      steps.push(step('Attempt ' + n + ' failed', null, 'bad', errText(j.error)));
    } else {
      steps.push(step('Attempt ' + n + ': no outcome recorded', null, 'bad',
        'its worker stopped before recording one; the lease ran out and the next attempt took over'));
    }
  }
  if (j.attempt > 0) {
    const running = j.status === 'RUNNING';
    const failedHere = errThisCycle && j.error.attempt === j.attempt && !running;
    const ended = !running && j.startedAt && (j.finishedAt || j.status === 'RETRYING') ? (j.finishedAt || j.updatedAt) : null;
    const took = ended ? 'ran ' + duration(Date.parse(ended) - Date.parse(j.startedAt)) : null;
    steps.push(step('Attempt ' + j.attempt + (running ? ' running' : failedHere ? ' failed' : ' started'), j.startedAt,
      failedHere ? 'bad' : running ? 'live' : '', took, failedHere ? h('br') : null, failedHere ? errText(j.error) : null));
  }
  if (j.status === 'RETRYING') steps.push(step('Next attempt', j.nextAttemptAt, 'live'));
  if (j.finishedAt || TERMINAL.has(j.status)) steps.push(step(j.status === 'SUCCEEDED' ? 'Succeeded' : j.status === 'FAILED' ? 'Failed for good' : 'Cancelled',
    j.finishedAt || j.updatedAt, j.status === 'SUCCEEDED' ? 'good' : 'bad'));
  return steps;
}

/** Milliseconds as "120 ms", "4.2 s", "3 min 5 s". */
function duration(ms) {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return ms + ' ms';
  if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
  const m = Math.floor(ms / 60000);
  return m + ' min ' + Math.round((ms % 60000) / 1000) + ' s';
}
