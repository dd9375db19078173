import { describe, expect, it } from 'vitest';
import { DEFAULT_DEFINITION, type Firmographics, type Handoff, type Queue, type Routing, type User } from '../../lib/domain';
import { assignHandoff, claimHandoff } from '../src/mutations/handoff-rules';
import { nextInRotation, regionKey, routeHandoff, routingUserIds, ruleMatches, type RouteInput } from '../src/mutations/routing';

const T = '2026-03-02T01:00:00.000Z';
const user = (id: string, role: User['role'] = 'sales', extra: Partial<User> = {}): User => ({
  id,
  email: `${id}@x.jp`,
  name: id,
  role,
  queueIds: ['q'],
  away: false,
  territories: [],
  createdAt: T,
  ...extra,
});
const queue = (...memberIds: string[]): Queue => ({ id: 'q', name: 'Inside sales', memberIds });
const usersOf = (...users: User[]) => new Map(users.map((u) => [u.id, u]));
const RR: Routing = { mode: 'round_robin' };

/** Route `n` handoffs in a row, moving the pointer as handoff.create does. */
function rotate(input: Omit<RouteInput, 'lastUserId' | 'lead'>, n: number, lead: RouteInput['lead'] = {}): (string | null)[] {
  let lastUserId: string | undefined;
  const out: (string | null)[] = [];
  for (let i = 0; i < n; i++) {
    const r = routeHandoff({ ...input, lead, ...(lastUserId ? { lastUserId } : {}) });
    if ('manual' in r) out.push(null);
    else {
      if (r.rotates) lastUserId = r.assignTo;
      out.push(r.assignTo);
    }
  }
  return out;
}

describe('routeHandoff: manual and round-robin (pure)', () => {
  it('manual never assigns', () => {
    expect(routeHandoff({ routing: { mode: 'manual' }, queue: queue('a'), users: usersOf(user('a')), lead: {} })).toEqual({ manual: true, reason: 'manual' });
  });

  it('cycles A, B, A in queue order, skipping a member who is away', () => {
    const input = { routing: RR, queue: queue('a', 'c', 'b'), users: usersOf(user('a'), user('b'), user('c', 'sales', { away: true })) };
    expect(rotate(input, 5)).toEqual(['a', 'b', 'a', 'b', 'a']);
    // c is back: the rotation resumes after the last pick, c included.
    expect(routeHandoff({ ...input, users: usersOf(user('a'), user('b'), user('c')), lead: {}, lastUserId: 'a' })).toMatchObject({ assignTo: 'c', via: 'round_robin', rotates: true });
  });

  it('only sales and managers who exist are picked; nobody available stays manual', () => {
    const users = usersOf(user('mk', 'marketer'), user('ad', 'admin'), user('m', 'manager'), user('s', 'sales'));
    expect(rotate({ routing: RR, queue: queue('ghost', 'mk', 'ad', 'm', 's'), users }, 3)).toEqual(['m', 's', 'm']);
    const away = usersOf(user('a', 'sales', { away: true }), user('mk', 'marketer'));
    expect(routeHandoff({ routing: RR, queue: queue('a', 'mk', 'ghost'), users: away, lead: {} })).toEqual({ manual: true, reason: 'nobody_available' });
    expect(routeHandoff({ routing: RR, queue: queue(), users: new Map(), lead: {} })).toEqual({ manual: true, reason: 'nobody_available' });
  });

  it('a pointer to someone who left the queue restarts at the top; the last member wraps to the first', () => {
    expect(nextInRotation(queue('a', 'b'), ['a', 'b'], 'gone')).toBe('a');
    expect(nextInRotation(queue('a', 'b'), ['a', 'b'], 'b')).toBe('a');
    expect(nextInRotation(queue('a', 'b', 'c'), ['a', 'c'], 'b')).toBe('c');
    expect(nextInRotation(queue('a'), [], undefined)).toBeUndefined();
  });
});

