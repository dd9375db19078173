import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../lib/demo/generate-workspace';
import { EntitySchemas } from '../../lib/domain';

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
});
