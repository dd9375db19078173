import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, type Handoff, type Lead, type User } from '../../lib/domain';
import { claimHandoff, decideHandoff, newHandoff } from '../src/mutations/handoff-rules';
import { decodeCursor, encodeCursor } from '../src/cursor';

const T = '2026-03-02T01:00:00.000Z';
const user = (id: string, role: User['role']): User => ({ id, email: `${id}@x.jp`, name: id, role, queueIds: [], away: false, territories: [], createdAt: T });
const pending: Handoff = {
  id: 'h1',
  leadId: 'l1',
  stageId: 'marketing_to_sales',
  definitionVersion: 1,
  fromUserId: 'mk',
  toUserId: 'rep',
  checklist: {},
  status: 'pending',
  createdAt: T,
  updatedAt: T,
};
const lead = { id: 'l1', stage: 'mql' } as Lead;
const args = (kind: 'accept' | 'reject' | 'recycle', reasonCode?: string) => ({ handoffId: 'h1', kind, at: T, ...(reasonCode ? { reasonCode } : {}) });

describe('decideHandoff (pure)', () => {
  it('accept moves the lead to sal and makes the decider its owner', () => {
    const r = decideHandoff({ handoff: pending, args: args('accept'), user: user('rep', 'sales'), definition: DEFAULT_DEFINITION, now: T });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.handoff).toMatchObject({ status: 'accepted', decision: { kind: 'accept', by: 'rep', at: T } });
    expect(r.value.lead(lead)).toMatchObject({ stage: 'sal', ownerId: 'rep' });
  });

  it('the assigned rep may decide whatever the role; marketers and integrations may not', () => {
    expect(decideHandoff({ handoff: { ...pending, toUserId: 'mk2' }, args: args('recycle'), user: user('mk2', 'marketer'), definition: DEFAULT_DEFINITION, now: T }).ok).toBe(true);
    for (const role of ['marketer', 'integration'] as const) {
      const r = decideHandoff({ handoff: pending, args: args('accept'), user: user('other', role), definition: DEFAULT_DEFINITION, now: T });
      expect(!r.ok && r.error.code).toBe('forbidden');
    }
  });

  it('a second decision is already_decided with the first one in details', () => {
    const first = decideHandoff({ handoff: pending, args: args('reject', 'no_budget'), user: user('rep', 'sales'), definition: DEFAULT_DEFINITION, now: T });
    if (!first.ok) throw first.error;
    const second = decideHandoff({ handoff: first.value.handoff, args: args('accept'), user: user('boss', 'manager'), definition: DEFAULT_DEFINITION, now: T });
    expect(!second.ok && second.error.code).toBe('already_decided');
    expect(!second.ok && second.error.details).toEqual({ decision: { kind: 'reject', reasonCode: 'no_budget', by: 'rep', at: T }, status: 'rejected' });
  });

  it('reject needs a known reason of the handoff definition', () => {
    const missing = decideHandoff({ handoff: pending, args: args('reject'), user: user('rep', 'sales'), definition: DEFAULT_DEFINITION, now: T });
    const unknown = decideHandoff({ handoff: pending, args: args('reject', 'vibes'), user: user('rep', 'sales'), definition: DEFAULT_DEFINITION, now: T });
    expect([!missing.ok && missing.error.code, !unknown.ok && unknown.error.code]).toEqual(['validation_failed', 'unknown_reason']);
  });
});

describe('newHandoff and claimHandoff (pure)', () => {
  it('queue handoffs start unassigned with the SLA running from the handoff; the claim sets assignedAt and keeps dueAt', () => {
    const created = newHandoff({
      args: { id: 'h2', leadId: 'l1', stageId: 'marketing_to_sales', toQueueId: 'q1', checkedItemIds: [], createdAt: T },
      user: user('mk', 'marketer'),
      definition: DEFAULT_DEFINITION,
      now: T,
    });
    if (!created.ok) throw created.error;
    expect(created.value.assignedAt).toBeUndefined();
    expect(created.value.dueAt).toBe('2026-03-03T01:00:00.000Z');
    const claimed = claimHandoff({ handoff: created.value, user: user('rep', 'sales'), at: '2026-03-02T02:00:00.000Z', definition: DEFAULT_DEFINITION, now: T });
    if (!claimed.ok) throw claimed.error;
    expect(claimed.value).toMatchObject({ toUserId: 'rep', assignedAt: '2026-03-02T02:00:00.000Z', dueAt: '2026-03-03T01:00:00.000Z' });
    // A queued handoff from before due times were set on creation gets one from its creation.
    const { dueAt: _, ...legacy } = created.value;
    const legacyClaim = claimHandoff({ handoff: legacy, user: user('rep', 'sales'), at: '2026-03-02T02:00:00.000Z', definition: DEFAULT_DEFINITION, now: T });
    expect(legacyClaim.ok && legacyClaim.value.dueAt).toBe('2026-03-03T01:00:00.000Z');
    const again = claimHandoff({ handoff: claimed.value, user: user('rep2', 'sales'), at: T, definition: DEFAULT_DEFINITION, now: T });
    expect(!again.ok && again.error.code).toBe('already_claimed');
  });
});

describe('cursor', () => {
  it('round-trips keys, including ids with colons, and refuses garbage', () => {
    const key = { version: 42, entity: 'touch' as const, id: 'tc:a:b' };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor('')).toEqual({ version: 0, entity: '', id: '' });
    for (const bad of ['x', '1:lead', '1:widget:x', '-1:lead:x']) expect(() => decodeCursor(bad)).toThrow();
  });
});
