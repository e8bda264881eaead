// Queues and their DLQs: depths, pause/resume, and per queue (#/queues/<q>/dlq) the dead letters with redrive
// (progress read live from the DLQ's depth while the move runs) and, for admins, purge after a confirmation that
// names the queue and the count.
import * as api from './api.js';
import { act } from './app.js';
import { h, fill, age, empty, confirmDialog, pretty } from './dom.js';

export const queues = {
  mount(main, route) {
    const name = route.parts[1];
    return name ? dlqPage(main, name) : listPage(main);
  },
};

function listPage(main) {
  const body = h('tbody');
  fill(main, h('h1', null, 'Queues'),
    h('table', { class: 'table', id: 'queues-table' }, h('thead', null, h('tr', null,
      ['Queue', 'Waiting', 'In flight', 'Delayed', 'Oldest waiting', 'DLQ', 'Oldest dead letter', 'State', ''].map((t, i) => h('th', { scope: 'col', class: i > 0 && i < 7 ? 'num' : null }, t)))), body));
  const page = {
    async refresh() {
      const r = await api.get('/api/admin/queues');
      if (!r.queues.length) { fill(body, h('tr', null, h('td', { colspan: 9 }, empty('No queues are in the topology.')))); return; }
      fill(body, r.queues.map((q) => h('tr', { dataset: { queue: q.queue } },
        h('td', null, h('span', { class: 'strong' }, q.queue), h('div', { class: 'muted small mono' }, q.sqsName)),
        h('td', { class: 'num' }, q.visible), h('td', { class: 'num' }, q.inFlight), h('td', { class: 'num' }, q.delayed),
        h('td', { class: 'num' }, age(q.oldestAgeSeconds)),
        h('td', { class: 'num' + (q.dlqDepth ? ' warn' : '') }, h('a', { href: '#/queues/' + encodeURIComponent(q.queue) + '/dlq', id: 'dlq-' + q.queue }, q.dlqDepth)),
        h('td', { class: 'num' }, age(q.dlqOldestAgeSeconds)),
        h('td', null, q.paused ? h('span', { class: 'badge s-paused', title: 'paused by ' + q.pausedBy + ' at ' + q.pausedAt }, 'paused') : 'running'),
        h('td', null, api.can('operator') ? h('button', { type: 'button', class: 'small', id: (q.paused ? 'resume-' : 'pause-') + q.queue,
          onclick: async () => {
            const done = await act(() => api.post('/api/admin/queues/' + encodeURIComponent(q.queue) + (q.paused ? '/resume' : '/pause')));
            if (done) await page.refresh();
          } }, q.paused ? 'Resume' : 'Pause') : null))));
    },
  };
  return page;
}

