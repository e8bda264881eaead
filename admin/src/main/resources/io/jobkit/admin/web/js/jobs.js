// Jobs: filters kept in the URL (#/jobs?status=FAILED&type=...), search by id, cursor pagination, and bulk
// retry/cancel of the selected jobs or of all that match (the API's bulk route, at most 1000), with a result per job.
import * as api from './api.js';
import { act } from './app.js';
import { h, fill, when, badge, empty } from './dom.js';

export const STATUSES = ['QUEUED', 'SCHEDULED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const FILTERS = ['status', 'type', 'queue', 'tag'];
const PAGE = 50;
const BULK_LIMIT = 1000;

export const jobs = {
  mount(main, route) {
    const q = route.query;
    const selected = new Set();
    let allMatching = false;
    let shown = [];

    const input = (name, label, attrs) => h('label', null, label, h('input', { name, id: 'f-' + name, value: q.get(name) || '', ...attrs }));
    const status = h('select', { name: 'status', id: 'f-status' }, h('option', { value: '' }, 'any'),
      STATUSES.map((s) => h('option', { value: s, selected: q.get('status') === s }, s.toLowerCase())));
    const queue = h('select', { name: 'queue', id: 'f-queue' }, h('option', { value: '' }, 'any'));
    const form = h('form', { class: 'filters', id: 'filters', role: 'search', onsubmit: (ev) => {
      ev.preventDefault();
      const next = new URLSearchParams();
      for (const f of FILTERS) { const v = form.elements[f].value.trim(); if (v) next.set(f, v); }
      location.hash = '#/jobs' + (next.toString() ? '?' + next : '');
    } },
    h('label', null, 'Status', status), input('type', 'Type', { placeholder: 'e.g. email.send' }),
    h('label', null, 'Queue', queue), input('tag', 'Tag', { placeholder: 'key:value' }),
    h('button', { type: 'submit', id: 'apply' }, 'Filter'),
    h('a', { href: '#/jobs', class: 'button secondary' }, 'Clear'));
    api.get('/api/admin/queues').then((r) => {
      for (const x of r.queues) queue.append(h('option', { value: x.queue, selected: q.get('queue') === x.queue }, x.queue));
    }).catch(() => {});

    const idBox = h('input', { name: 'id', id: 'search-id', placeholder: 'job id', 'data-search': true, 'aria-label': 'Job id',
      autocomplete: 'off', required: true });
    const search = h('form', { class: 'search', id: 'search', role: 'search', onsubmit: async (ev) => {
      ev.preventDefault();
      const id = idBox.value.trim();
      const found = await act(() => api.get('/api/admin/jobs/' + encodeURIComponent(id)));
      if (found) location.hash = '#/jobs/' + encodeURIComponent(found.id);
    } }, idBox, h('button', { type: 'submit' }, 'Open'));

    const body = h('tbody');
    const all = h('input', { type: 'checkbox', id: 'select-page', 'aria-label': 'Select every job on this page', onchange: () => {
      for (const j of shown) { if (all.checked) selected.add(j.id); else selected.delete(j.id); }
      draw();
    } });
    const operator = api.can('operator');
    const matchBox = h('input', { type: 'checkbox', id: 'select-matching', onchange: () => { allMatching = matchBox.checked; bar(); } });
    const count = h('span', { id: 'selection' });
    const results = h('section', { id: 'bulk-results', 'aria-live': 'polite' });
    const bulkBar = operator ? h('div', { class: 'bulk', id: 'bulk' }, count,
      h('label', null, matchBox, ' all that match the filter (up to ' + BULK_LIMIT + ')'),
      h('button', { type: 'button', id: 'bulk-retry', onclick: () => bulk('retry') }, 'Retry'),
      h('button', { type: 'button', id: 'bulk-cancel', class: 'danger', onclick: () => bulk('cancel') }, 'Cancel')) : null;
    const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
    const filterText = FILTERS.filter((f) => q.get(f)).map((f) => f + ' ' + q.get(f)).join(', ');

    fill(main, h('h1', null, 'Jobs'), h('div', { class: 'toolbar' }, form, search), bulkBar,
      h('table', { class: 'table', id: 'jobs-table' }, h('thead', null, h('tr', null,
        operator ? h('th', { scope: 'col', class: 'check' }, all) : null,
        ['Id', 'Type', 'Status', 'Queue', 'Attempt', 'Created', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))), body),
      pager, results);

    function bar() {
      if (!bulkBar) return;
      count.textContent = allMatching ? 'All jobs that match' + (filterText ? ' (' + filterText + ')' : '') : selected.size + ' selected';
      for (const b of bulkBar.querySelectorAll('button')) b.disabled = !allMatching && selected.size === 0;
    }

    function draw() {
      const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.id : null;
      if (!shown.length) {
        fill(body, h('tr', null, h('td', { colspan: 8 }, empty(filterText
          ? 'No job matches ' + filterText + '. Loosen the filter or clear it.'
          : 'No jobs yet. Enqueue one with `jobkit enqueue TYPE --payload {...}` or from your service.'))));
      } else {
        fill(body, shown.map((j) => h('tr', { dataset: { id: j.id } },
          operator ? h('td', { class: 'check' }, h('input', { type: 'checkbox', dataset: { id: j.id }, checked: selected.has(j.id),
            'aria-label': 'Select job ' + j.id, onchange: (ev) => { if (ev.target.checked) selected.add(j.id); else selected.delete(j.id); bar(); } })) : null,
          h('td', null, h('a', { href: '#/jobs/' + encodeURIComponent(j.id), class: 'mono' }, j.id)),
          h('td', null, j.type), h('td', null, badge(j.status)), h('td', null, j.queue || '—'),
          h('td', { class: 'num' }, j.attempt + '/' + j.maxAttempts), h('td', null, when(j.createdAt)), h('td', null, when(j.updatedAt)))));
      }
      all.checked = shown.length > 0 && shown.every((j) => selected.has(j.id));
      if (focused) { const el = body.querySelector('input[data-id="' + CSS.escape(focused) + '"]'); if (el) el.focus(); }
      bar();
    }

    async function bulk(action) {
      const verb = action === 'retry' ? 'Retrying' : 'Cancelling';
      fill(results, h('p', null, verb + '…'));
      let out;
      if (allMatching) {
        const filter = {};
        for (const f of FILTERS) if (q.get(f)) filter[f] = q.get(f);
        out = await act(() => api.post('/api/admin/jobs/bulk', { action, filter, limit: BULK_LIMIT }));
        if (!out) { results.replaceChildren(); return; }
        out = out.results;
      } else {
        out = [];
        for (const id of selected) {
          try {
            const r = action === 'retry' ? await api.post('/api/admin/jobs/' + encodeURIComponent(id) + '/retry')
              : await api.del('/api/admin/jobs/' + encodeURIComponent(id));
            out.push({ id, outcome: r.outcome, status: r.status, error: null });
          } catch (e) {
            out.push({ id, outcome: e.code, status: null, error: e.message });
          }
        }
        selected.clear();
      }
      fill(results, h('h2', null, (action === 'retry' ? 'Retry' : 'Cancel') + ' results: ' + out.length + ' job' + (out.length === 1 ? '' : 's')),
        out.length ? h('table', { class: 'table', id: 'bulk-table' }, h('thead', null, h('tr', null, ['Id', 'Outcome', 'Status', 'Error'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, out.map((r) => h('tr', { class: r.error ? 'bad' : '' }, h('td', null, h('a', { href: '#/jobs/' + encodeURIComponent(r.id), class: 'mono' }, r.id)),
            h('td', null, r.outcome), h('td', null, r.status || '—'), h('td', null, r.error || ''))))) : empty('No job matched.'));
      await page.refresh();
    }

    const page = {
      async refresh() {
        const p = new URLSearchParams();
        for (const f of FILTERS) if (q.get(f)) p.set(f, q.get(f));
        p.set('limit', q.get('limit') || PAGE);
        if (q.get('cursor')) p.set('cursor', q.get('cursor'));
        const r = await api.get('/api/admin/jobs?' + p);
        shown = r.jobs;
        draw();
        const links = [];
        if (q.get('cursor')) {
          const first = new URLSearchParams(q); first.delete('cursor');
          links.push(h('a', { href: '#/jobs' + (first.toString() ? '?' + first : ''), id: 'first-page' }, '« Newest'));
        }
        if (r.nextCursor) {
          const next = new URLSearchParams(q); next.set('cursor', r.nextCursor);
          links.push(h('a', { href: '#/jobs?' + next, id: 'next-page' }, 'Older »'));
        }
        fill(pager, links);
      },
    };
    return page;
  },
};
