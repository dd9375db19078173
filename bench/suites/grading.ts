import { DEFAULT_DEFINITION } from '../../lib/domain/default-definition';
import { generateWorkspace } from '../../lib/demo/generate-workspace';
import { gradeLead } from '../../lib/grading';
import type { Touch } from '../../lib/domain';
import { figure } from '../support/figure';
import { REFERENCE_NOW, REFERENCE_SEED, scaled } from '../support/scale';
import type { Suite } from '../run';

/**
 * Item 7: leads regraded per second by the grading engine, over the reference workspace's leads
 * with their own touches and the default definition: the work a definition change triggers.
 * Pure CPU in Node; the extension does the same work in its worker between IndexedDB reads.
 */
export const suite: Suite = {
  name: 'grading',
  async run(context) {
    const data = generateWorkspace({ ...scaled(context.scale), seed: REFERENCE_SEED, now: REFERENCE_NOW, marketerIds: ['m'], repIds: ['r'] });
    const byLead = new Map<string, Touch[]>();
    for (const t of data.touches) {
      const list = byLead.get(t.leadId);
      if (list) list.push(t);
      else byLead.set(t.leadId, [t]);
    }
    const now = Date.parse(REFERENCE_NOW);
    const pass = () => {
      let checksum = 0;
      const t0 = performance.now();
      for (const lead of data.leads) checksum += gradeLead(lead, byLead.get(lead.id) ?? [], DEFAULT_DEFINITION, now).score;
      const seconds = (performance.now() - t0) / 1000;
      if (!Number.isFinite(checksum)) throw new Error('grading produced a non-finite score');
      return data.leads.length / seconds;
    };
    pass(); // warm the JIT, as a long-lived worker is
    const samples = Array.from({ length: 7 }, pass);
    return [
      figure({
        id: 'grading.leads-per-second',
        item: 7,
        label: `Leads regraded per second (${data.leads.length.toLocaleString('en-US')} leads, ${data.touches.length.toLocaleString('en-US')} touches)`,
        unit: 'leads/s',
        samples,
        budget: { stat: 'median', op: '>=', value: 100_000, kind: 'goal' },
        note: 'gradeLead over every lead with its touches and the default definition, one pass per sample after a warm-up pass.',
      }),
    ];
  },
};
