// One batch: its counts with a progress bar, outcome, parents and callback jobs, a page of its members (the API's
// cursor kept in the URL, #/batches/{id}?cursor=...), and Cancel for operators. Refreshed in place like every page.
import * as api from './api.js';
import { act, flash } from './app.js';
import { h, fill, when, badge, empty, confirmDialog } from './dom.js';

const PAGE = 50;

/** The page's link to a member or step, by what it is: a job, a chain or a nested batch. */
export function workflowLink(kind, id, text) {
  if (!id) return h('span', { class: 'muted' }, '—');
  const path = kind === 'batch' ? '#/batches/' : kind === 'chain' ? '#/chains/' : '#/jobs/';
  return h('a', { href: path + encodeURIComponent(id), class: 'mono', dataset: { kind } }, text || id);
}

export const batch = {
  mount(main, route) {
    const id = route.parts[1];
    const cursor = route.query.get('cursor');
    const head = h('div', { class: 'jobhead' });
    const actions = h('div', { class: 'actions', id: 'batch-actions' });
    const progress = h('div', { id: 'batch-progress' });
    const counts = h('div', { class: 'counters', id: 'batch-counts' });
    const facts = h('dl', { class: 'facts', id: 'batch-facts' });
    const callbacks = h('ul', { id: 'batch-callbacks' });
    const body = h('tbody');
    const pager = h('nav', { class: 'pager', 'aria-label': 'Member pages' });
    fill(main, h('p', null, h('a', { href: '#/jobs' }, '← Jobs')), head, actions, progress, counts,
      h('div', { class: 'cols' }, h('section', null, h('h2', null, 'Details'), facts),
        h('section', null, h('h2', null, 'Callback jobs'), callbacks)),
      h('section', null, h('h2', null, 'Members'),
        h('table', { class: 'table', id: 'members-table' }, h('thead', null, h('tr', null,
          ['Member', 'Kind', 'Type', 'Status', 'Finished', 'Error'].map((t) => h('th', { scope: 'col' }, t)))), body), pager));
    // a member's type is not on its membership item; it never changes, so each job is asked once
    const types = new Map();
    let b = null;

    async function cancel() {
      const waiting = b.pending;
      if (!await confirmDialog('Cancel batch ' + id + '?', 'Its ' + waiting + ' unfinished member' + (waiting === 1 ? '' : 's')
        + ' will be cancelled (running ones are asked to stop). Finished members keep their outcome; onComplete still runs '
        + 'once every member is terminal.', 'Cancel batch')) return;
      const r = await act(() => api.del('/api/admin/batches/' + encodeURIComponent(id)));
      if (r) { flash('Cancelled ' + r.cancelled + ' waiting member(s); ' + r.stopRequested + ' running asked to stop.', 'ok'); await page.refresh(); }
    }

    async function typesOf(members) {
      const missing = members.filter((m) => m.kind === 'job' && !types.has(m.id));
      await Promise.all(missing.map(async (m) => {
        try {
          types.set(m.id, (await api.get('/api/admin/jobs/' + encodeURIComponent(m.id))).type);
        } catch (e) {
          if (e.status !== 404) throw e;
          types.set(m.id, null); // expired with the jobs' retention, or never enqueued (counted FAILED)
        }
      }));
    }

    const page = {
      async refresh() {
        b = await api.get('/api/admin/batches/' + encodeURIComponent(id));
        const q = new URLSearchParams({ limit: String(PAGE) });
        if (cursor) q.set('cursor', cursor);
        const m = await api.get('/api/admin/batches/' + encodeURIComponent(id) + '/members?' + q);
        await typesOf(m.members);
        const state = b.outcome || (b.cancelRequested ? 'CANCELLING' : 'RUNNING');
        main.dataset.outcome = b.outcome || '';
        fill(head, h('h1', null, 'Batch ', badge(state)), h('p', { class: 'mono', id: 'batch-id' }, b.id));
        fill(actions, api.can('operator') && !b.outcome ? h('button', { type: 'button', id: 'cancel-batch', class: 'danger', onclick: cancel },
          b.cancelRequested ? 'Cancel again' : 'Cancel batch') : null);
        const done = b.total - b.pending;
        fill(progress, h('div', { class: 'progress' },
          h('progress', { max: Math.max(1, b.total), value: done, id: 'batch-bar', 'aria-label': 'Members finished' }),
          h('span', { id: 'batch-progress-text' }, done + ' of ' + b.total + ' finished' + (b.sealed ? '' : ' (still adding members)'))));
        const card = (key, label, n) => h('div', { class: 'card' }, h('span', { class: 'label' }, label), h('span', { class: 'count', id: 'batch-' + key }, n));
        fill(counts, card('total', 'Total', b.total), card('pending', 'Pending', b.pending), card('succeeded', 'Succeeded', b.succeeded),
          card('failed', 'Failed', b.failed), card('cancelled', 'Cancelled', b.cancelled));
        const fact = (k, v) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)];
        fill(facts, fact('Outcome', b.outcome ? h('span', { id: 'batch-outcome' }, badge(b.outcome)) : h('span', { id: 'batch-outcome', class: 'muted' }, 'not complete')),
          fact('Sealed', h('span', { id: 'batch-sealed' }, b.abandonedReason ? 'by the reconciler: ' + b.abandonedReason
            : b.sealed ? 'yes' : 'no, its creator is still enqueueing members')),
          b.abandonedReason ? fact('Never enqueued', h('span', { id: 'batch-not-enqueued', class: 'bad' }, b.notEnqueued
            + ' member' + (b.notEnqueued === 1 ? '' : 's') + ' (its creator stopped before enqueueing them)')) : [],
          fact('Cancel requested', b.cancelRequested ? 'yes' : 'no'),
          fact('Parent batch', b.parentBatch ? workflowLink('batch', b.parentBatch) : null),
          fact('Parent chain', b.parentChain ? workflowLink('chain', b.parentChain) : null),
          fact('Created', when(b.createdAt)), fact('Completed', b.completedAt ? when(b.completedAt) : null));
        const cbs = Object.entries(b.callbackJobs || {});
        fill(callbacks, cbs.length ? cbs.map(([kind, job]) => h('li', { dataset: { callback: kind } }, h('span', { class: 'strong' }, kind), ' ',
          workflowLink('job', job)))
          : h('li', { class: 'muted' }, b.outcome ? 'No callback was configured for this outcome.' : 'Callbacks are enqueued when the batch completes.'));
        fill(body, m.members.length ? m.members.map((x) => h('tr', { dataset: { id: x.id, state: x.state }, class: x.state === 'FAILED' ? 'bad' : '' },
          h('td', null, workflowLink(x.kind, x.id)), h('td', null, x.kind),
          h('td', null, x.kind === 'job' ? types.get(x.id) || h('span', { class: 'muted' }, '—') : x.kind),
          h('td', null, badge(x.state), x.lastState ? h('span', { class: 'muted small', title: 'a later outcome after a redrive or retry; the batch counted the first' }, ' now ' + x.lastState) : null),
          h('td', null, x.finishedAt ? when(x.finishedAt) : h('span', { class: 'muted' }, '—')),
          h('td', { class: 'small' }, x.error || '')))
          : h('tr', null, h('td', { colspan: 6 }, empty(cursor ? 'No more members.' : 'This batch has no members yet.'))));
        const base = '#/batches/' + encodeURIComponent(id);
        fill(pager, cursor ? h('a', { href: base, id: 'first-members' }, '« First page') : null,
          m.nextCursor ? h('a', { href: base + '?cursor=' + encodeURIComponent(m.nextCursor), id: 'next-members' }, 'Next ' + PAGE + ' »') : null);
      },
    };
    return page;
  },
};