describe('routeHandoff: rules (pure)', () => {
  const A = user('a');
  const B = user('b');
  const M = user('m', 'manager');
  const rules: Routing = {
    mode: 'rules',
    rules: [
      { field: 'region', values: ['東京都', 'Tokyo'], assignTo: 'a' },
      { field: 'industry', values: ['Finance'], assignTo: 'b' },
      { field: 'employeeBand', values: ['1000-4999', '5000+'], assignTo: 'm' },
      { field: 'country', values: ['us'], assignTo: 'ghost' },
    ],
    fallback: 'round_robin',
  };
  const base = { routing: rules, queue: queue('a', 'b'), users: usersOf(A, B, M) };
  const route = (firmographics: Firmographics, extra: Partial<RouteInput> = {}) => routeHandoff({ ...base, lead: { firmographics }, ...extra });

  it('matches prefecture (with or without suffix, romaji case-insensitively), industry and size', () => {
    expect(route({ region: '東京' })).toEqual({ assignTo: 'a', via: 'rule', rule: 0, rotates: false });
    expect(route({ region: ' TOKYO ' })).toMatchObject({ assignTo: 'a', rule: 0 });
    expect(route({ industry: 'finance' })).toMatchObject({ assignTo: 'b', rule: 1 });
    expect(route({ employeeBand: '5000+' })).toMatchObject({ assignTo: 'm', via: 'rule', rule: 2 });
  });

  it('the first matching rule wins', () => {
    expect(route({ region: '東京都', industry: 'finance', employeeBand: '5000+' })).toMatchObject({ assignTo: 'a', rule: 0 });
  });

  it('falls back when nothing matches, the assignee is unknown or away', () => {
    expect(route({ region: '大阪府' })).toMatchObject({ assignTo: 'a', via: 'round_robin', rotates: true });
    expect(route({ country: 'US' }, { lastUserId: 'a' })).toMatchObject({ assignTo: 'b', via: 'round_robin' });
    expect(route({ region: '東京都' }, { users: usersOf(user('a', 'sales', { away: true }), B, M) })).toMatchObject({ assignTo: 'b', via: 'round_robin' });
    expect(route({}, { routing: { ...rules, fallback: 'manual' } })).toEqual({ manual: true, reason: 'manual' });
    expect(route({ region: '東京都' }, { routing: { ...rules, fallback: 'manual' }, users: usersOf(user('a', 'marketer'), B) })).toEqual({ manual: true, reason: 'manual' });
  });

  it('an explicit rule may name someone outside the queue; a marketer cannot be assigned', () => {
    const outside = user('x', 'sales', { queueIds: [] });
    const routing: Routing = { mode: 'rules', rules: [{ field: 'industry', values: ['software'], assignTo: 'x' }], fallback: 'manual' };
    expect(routeHandoff({ routing, queue: queue('a'), users: usersOf(outside, A), lead: { firmographics: { industry: 'software' } } })).toMatchObject({ assignTo: 'x' });
    expect(routeHandoff({ routing, queue: queue('a'), users: usersOf(user('x', 'marketer'), A), lead: { firmographics: { industry: 'software' } } })).toEqual({ manual: true, reason: 'manual' });
  });

  it('before the fallback, members whose territories cover the prefecture (else the country) take it, in rotation', () => {
    const osaka1 = user('o1', 'sales', { territories: ['大阪府'] });
    const osaka2 = user('o2', 'sales', { territories: ['大阪', '兵庫県'] });
    const japan = user('jp', 'sales', { territories: ['JP'] });
    const input = { routing: { ...rules, fallback: 'manual' as const }, queue: queue('jp', 'o1', 'o2'), users: usersOf(osaka1, osaka2, japan, A) };
    expect(rotate(input, 3, { firmographics: { region: '大阪', country: 'JP' } })).toEqual(['o1', 'o2', 'o1']);
    expect(routeHandoff({ ...input, lead: { firmographics: { region: '兵庫', country: 'JP' } } })).toMatchObject({ assignTo: 'o2', via: 'territory' });
    expect(routeHandoff({ ...input, lead: { firmographics: { region: '福岡県', country: 'JP' } } })).toMatchObject({ assignTo: 'jp', via: 'territory', rotates: true });
    expect(routeHandoff({ ...input, lead: { firmographics: { region: '福岡県', country: 'KR' } } })).toEqual({ manual: true, reason: 'manual' });
    // An explicit rule beats territories; an away rep's territory does not count.
    expect(routeHandoff({ ...input, lead: { firmographics: { region: '東京都', country: 'JP' } } })).toMatchObject({ assignTo: 'a', via: 'rule' });
    const awayO1 = usersOf({ ...osaka1, away: true }, osaka2, japan);
    expect(routeHandoff({ ...input, users: awayO1, lead: { firmographics: { region: '大阪府' } }, lastUserId: 'o2' })).toMatchObject({ assignTo: 'o2' });
  });

  it('normalises values: prefecture suffixes, width and case', () => {
    expect(['東京都', '東京', 'Tokyo-to', 'tokyo prefecture', 'ＴＯＫＹＯ'].map(regionKey)).toEqual(['東京', '東京', 'tokyo', 'tokyo', 'tokyo']);
    expect(['京都府', '京都', '大阪府', '神奈川県', '北海道', '和歌山県'].map(regionKey)).toEqual(['京都', '京都', '大阪', '神奈川', '北海道', '和歌山']);
    expect(ruleMatches({ field: 'country', values: ['ｊｐ'] }, { firmographics: { country: 'JP' } })).toBe(true);
    expect(ruleMatches({ field: 'region', values: ['京都'] }, { firmographics: { region: '東京都' } })).toBe(false);
    expect(ruleMatches({ field: 'industry', values: ['software'] }, {})).toBe(false);
  });

  it('loads the queue members and every rule assignee', () => {
    expect(routingUserIds(rules, queue('a', 'z')).sort()).toEqual(['a', 'b', 'ghost', 'm', 'z']);
    expect(routingUserIds(RR, queue('a', 'a'))).toEqual(['a']);
  });
});

