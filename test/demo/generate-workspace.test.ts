import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../lib/demo/generate-workspace';
import { DEFAULT_DEFINITION, EntitySchemas, slaDueAt } from '../../lib/domain';

const HOUR = 3_600_000;
const options = { leads: 300, touchesPerLead: 6, handoffs: 90, now: '2026-11-20T03:00:00.000Z', marketerIds: ['u-m'], repIds: ['u-r1', 'u-r2'] };

describe('generateWorkspace', () => {
  const w = generateWorkspace(options);

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateWorkspace(options)).toEqual(w);
    expect(generateWorkspace({ ...options, seed: 7 }).leads[0]!.email).not.toBe(w.leads[0]!.email);
  });

  it('produces valid domain objects with unique emails and ids', () => {
    for (const lead of w.leads) expect(EntitySchemas.lead.safeParse(lead).success).toBe(true);
    for (const touch of w.touches) expect(EntitySchemas.touch.safeParse(touch).success).toBe(true);
    for (const handoff of w.handoffs) expect(EntitySchemas.handoff.safeParse(handoff).success).toBe(true);
    for (const outcome of w.outcomes) expect(EntitySchemas.outcome.safeParse(outcome).success).toBe(true);
    expect(new Set(w.leads.map((l) => l.email)).size).toBe(300);
    expect(new Set(w.touches.map((t) => t.id)).size).toBe(w.touches.length);
    expect(w.handoffs).toHaveLength(90);
  });

  it('mixes Japanese and English people, and every status a review needs', () => {
    expect(w.leads.some((l) => /[\u3040-\u9fff]/.test(l.name.family ?? ''))).toBe(true);
    expect(w.leads.some((l) => /^[A-Za-z]+$/.test(l.name.family ?? ''))).toBe(true);
    const statuses = new Set(w.handoffs.map((h) => h.status));
    for (const s of ['pending', 'accepted', 'rejected']) expect(statuses.has(s as never)).toBe(true);
    expect(w.outcomes.some((o) => o.kind === 'opportunity' && o.amount!.value > 0)).toBe(true);
    // Every touch belongs to a generated lead; nothing happens after "now".
    const ids = new Set(w.leads.map((l) => l.id));
    expect(w.touches.every((t) => ids.has(t.leadId) && t.occurredAt <= options.now)).toBe(true);
  });

  it('gives the purchased list a worse acceptance rate than webinars', () => {
    const big = generateWorkspace({ ...options, leads: 3000, handoffs: 1500 });
    const byId = new Map(big.leads.map((l) => [l.id, l]));
    const rate = (channel: string) => {
      const decided = big.handoffs.filter((h) => h.decision && byId.get(h.leadId)!.source.channel === channel);
      return decided.filter((h) => h.status === 'accepted').length / decided.length;
    };
    expect(rate('purchased_list')).toBeLessThan(rate('webinar'));
  });

  it('keeps pending handoffs recent, as in a working team: most within their SLA, a few just overdue', () => {
    const stage = DEFAULT_DEFINITION.stages[0]!;
    for (const data of [w, generateWorkspace({ ...options, leads: 3000, handoffs: 1500 })]) {
      const nowMs = Date.parse(options.now);
      const leads = new Map(data.leads.map((l) => [l.id, l]));
      const pending = data.handoffs.filter((h) => h.status === 'pending');
      expect(pending.length).toBeGreaterThan(5);
      for (const h of pending) {
        const lead = leads.get(h.leadId)!;
        // A coherent timeline: the lead, then the handoff, then its assignment, all before now.
        expect(lead.createdAt <= h.createdAt && h.createdAt <= h.assignedAt! && Date.parse(h.assignedAt!) <= nowMs).toBe(true);
        expect(h.dueAt).toBe(slaDueAt(h.assignedAt!, stage, DEFAULT_DEFINITION.calendar));
        expect(lead.mqlAt).toBe(h.createdAt);
        for (const item of Object.values(h.checklist)) expect(item.at).toBe(h.createdAt);
      }
      const lateMs = pending.map((h) => nowMs - Date.parse(h.dueAt!)).filter((ms) => ms > 0);
      expect(lateMs.length).toBeGreaterThan(0);
      expect(lateMs.length / pending.length).toBeLessThan(0.3);
      // "Just" overdue: hours, never the weeks a 60-day history would otherwise leave.
      expect(Math.max(...lateMs)).toBeLessThanOrEqual(6 * HOUR + 60_000);
    }
  });
});
