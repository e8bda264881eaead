// One chain: its steps in order (a job or a batch each) with their status, the step that failed marked, the reason
// later steps were cancelled, and Cancel for operators while the chain runs.
import * as api from './api.js';
import { act, flash } from './app.js';
import { h, fill, when, badge, confirmDialog } from './dom.js';
import { workflowLink } from './batch.js';

export const chain = {
  mount(main, route) {
    const id = route.parts[1];
    const head = h('div', { class: 'jobhead' });
    const actions = h('div', { class: 'actions', id: 'chain-actions' });
    const reason = h('div', { id: 'chain-reason' });
    const facts = h('dl', { class: 'facts', id: 'chain-facts' });
    const body = h('tbody');
    fill(main, h('p', null, h('a', { href: '#/jobs' }, '← Jobs')), head, actions, reason,
      h('section', null, h('h2', null, 'Steps'), h('table', { class: 'table', id: 'steps-table' }, h('thead', null, h('tr', null,
        ['#', 'Kind', 'Type', 'Status', 'Job or batch', 'Reason'].map((t) => h('th', { scope: 'col' }, t)))), body)),
      h('section', null, h('h2', null, 'Details'), facts));
    let c = null;

    async function cancel() {
      const left = c.steps.filter((s) => s.index >= c.current).length;
      if (!await confirmDialog('Cancel chain ' + id + '?', 'Step ' + (c.current + 1) + ' of ' + c.steps.length + ' and the '
        + (left - 1) + ' after it will not run (a running step is asked to stop). Steps that finished keep their outcome.', 'Cancel chain')) return;
      const r = await act(() => api.del('/api/admin/chains/' + encodeURIComponent(id)));
      if (r) { flash('Chain cancelled.', 'ok'); await page.refresh(); }
    }

    const page = {
      async refresh() {
        c = await api.get('/api/admin/chains/' + encodeURIComponent(id));
        main.dataset.status = c.status;
        fill(head, h('h1', null, 'Chain ', badge(c.status)), h('p', { class: 'mono', id: 'chain-id' }, c.id));
        fill(actions, api.can('operator') && c.status === 'RUNNING'
          ? h('button', { type: 'button', id: 'cancel-chain', class: 'danger', onclick: cancel }, 'Cancel chain') : null);
        fill(reason, c.reason ? h('p', { class: 'error-text', id: 'chain-reason-text' }, c.reason) : null);
        fill(body, c.steps.map((s) => {
          const failed = c.failedStep !== null && c.failedStep !== undefined && s.index === c.failedStep;
          return h('tr', { class: failed ? 'bad failed-step' : s.index === c.current && c.status === 'RUNNING' ? 'current' : '',
            dataset: { index: s.index, status: s.status } },
          h('td', { class: 'num' }, s.index + 1), h('td', null, s.kind), h('td', null, s.type),
          h('td', null, badge(s.status), failed ? h('span', { class: 'badge s-failed' }, 'failed step') : null),
          h('td', null, workflowLink(s.kind === 'batch' ? 'batch' : 'job', s.id)),
          h('td', { class: 'small' }, s.reason || ''));
        }));
        const fact = (k, v) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)];
        fill(facts, fact('Steps', c.steps.length), fact('Current step', c.current + 1),
          fact('Parent batch', c.parentBatch ? workflowLink('batch', c.parentBatch) : null),
          fact('Created', when(c.createdAt)), fact('Finished', c.finishedAt ? when(c.finishedAt) : null));
      },
    };
    return page;
  },
};
