// Overview: live counters, succeeded/failed per minute over the last hour (uPlot), and the queue table.
import * as api from './api.js';
import { h, fill, age, when, empty } from './dom.js';

const COUNTERS = [
  ['waiting', 'Waiting', '#/jobs?status=QUEUED'],
  ['running', 'Running', '#/jobs?status=RUNNING'],
  ['retrying', 'Retrying', '#/jobs?status=RETRYING'],
  ['scheduled', 'Scheduled', '#/jobs?status=SCHEDULED'],
  ['failed', 'Failed', '#/jobs?status=FAILED'],
  ['succeeded', 'Succeeded (1 h)', '#/jobs?status=SUCCEEDED'],
  ['deadLettered', 'In DLQs', '#/queues'],
];

export const overview = {
  mount(main) {
    const cards = {};
    const grid = h('section', { class: 'counters', 'aria-label': 'Counters' }, COUNTERS.map(([key, label, href]) => {
      cards[key] = h('span', { class: 'count', id: 'count-' + key }, '…');
      return h('a', { class: 'card', href }, h('span', { class: 'label' }, label), cards[key]);
    }));
    const chartBox = h('div', { class: 'chart', id: 'throughput' });
    const chartNote = h('p', { class: 'muted' });
    const queueBody = h('tbody');
    const queueSection = h('section', null, h('h2', null, 'Queues'),
      h('table', { class: 'table', id: 'queue-table' }, h('thead', null, h('tr', null,
        ['Queue', 'Waiting', 'In flight', 'Delayed', 'Oldest', 'DLQ', 'Paused'].map((t, i) => h('th', { scope: 'col', class: i > 0 && i < 6 ? 'num' : null }, t)))), queueBody));
    const at = h('p', { class: 'muted small', id: 'updated' });
    fill(main, h('h1', null, 'Overview'), grid,
      h('section', null, h('h2', null, 'Throughput, last hour'), chartBox, chartNote), queueSection, at);
    let plot = null;

    return {
      async refresh() {
        const [stats, qs] = await Promise.all([api.get('/api/admin/stats?window=1h'), api.get('/api/admin/queues')]);
        const m = stats.metrics;
        const c = m ? m.counts : {};
        const points = m ? m.throughput : [];
        const values = {
          waiting: m ? c.waiting : stats.waiting, running: c.running, retrying: c.retrying, scheduled: c.scheduled,
          failed: c.failed, succeeded: points.reduce((n, p) => n + p.succeeded, 0),
          deadLettered: m ? c.deadLettered : stats.deadLettered,
        };
        for (const [key] of COUNTERS) cards[key].textContent = values[key] === undefined ? '—' : String(values[key]);
        const data = [points.map((p) => Date.parse(p.minute) / 1000), points.map((p) => p.succeeded), points.map((p) => p.failed)];
        if (!window.uPlot) {
          chartNote.textContent = 'The chart library did not load (/webjars/uplot/1.6.30/).';
        } else if (!plot) {
          plot = new window.uPlot({
            width: Math.max(320, chartBox.clientWidth || 800), height: 220,
            series: [{}, { label: 'succeeded', stroke: '#1a7f37', width: 2 }, { label: 'failed', stroke: '#cf222e', width: 2 }],
            axes: [{}, { label: 'jobs / min' }],
          }, data, chartBox);
        } else {
          plot.setData(data);
        }
        chartNote.textContent = points.length && !points.some((p) => p.succeeded || p.failed)
          ? 'Nothing finished in the last hour. Enqueue a job (jobkit enqueue TYPE) and start a worker to see it here.' : '';
        const rows = qs.queues.map((q) => h('tr', { dataset: { queue: q.queue } }, queueCells(q)));
        if (rows.length) fill(queueBody, rows);
        else fill(queueBody, h('tr', null, h('td', { colspan: 7 }, empty('No queues are in the topology.'))));
        fill(at, 'Updated ', when(stats.at), ' · refreshes by itself');
      },
      dispose() { if (plot) plot.destroy(); },
    };
  },
};

function queueCells(q) {
  return [h('td', null, h('a', { href: '#/queues/' + encodeURIComponent(q.queue) + '/dlq' }, q.queue)),
    h('td', { class: 'num' }, q.visible), h('td', { class: 'num' }, q.inFlight), h('td', { class: 'num' }, q.delayed),
    h('td', { class: 'num' }, age(q.oldestAgeSeconds)),
    h('td', { class: 'num' + (q.dlqDepth ? ' warn' : '') }, q.dlqDepth),
    h('td', null, q.paused ? h('span', { class: 'badge s-paused', title: 'by ' + (q.pausedBy || '?') }, 'paused') : 'no')];
}
