import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadIdForEmail } from '../../lib/domain';
import { startTestServer, type TestServer } from '../src/testing';

/**
 * Found by the SIGKILL test: on PGlite a large push ran as one unbroken chain of microtasks, so the
 * server read no other socket until it was done. Other clients' pulls waited seconds, and their
 * idle keep-alive connections were reset (ECONNRESET) when the push ended.
 */
describe('a long push on embedded PGlite', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('does not stop the server from answering other requests meanwhile', async () => {
    const { token } = server.seed.sales;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const email = 'fair@acme.co.jp';
    const leadId = leadIdForEmail(email);
    const mutations = [
      { id: 1, name: 'lead.upsert', args: { lead: { id: leadId, email } } },
      ...Array.from({ length: 199 }, (_, i) => ({ id: i + 2, name: 'touch.add', args: { touch: { id: `t-fair-${i}`, leadId, type: 'call', occurredAt: '2026-03-02T01:00:00.000Z', origin: 'aun' } } })),
    ];
    let pushDone = false;
    const push = fetch(`${server.url}/api/sync/push`, { method: 'POST', headers, body: JSON.stringify({ clientId: 'fairclient0001', mutations }) }).then(async (r) => {
      pushDone = true;
      return r.json() as Promise<{ lastMutationId: number }>;
    });
    // Wait until the push is being applied, then ask for something else.
    let seen = 0;
    let answeredDuringPush = 0;
    while (!pushDone) {
      const res = await fetch(`${server.url}/api/sync/pull?clientId=fairclient0001&limit=1`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { lastMutationId: number };
      if (body.lastMutationId > 0 && body.lastMutationId < 200) {
        seen = Math.max(seen, body.lastMutationId);
        answeredDuringPush++;
      }
    }
    expect((await push).lastMutationId).toBe(200);
    // Pulls were answered between the push's mutations, and saw it advance.
    expect(answeredDuringPush).toBeGreaterThan(1);
    expect(seen).toBeGreaterThan(1);
  });
});
