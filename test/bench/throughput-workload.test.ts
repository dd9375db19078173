import { describe, expect, it } from 'vitest';
import { ClientId, MutationSchema, PullQuery } from '../../lib/domain';
import { DEFAULT_DEFINITION } from '../../lib/domain/default-definition';
import { leadIdForEmail } from '../../lib/domain/lead';
import { benchTouchPrefix, clientIdFor, mutationFor, pullPathFor } from '../../bench/support/throughput-workload';

const emails = Array.from({ length: 7 }, (_, i) => `person${i}@example.com`);
const job = {
  runTag: 'p1xabc123',
  fixture: {
    leads: emails.map((email) => ({ id: leadIdForEmail(email), email })),
    pendingHandoffIds: ['hof_1', 'hof_2'],
    checklistItemIds: DEFAULT_DEFINITION.stages[0]!.checklist.map((i) => i.id),
  },
};
const now = '2026-11-30T09:00:00.000Z';

describe('server-throughput workload', () => {
  it('makes valid mutations in a sales team mix, each touch with its own id', () => {
    const calls = Array.from({ length: 100 }, (_, i) => mutationFor(job, 3, i + 1, now));
    for (const [i, call] of calls.entries()) expect(MutationSchema.safeParse({ id: i + 1, ...call }).success).toBe(true);
    const count = (name: string) => calls.filter((c) => c.name === name).length;
    expect([count('touch.add'), count('lead.upsert'), count('handoff.checkItem')]).toEqual([60, 20, 20]);
    const touchIds = calls.flatMap((c) => (c.name === 'touch.add' ? [c.args.touch.id] : []));
    expect(new Set(touchIds).size).toBe(touchIds.length);
    expect(touchIds.every((id) => id.startsWith(benchTouchPrefix(job.runTag)))).toBe(true);
    // Another connection's touches never collide with these.
    const other = mutationFor(job, 4, 1, now);
    expect(other.name === 'touch.add' && !touchIds.includes(other.args.touch.id)).toBe(true);
  });

  it('gives every connection a client id the server accepts, and pulls it can parse', () => {
    for (const connection of [0, 49]) expect(ClientId.safeParse(clientIdFor(job.runTag, connection)).success).toBe(true);
    const path = pullPathFor({ runTag: job.runTag, cursors: ['12:lead:ld_a:b', ''], limit: 1000 }, 7, 3);
    const url = new URL(path, 'http://x');
    expect(url.pathname).toBe('/api/sync/pull');
    const query = PullQuery.parse(Object.fromEntries(url.searchParams));
    expect(query.clientId).toBe(clientIdFor(job.runTag, 7));
    expect(['12:lead:ld_a:b', '']).toContain(query.cursor);
    expect(query.limit).toBe(1000);
  });
});
