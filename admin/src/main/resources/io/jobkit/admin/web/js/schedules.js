// Schedules: expression with its plain-language description, time zone, next five fire times and state, with
// pause/resume/trigger (operator) and delete (admin, after a confirmation naming the schedule).
import * as api from './api.js';
import { act, flash } from './app.js';
import { h, fill, when, empty, confirmDialog } from './dom.js';

export const schedules = {
  mount(main) {
    const body = h('tbody');
    const note = h('div', { id: 'schedule-note', 'aria-live': 'polite' });
    fill(main, h('h1', null, 'Schedules'), note,
      h('table', { class: 'table', id: 'schedules-table' }, h('thead', null, h('tr', null,
        ['Name', 'Job type', 'Expression', 'Time zone', 'Next five fire times', 'State', ''].map((t) => h('th', { scope: 'col' }, t)))), body));
    const run = async (fn) => { const r = await act(fn); if (r) await page.refresh(); return r; };
    const path = (s) => '/api/admin/schedules/' + encodeURIComponent(s.name);
    const page = {
      async refresh() {
        const r = await api.get('/api/admin/schedules');
        if (!r.schedules.length) {
          fill(body, h('tr', null, h('td', { colspan: 7 }, empty('No recurring schedules. Create one with `jobkit schedules create NAME --cron "0 9 * * 1" --type TYPE` or PUT /api/admin/schedules/{name}.'))));
          return;
        }
        fill(body, r.schedules.map((s) => h('tr', { dataset: { name: s.name } },
          h('td', null, h('span', { class: 'strong' }, s.name)), h('td', null, s.type),
          h('td', null, h('code', null, s.expression), s.description ? h('div', { class: 'muted small describe' }, s.description) : null,
            s.eventBridge && s.eventBridge !== s.expression ? h('div', { class: 'muted small mono' }, s.eventBridge) : null),
          h('td', null, s.timeZone),
          h('td', null, s.nextFireTimes.length ? h('ol', { class: 'fires' }, s.nextFireTimes.slice(0, 5).map((t) => h('li', null, when(t))))
            : h('span', { class: 'muted' }, s.enabled ? 'no further firing' : 'paused: none')),
          h('td', null, s.enabled ? 'enabled' : h('span', { class: 'badge s-paused' }, 'paused')),
          h('td', { class: 'rowactions' },
            api.can('operator') ? h('button', { type: 'button', class: 'small', id: (s.enabled ? 'pause-' : 'resume-') + s.name,
              onclick: () => run(() => api.post(path(s) + (s.enabled ? '/pause' : '/resume'))) }, s.enabled ? 'Pause' : 'Resume') : null,
            api.can('operator') ? h('button', { type: 'button', class: 'small', id: 'trigger-' + s.name, onclick: async () => {
              const t = await run(() => api.post(path(s) + '/trigger'));
              if (t) fill(note, h('p', { class: 'notice' }, 'Triggered ' + t.schedule + ': job ', h('a', { class: 'mono', href: '#/jobs/' + encodeURIComponent(t.id) }, t.id), '.'));
            } }, 'Trigger now') : null,
            api.can('admin') ? h('button', { type: 'button', class: 'small danger', id: 'delete-' + s.name, onclick: async () => {
              if (await confirmDialog('Delete schedule ' + s.name + '?', 'Schedule "' + s.name + '" (' + s.expression + ', ' + s.timeZone
                + ') stops firing and is removed. Jobs it already enqueued are kept.', 'Delete ' + s.name)) {
                const d = await run(() => api.del(path(s)));
                if (d) flash('Deleted schedule ' + s.name + '.', 'ok');
              }
            } }, 'Delete…') : null))));
      },
    };
    return page;
  },
};
