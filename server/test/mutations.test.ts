import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, leadIdForEmail, type Handoff, type Lead, type LeadDefinition, type MutationCall, type User } from '../../lib/domain';
import { ApiClient } from './support/client';
import { createHandoff, decide, T0, uid, upsertLead } from './support/fixtures';
import { openHarness, STORAGES, type Harness } from './support/storages';
import type { Seed } from '../src/testing';

describe.each(STORAGES)('mutation rules on $name', (storage) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(storage);
  });
  afterAll(async () => h?.close());

  async function world() {
    const seed = await h.seed();
    const as = (u: keyof Omit<Seed, 'workspaceId' | 'queueId'>) => new ApiClient(h.app, seed[u].token);
    const marketer = as('marketer');
    const email = `${uid('lead')}@acme.co.jp`;
    const leadId = leadIdForEmail(email);
    await marketer.apply(upsertLead(email, { company: 'ACME', title: '部長' }));
    const state = async () => (await as('admin').pullAll()).state;
    const lead = async () => (await state()).get(`lead:${leadId}`) as Lead | undefined;
    const handoff = async (id: string) => (await state()).get(`handoff:${id}`) as Handoff | undefined;
    return { seed, as, marketer, email, leadId, state, lead, handoff };
  }
  const codes = (res: { results: { status: string; error?: { code: string } }[] }) => res.results.map((r) => r.error?.code ?? r.status);

  it('lead.upsert creates with defaults, merges patches, and ignores stage from non-managers', async () => {
    const w = await world();
    expect(await w.lead()).toMatchObject({ stage: 'inquiry', source: { channel: 'other' }, name: {}, company: 'ACME', createdAt: T0 });
    await w.marketer.apply(upsertLead(w.email, { department: '情報システム部', stage: 'won' }));
    expect(await w.lead()).toMatchObject({ company: 'ACME', department: '情報システム部', stage: 'inquiry' });
    await w.as('manager').apply(upsertLead(w.email, { stage: 'disqualified' }));
    expect((await w.lead())!.stage).toBe('disqualified');
    expect(codes(await w.as('integration').push(upsertLead('i@acme.co.jp')).catch(() => ({ results: [{ status: 'http', error: { code: '403' } }] })))).toEqual(['403']);
  });

  it('handoff.create: SLA from the stage, checklist marks, lead to mql, one pending per lead', async () => {
    const w = await world();
    const call = createHandoff(w.leadId, { toUserId: w.seed.sales.id });
    await w.marketer.apply(call);
    const h1 = (await w.handoff(call.args.id))!;
    expect(h1).toMatchObject({
      status: 'pending',
      definitionVersion: 1,
      fromUserId: w.seed.marketer.id,
      toUserId: w.seed.sales.id,
      assignedAt: T0,
      dueAt: new Date(Date.parse(T0) + 24 * 3600_000).toISOString(),
      checklist: { contact_verified: { checked: true, by: w.seed.marketer.id, at: T0 } },
    });
    expect((await w.lead())!.stage).toBe('mql');
    const again = await w.marketer.push(createHandoff(w.leadId, { toUserId: w.seed.sales.id }));
    expect(again.results[0]!.error).toMatchObject({ code: 'handoff_pending', details: { handoffId: call.args.id } });
    const bad = await w.marketer.push(
      createHandoff(w.leadId, { toUserId: w.seed.sales.id }, { stageId: 'nope' }),
      createHandoff(leadIdForEmail('ghost@acme.co.jp'), { toUserId: w.seed.sales.id }),
      createHandoff(w.leadId, {}),
      createHandoff(w.leadId, { toUserId: w.seed.sales.id }, { checkedItemIds: ['not_an_item'] }),
    );
    expect(codes(bad)).toEqual(['unknown_stage', 'not_found', 'validation_failed', 'validation_failed']);
  });

  it('handoff.decide: first decision wins; the loser gets already_decided with the winner', async () => {
    const w = await world();
    const call = createHandoff(w.leadId, { toQueueId: w.seed.queueId });
    await w.marketer.apply(call);
    const [a, b] = await Promise.all([
      w.as('sales').push(decide(call.args.id, 'accept')),
      w.as('sales2').push(decide(call.args.id, 'reject', { reasonCode: 'no_budget' })),
    ]);
    const results = [a.results[0]!, b.results[0]!];
    const winner = results.find((r) => r.status === 'applied');
    const loser = results.find((r) => r.status === 'rejected')!;
    expect(winner).toBeDefined();
    expect(loser.error!.code).toBe('already_decided');
    const stored = (await w.handoff(call.args.id))!;
    expect((loser.error!.details as { decision: unknown }).decision).toEqual(stored.decision);
    expect(stored.decision!.by).toBe(winner === results[0] ? w.seed.sales.id : w.seed.sales2.id);
  });

  it('handoff.decide: roles, reasons and effects on the lead', async () => {
    const w = await world();
    const call = createHandoff(w.leadId, { toUserId: w.seed.sales.id });
    await w.marketer.apply(call);
    const res = await w.marketer.push(decide(call.args.id, 'accept'));
    expect(codes(res)).toEqual(['forbidden']);
    const sales = w.as('sales');
    expect(codes(await sales.push(decide(call.args.id, 'reject')))).toEqual(['validation_failed']);
    expect(codes(await sales.push(decide(call.args.id, 'reject', { reasonCode: 'made_up' })))).toEqual(['unknown_reason']);
    expect(codes(await sales.push(decide(call.args.id, 'accept')))).toEqual(['applied']);
    expect(await w.lead()).toMatchObject({ stage: 'sal', ownerId: w.seed.sales.id });

    // reject keeps mql; recycle moves to recycled
    const w2 = await world();
    const c2 = createHandoff(w2.leadId, { toUserId: w2.seed.sales.id });
    await w2.marketer.apply(c2);
    await w2.as('manager').apply(decide(c2.args.id, 'reject', { reasonCode: 'bad_timing', note: 'Q3' }));
    expect((await w2.lead())!.stage).toBe('mql');
    expect((await w2.handoff(c2.args.id))!).toMatchObject({ status: 'rejected', decision: { kind: 'reject', reasonCode: 'bad_timing', by: w2.seed.manager.id } });
    const c3 = createHandoff(w2.leadId, { toUserId: w2.seed.sales.id });
    await w2.marketer.apply(c3);
    await w2.as('sales').apply(decide(c3.args.id, 'recycle'));
    expect((await w2.lead())!.stage).toBe('recycled');
  });

  it('handoff.claim: first claim wins and starts the SLA; checkItem uses the handoff definition', async () => {
    const w = await world();
    const call = createHandoff(w.leadId, { toQueueId: w.seed.queueId });
    await w.marketer.apply(call);
    expect((await w.handoff(call.args.id))!.assignedAt).toBeUndefined();
    expect(codes(await w.marketer.push({ name: 'handoff.claim', args: { handoffId: call.args.id, at: T0 } }))).toEqual(['forbidden']);
    await w.as('sales').apply({ name: 'handoff.claim', args: { handoffId: call.args.id, at: T0 } });
    const later = await w.as('sales2').push({ name: 'handoff.claim', args: { handoffId: call.args.id, at: T0 } });
    expect(later.results[0]!.error).toMatchObject({ code: 'already_claimed', details: { toUserId: w.seed.sales.id } });
    expect(await w.handoff(call.args.id)).toMatchObject({ toUserId: w.seed.sales.id, assignedAt: T0, dueAt: '2026-03-03T01:00:00.000Z' });

    const check = (itemId: string, checked = true): MutationCall => ({ name: 'handoff.checkItem', args: { handoffId: call.args.id, itemId, checked, at: T0 } });
    await w.as('sales').apply(check('need_confirmed'));
    expect(codes(await w.as('sales').push(check('not_in_checklist')))).toEqual(['validation_failed']);
    expect((await w.handoff(call.args.id))!.checklist.need_confirmed).toEqual({ checked: true, by: w.seed.sales.id, at: T0 });
  });

  it('outcome.record: roles, amounts, and a stage that only moves forward (or to lost)', async () => {
    const w = await world();
    const outcome = (kind: string, extra: Record<string, unknown> = {}): MutationCall =>
      ({ name: 'outcome.record', args: { id: uid('oc'), leadId: w.leadId, kind, occurredAt: T0, ...extra } }) as MutationCall;
    expect(codes(await w.marketer.push(outcome('meeting')))).toEqual(['forbidden']);
    const sales = w.as('sales');
    expect(codes(await sales.push(outcome('opportunity')))).toEqual(['validation_failed']); // amount required
    await sales.apply(outcome('opportunity', { amount: { value: 1_000_000, currency: 'JPY' } }));
    expect((await w.lead())!.stage).toBe('opportunity');
    await sales.apply(outcome('meeting'));
    expect((await w.lead())!.stage).toBe('opportunity'); // never backwards
    await sales.apply(outcome('lost', { lostReason: 'competitor' }));
    expect((await w.lead())!.stage).toBe('lost');
  });

  it('definition.publish: admin only; the server numbers versions and keeps old ones', async () => {
    const w = await world();
    const def: LeadDefinition = { ...DEFAULT_DEFINITION, version: 99, mql: { minFit: 'A', minEngagement: 3 } };
    expect(codes(await w.as('manager').push({ name: 'definition.publish', args: { definition: def } }))).toEqual(['forbidden']);
    await w.as('admin').apply({ name: 'definition.publish', args: { definition: def } });
    const state = await w.state();
    const v2 = state.get('definition:2') as LeadDefinition;
    expect(v2).toMatchObject({ version: 2, publishedAt: T0, publishedBy: w.seed.admin.id, mql: { minFit: 'A' } });
    expect(state.has('definition:1')).toBe(true);
    const me = await (await w.marketer.request('/api/me')).json();
    expect(me.definition.version).toBe(2);
  });

  it('user.setAway changes only the caller; touch.add is idempotent by (origin, externalId)', async () => {
    const w = await world();
    await w.as('sales').apply({ name: 'user.setAway', args: { away: true } });
    const users = await w.state();
    expect((users.get(`user:${w.seed.sales.id}`) as User).away).toBe(true);
    expect((users.get(`user:${w.seed.sales2.id}`) as User).away).toBe(false);

    const touch = (id: string) => ({ name: 'touch.add', args: { touch: { id, leadId: w.leadId, type: 'inbound_email', occurredAt: T0, origin: 'aun', externalId: 'msg-1' } } }) as MutationCall;
    await w.marketer.apply(touch('t_a'));
    await w.marketer.apply(touch('t_b')); // same (origin, externalId): a no-op
    const touches = [...(await w.state()).keys()].filter((k) => k.startsWith('touch:'));
    expect(touches).toEqual(['touch:t_a']);
    expect(codes(await w.marketer.push({ name: 'touch.add', args: { touch: { id: 't_c', leadId: 'ld_nope', type: 'call', occurredAt: T0, origin: 'aun' } } }))).toEqual(['not_found']);
  });

  it('lead.linkCrm adds or replaces by system and record id', async () => {
    const w = await world();
    const link = (url: string): MutationCall => ({ name: 'lead.linkCrm', args: { leadId: w.leadId, link: { system: 'salesforce', objectType: 'Lead', recordId: '00Q1', url } } });
    await w.marketer.apply(link('https://x.my.salesforce.com/00Q1'));
    await w.marketer.apply(link('https://y.my.salesforce.com/00Q1'));
    expect((await w.lead())!.crmLinks).toEqual([{ system: 'salesforce', objectType: 'Lead', recordId: '00Q1', url: 'https://y.my.salesforce.com/00Q1' }]);
  });

  it('lead.erase: admin only; lead, touches, handoffs and outcomes arrive as deletes with no personal data', async () => {
    const w = await world();
    const admin = w.as('admin');
    const { cursor } = await admin.pullAll();
    const call = createHandoff(w.leadId, { toUserId: w.seed.sales.id });
    await w.marketer.apply(call);
    await w.marketer.apply({ name: 'touch.add', args: { touch: { id: 't_erase', leadId: w.leadId, type: 'call', occurredAt: T0, origin: 'aun' } } });
    await w.as('sales').apply({ name: 'outcome.record', args: { id: 'oc_erase', leadId: w.leadId, kind: 'contacted', occurredAt: T0 } });
    expect(codes(await w.as('manager').push({ name: 'lead.erase', args: { leadId: w.leadId } }))).toEqual(['forbidden']);
    const mid = (await admin.pullAll(cursor)).cursor;
    await admin.apply({ name: 'lead.erase', args: { leadId: w.leadId } });
    const page = await admin.pull(mid);
    expect(page.changes.every((c) => c.op === 'delete' && c.data === undefined)).toBe(true);
    expect(page.changes.map((c) => `${c.entity}:${c.id}`).sort()).toEqual([`handoff:${call.args.id}`, `lead:${w.leadId}`, 'outcome:oc_erase', 't_erase'.replace(/^/, 'touch:')].sort());
    const rows = await h.database.db.selectFrom('records').selectAll().where('workspace_id', '=', w.seed.workspaceId).where('deleted', '=', true).execute();
    expect(JSON.stringify(rows)).not.toContain(w.email);
    expect(codes(await admin.push({ name: 'lead.erase', args: { leadId: w.leadId } }))).toEqual(['applied']); // idempotent
    // The same person can come back later as a new lead.
    await w.marketer.apply(upsertLead(w.email));
    expect((await w.lead())!.stage).toBe('inquiry');
  });
});
