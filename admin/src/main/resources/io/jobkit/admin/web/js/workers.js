// Workers: what each live worker runs and has done, with a late heartbeat marked stale; operators drop the records
// of dead workers (no heartbeat for 90 s) with Clean up.
import * as api from './api.js';
import { act } from './app.js';
import { h, fill, when, empty } from './dom.js';

// Workers beat every few seconds; a beat this old means the worker is stuck or gone (the API drops them at 90 s).
const STALE_MS = 30_000;

export const workers = {
  mount(main) {
    const body = h('tbody');
    const note = h('div', { id: 'cleanup-result', 'aria-live': 'polite' });
    const cleanup = api.can('operator') ? h('button', { type: 'button', id: 'cleanup', onclick: async () => {
      const r = await act(() => api.post('/api/admin/workers/cleanup'));
      if (r) { fill(note, h('p', { class: 'notice' }, r.removed.length ? 'Removed ' + r.removed.length + ' stale worker record(s): ' + r.removed.join(', ')
        : 'No worker record was stale (none without a heartbeat for 90 s).')); await page.refresh(); }
    } }, 'Clean up stale workers') : null;
    fill(main, h('div', { class: 'sectionhead' }, h('h1', null, 'Workers'), cleanup), note,
      h('table', { class: 'table', id: 'workers-table' }, h('thead', null, h('tr', null,
        ['Worker', 'Runtime', 'Host', 'Queues', 'Concurrency', 'In flight', 'Processed', 'Succeeded', 'Failed', 'Started', 'Last beat'].map((t) => h('th', { scope: 'col' }, t)))), body));
    const page = {
      async refresh() {
        const r = await api.get('/api/admin/workers');
        if (!r.workers.length) {
          fill(body, h('tr', null, h('td', { colspan: 11 }, empty('No live workers. Start one with `jobkit worker` (or deploy the Lambda/Fargate workers); jobs wait in SQS until then.'))));
          return;
        }
        const now = Date.now();
        fill(body, r.workers.map((w) => {
          const stale = w.lastBeatAt && now - Date.parse(w.lastBeatAt) > STALE_MS;
          return h('tr', { class: stale ? 'stale' : '', dataset: { id: w.id } },
            h('td', null, h('span', { class: 'mono' }, w.id), stale ? h('span', { class: 'badge s-stale' }, 'stale') : null),
            h('td', null, w.runtime), h('td', null, w.host + (w.pid ? ' (pid ' + w.pid + ')' : '')), h('td', null, (w.queues || []).join(', ')),
            h('td', { class: 'num' }, w.concurrency), h('td', { class: 'num' }, w.inFlight), h('td', { class: 'num' }, w.processed),
            h('td', { class: 'num' }, w.succeeded), h('td', { class: 'num' }, w.failed), h('td', null, when(w.startedAt)), h('td', null, when(w.lastBeatAt)));
        }));
      },
    };
    return page;
  },
};
