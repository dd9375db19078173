import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../server/src/testing';
import { leadIdForEmail } from '../../lib/domain';
import { Client } from './client';

let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
});

describe('privacy erase', () => {
  it('lead.erase removes the lead and its touches from the server and from every client after its next sync', async () => {
    const marketer = new Client(server.url, server.seed.marketer);
    const rep = new Client(server.url, server.seed.sales);
    const admin = new Client(server.url, server.seed.admin);
    clients.push(marketer, rep, admin);
    const email = `erase-me-${Date.now()}@acme.co.jp`;
    const leadId = leadIdForEmail(email);
    const at = new Date().toISOString();
    await marketer.mutate({ name: 'lead.upsert', args: { lead: { id: leadId, email, name: { family: '削除', given: '希望' }, company: 'Erase KK' } } });
    for (let i = 0; i < 3; i++) {
      await marketer.mutate({ name: 'touch.add', args: { touch: { id: `erase-t${i}-${leadId}`, leadId, type: 'web_visit', occurredAt: at, origin: 'aun' } } });
    }
    await marketer.mutate({ name: 'handoff.create', args: { id: `erase-h-${leadId}`, leadId, stageId: 'marketing_to_sales', toUserId: server.seed.sales.id, checkedItemIds: [], createdAt: at } });
    await marketer.sync();
    await rep.sync();
    await admin.sync();
    expect(await rep.db.leads.get(leadId)).toBeDefined();
    expect(await rep.db.touches.where('leadId').equals(leadId).count()).toBe(3);

    // A marketer may not erase; an admin may.
    await marketer.mutate({ name: 'lead.erase', args: { leadId } });
    const refused = await marketer.sync();
    expect(refused.rejected.map((r) => r.error.code)).toContain('forbidden');
    expect(await marketer.db.leads.get(leadId)).toBeDefined(); // rolled back to the server's state
    // With its touches and handoff: the whole replica is the server's again.
    expect(await marketer.db.touches.where('leadId').equals(leadId).count()).toBe(3);
    expect(await marketer.db.handoffs.where('leadId').equals(leadId).count()).toBe(1);

    await admin.mutate({ name: 'lead.erase', args: { leadId } });
    expect(await admin.sync()).toMatchObject({ pending: 0, rejected: [] });

    for (const c of [rep, marketer, admin]) {
      await c.sync();
      expect(await c.db.leads.get(leadId)).toBeUndefined();
      expect(await c.db.touches.where('leadId').equals(leadId).count()).toBe(0);
      expect(await c.db.handoffs.where('leadId').equals(leadId).count()).toBe(0);
      // Nothing of the person is left anywhere in the replica.
      const everything = JSON.stringify(await Promise.all(c.db.tables.map((t) => t.toArray())));
      expect(everything).not.toContain(email);
    }
    // A fresh client starting from scratch never sees the person either.
    const fresh = new Client(server.url, server.seed.sales);
    clients.push(fresh);
    await fresh.sync();
    expect(await fresh.db.leads.get(leadId)).toBeUndefined();
  });
});