function dlqPage(main, name) {
  const summary = h('p', { id: 'dlq-summary' });
  const actions = h('div', { class: 'actions' });
  const progress = h('div', { id: 'redrive-progress', 'aria-live': 'polite' });
  const list = h('div', { id: 'dead-letters' });
  const limit = h('select', { id: 'peek-limit', 'aria-label': 'Messages to peek at', onchange: () => page.refresh() },
    [10, 25, 50, 100].map((n) => h('option', { value: n }, 'peek ' + n)));
  fill(main, h('p', null, h('a', { href: '#/queues' }, '← Queues')), h('h1', null, 'Dead letters of ', name),
    summary, actions, progress, h('div', { class: 'sectionhead' }, h('h2', null, 'Messages'), limit), list);
  let depth = 0;
  let redriving = false;

  async function redrive() {
    redriving = true;
    const start = depth;
    const bar = h('progress', { max: Math.max(1, start), value: 0, id: 'redrive-bar' });
    const text = h('span', { id: 'redrive-text' }, 'Moving ' + start + ' messages back to ' + name + '…');
    progress.replaceChildren(h('div', { class: 'progress' }, bar, text));
    // the redrive call returns when the move has finished; meanwhile the DLQ's depth shows how far it got
    const watch = setInterval(async () => {
      try {
        const q = (await api.get('/api/admin/queues')).queues.find((x) => x.queue === name);
        if (q && redriving) { bar.value = Math.max(0, start - q.dlqDepth); text.textContent = 'Moved ' + bar.value + ' of ' + start + '…'; }
      } catch (e) { /* the final answer below reports errors */ }
    }, 500);
    const r = await act(() => api.post('/api/admin/queues/' + encodeURIComponent(name) + '/dlq/redrive'));
    clearInterval(watch);
    redriving = false;
    if (r) {
      bar.max = Math.max(1, r.total); bar.value = r.moved;
      text.textContent = 'Redrive ' + r.status.toLowerCase() + ': moved ' + r.moved + ' of ' + r.total + ' (' + r.method.toLowerCase().replace(/_/g, ' ')
        + ', ' + r.elapsedSeconds.toFixed(1) + ' s)' + (r.failureReason ? ' — ' + r.failureReason : '');
    } else {
      progress.replaceChildren();
    }
    await page.refresh();
  }

  async function purge() {
    const ok = await confirmDialog('Purge the DLQ of ' + name + '?', 'This deletes all ' + depth + ' message' + (depth === 1 ? '' : 's')
      + ' in the dead-letter queue of queue "' + name + '". Their jobs stay FAILED and cannot be redriven afterwards.', 'Purge ' + depth + ' messages');
    if (!ok) return;
    const r = await act(() => api.del('/api/admin/queues/' + encodeURIComponent(name) + '/dlq'));
    if (r) fill(progress, h('p', { id: 'purge-result' }, 'Purged ' + r.purged + ' messages from ' + r.dlqSqsName + '.'));
    await page.refresh();
  }

  const page = {
    async refresh() {
      const [qs, peek] = await Promise.all([api.get('/api/admin/queues'), api.get('/api/admin/queues/' + encodeURIComponent(name) + '/dlq?limit=' + limit.value)]);
      const q = qs.queues.find((x) => x.queue === name);
      depth = q ? q.dlqDepth : 0;
      fill(summary, h('span', { id: 'dlq-depth' }, depth), ' message' + (depth === 1 ? '' : 's') + ' in ', h('span', { class: 'mono' }, peek.dlqSqsName),
        q && q.dlqOldestAgeSeconds !== null ? ', oldest ' + age(q.dlqOldestAgeSeconds) : '');
      if (!redriving) {
        fill(actions,
          api.can('operator') ? h('button', { type: 'button', id: 'redrive', disabled: depth === 0, onclick: redrive }, 'Redrive all to ' + name) : null,
          api.can('admin') ? h('button', { type: 'button', id: 'purge', class: 'danger', disabled: depth === 0, onclick: purge }, 'Purge…') : null);
      }
      if (!peek.messages.length) { fill(list, empty('The DLQ is empty. Jobs land here when their attempts run out or fail for good.')); return; }
      // keep open <details> open across refreshes
      const open = new Set([...list.querySelectorAll('details[open]')].map((d) => d.dataset.id));
      fill(list, h('table', { class: 'table', id: 'dlq-table' }, h('thead', null, h('tr', null,
        ['Job', 'Type', 'Reason', 'Source', 'Cycle', 'Age', 'Receives', 'Body'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, peek.messages.map((m) => h('tr', null,
        h('td', null, m.jobId ? h('a', { class: 'mono', href: '#/jobs/' + encodeURIComponent(m.jobId) }, m.jobId) : '—'),
        h('td', null, m.type || '—'), h('td', null, m.reason || '—'), h('td', null, m.source || '—'), h('td', { class: 'num' }, m.cycle ?? '—'),
        h('td', { class: 'num', title: m.deadLetteredAt || '' }, age(m.ageSeconds)), h('td', { class: 'num' }, m.receiveCount),
        h('td', null, h('details', { dataset: { id: m.messageId }, open: open.has(m.messageId) }, h('summary', null, 'body'), h('pre', { class: 'code' }, prettyBody(m.body)))))))));
    },
  };
  return page;
}

function prettyBody(body) {
  try { return pretty(JSON.parse(body)); } catch (e) { return body; }
}
