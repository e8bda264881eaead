// The "Workflow" block on a job's page: the batch, chain (and step) or batch callback the job belongs to, from
// GET /api/admin/jobs/{id}/workflow. Membership is fixed when the job is enqueued, so it is asked for once per page.
import * as api from './api.js';
import { h, fill } from './dom.js';
import { workflowLink } from './batch.js';

export function workflowSection(id) {
  const el = h('section', { id: 'workflow' });
  let loaded = false;
  return {
    el,
    async refresh() {
      if (loaded) return;
      const w = await api.get('/api/admin/jobs/' + encodeURIComponent(id) + '/workflow');
      loaded = true;
      if (!w.batchId && !w.chainId && !w.callbackOf) { fill(el); return; }
      // the step before may be a job or (after a chord) a batch; the chain says which
      let parentKind = 'job';
      if (w.parentId && w.chainId && w.step > 0) {
        const c = await api.get('/api/admin/chains/' + encodeURIComponent(w.chainId)).catch(() => null);
        const before = c && c.steps[w.step - 1];
        if (before && before.kind === 'batch') parentKind = 'batch';
      }
      const fact = (k, v) => [h('dt', null, k), h('dd', null, v)];
      fill(el, h('h2', null, 'Workflow'), h('dl', { class: 'facts', id: 'workflow-facts' },
        w.batchId ? fact('Member of batch', workflowLink('batch', w.batchId)) : null,
        w.chainId ? fact('Step of chain', [workflowLink('chain', w.chainId), w.step !== null && w.step !== undefined ? ' (step ' + (w.step + 1) + ')' : null]) : null,
        w.callbackOf ? fact('Callback of batch', workflowLink('batch', w.callbackOf)) : null,
        w.parentId ? fact('Runs after', workflowLink(parentKind, w.parentId)) : null));
    },
  };
}