describe('claimHandoff and assignHandoff (pure)', () => {
  const queued: Handoff = { id: 'h', leadId: 'l', stageId: 'marketing_to_sales', definitionVersion: 1, fromUserId: 'mk', toQueueId: 'q', checklist: {}, status: 'pending', createdAt: T, updatedAt: T };
  const claim = (u: User, at = '2026-03-02T02:30:00.000Z', handoff = queued) => claimHandoff({ handoff, user: u, at, definition: DEFAULT_DEFINITION, now: T, queue: queue('a') });

  it('members of the queue, managers and admins claim; other reps and marketers may not', () => {
    expect(claim(user('a')).ok).toBe(true);
    expect(claim(user('m', 'manager', { queueIds: [] })).ok).toBe(true);
    expect(claim(user('ad', 'admin', { queueIds: [] })).ok).toBe(true);
    // queueIds alone also counts as membership (the two lists are kept in step by addQueue).
    expect(claim(user('b', 'sales', { queueIds: ['q'] })).ok).toBe(true);
    for (const u of [user('b', 'sales', { queueIds: [] }), user('mk', 'marketer')]) {
      const r = claim(u);
      expect(!r.ok && r.error.code).toBe('forbidden');
    }
  });

  it('a claimed or routed handoff is already_claimed with who has it; the claim time is the routing delay, and the SLA still runs from the handoff', () => {
    const r = claim(user('a'));
    if (!r.ok) throw r.error;
    expect(r.value).toMatchObject({ toUserId: 'a', toQueueId: 'q', assignedAt: '2026-03-02T02:30:00.000Z', dueAt: '2026-03-03T01:00:00.000Z' });
    const again = claim(user('m', 'manager'), T, r.value);
    expect(!again.ok && again.error).toMatchObject({ code: 'already_claimed', details: { toUserId: 'a', assignedAt: '2026-03-02T02:30:00.000Z' } });
    const routed = assignHandoff({ handoff: queued, userId: 'a', at: T, definition: DEFAULT_DEFINITION, now: T });
    expect(routed).toMatchObject({ toUserId: 'a', assignedAt: T, dueAt: '2026-03-03T01:00:00.000Z' });
    expect(!claim(user('a'), T, routed).ok).toBe(true);
  });

  it('a claim stamped before the handoff existed (a slow clock) starts at creation', () => {
    const r = claim(user('a'), '2026-03-02T00:00:00.000Z');
    expect(r.ok && r.value.assignedAt).toBe(T);
  });
});
