import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DefinitionEditor } from '../../components/definition-editor/DefinitionEditor';
import { validateDraft } from '../../components/definition-editor/validation';
import { whatIfDefinition } from '../../lib/background/review';
import { AunDatabase } from '../../lib/db/database';
import { toLeadRow } from '../../lib/db/rows';
import { DEFAULT_DEFINITION, type LeadDefinition, type User } from '../../lib/domain';
import { call, type SyncStatus } from '../../lib/messages';
import { freshDbName, makeLead, makeTouch } from '../support/factories';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));
const callMock = vi.mocked(call);
// Rendering every chart and table is slow-ish on a busy 2-core machine.
vi.setConfig({ testTimeout: 30_000 });
const NOW = Date.parse('2026-03-20T00:00:00.000Z');
const member = (id: string, name: string, role: User['role']): User => ({ id, email: `${id}@acme.co.jp`, name, role, queueIds: [], away: false, territories: [], createdAt: '2026-01-01T00:00:00.000Z' });
const TEAM: User[] = [member('u-rep', '鈴木 一郎', 'sales'), member('u-boss', 'Mary Manager', 'manager'), member('u-mkt', '佐藤 花子', 'marketer')];
let db: AunDatabase;
/** What syncNow answers after a publish: by default the server took it. */
let syncAnswer: SyncStatus;

beforeEach(async () => {
  syncAnswer = { mode: 'server', state: 'idle', needsAttention: false, lastSyncedAt: new Date(NOW).toISOString(), pending: 0, lastError: null, rejected: [] };
  db = new AunDatabase(freshDbName());
  // Fit A (manager in Japan) and fit B (no title, no country); both engaged enough for MQL today.
  const a = makeLead('a@acme.co.jp', { name: { family: '山田', given: '太郎' } });
  const b = makeLead('b@beta.co.jp', { name: { family: '佐藤', given: '次郎' }, company: 'ベータ工業', title: undefined, firmographics: { industry: 'manufacturing', employeeBand: '300-999' } });
  await db.leads.bulkPut([toLeadRow(a), toLeadRow(b)]);
  const touch = (leadId: string) => makeTouch(leadId, 1, { type: 'webinar_attended', occurredAt: new Date(NOW - 3_600_000).toISOString() });
  await db.touches.bulkPut([touch(a.id), touch(b.id)]);
  // The background, for real: the what-if runs against the replica.
  callMock.mockImplementation((async (name: string, req: { definition: LeadDefinition }) => {
    if (name === 'whatIfDefinition') return whatIfDefinition(db, req.definition, NOW);
    if (name === 'mutate') return { localId: 1 };
    if (name === 'getTeam') return { users: TEAM, queues: [] };
    if (name === 'syncNow') return syncAnswer;
    throw new Error(`unexpected ${name}`);
  }) as never);
});
afterEach(async () => {
  cleanup();
  callMock.mockReset();
  db.close();
  await Dexie.delete(db.name);
});

function renderEditor(props: { lang?: 'en' | 'ja'; canEdit?: boolean; definition?: LeadDefinition } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <DefinitionEditor definition={props.definition ?? DEFAULT_DEFINITION} lang={props.lang ?? 'en'} canEdit={props.canEdit ?? true} />
    </QueryClientProvider>,
  );
}

describe('lead-definition editor', () => {
  it('what-if: a stricter MQL threshold lists the leads that would leave MQL', async () => {
    renderEditor();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Minimum fit' }), 'A');
    await userEvent.click(screen.getByRole('button', { name: 'Preview impact' }));
    const leaving = await screen.findByRole('table', { name: 'Leads that would leave MQL (1)' });
    const rows = within(leaving).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['佐藤 次郎ベータ工業B2 → B2']);
    expect(screen.getByRole('table', { name: 'Leads that would become MQL (0)' })).toBeTruthy();
    expect(screen.getByText(/MQL-ready leads/).textContent).toMatch(/Now 2 → Draft 1 \(-1\)/);
    expect(screen.getByText('Regraded 2 of 2 leads.')).toBeTruthy();
    const sent = callMock.mock.calls.find(([name]) => name === 'whatIfDefinition')![1] as { definition: LeadDefinition };
    expect(sent.definition.mql).toEqual({ minFit: 'A', minEngagement: 2 });
  });

  it('validates with the schema and shows messages at the field, in Japanese too', async () => {
    renderEditor({ lang: 'ja' });
    const a = screen.getAllByRole('spinbutton', { name: 'A' })[0]!;
    await userEvent.clear(a);
    await userEvent.type(a, '30');
    expect(await screen.findAllByText('適合度のしきい値は A > B > C にしてください。')).not.toHaveLength(0);
    expect(screen.getByRole('button', { name: '公開' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: '影響をプレビュー' })).toHaveProperty('disabled', true);

    const code = screen.getAllByRole('textbox', { name: 'コード' })[0]!;
    await userEvent.clear(code);
    await userEvent.type(code, 'Bad Code');
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(code.getAttribute('aria-describedby')!)!.textContent).toBe('英小文字で始まり、英小文字・数字・_ のみ（2〜41文字）にしてください。');
  });

  it('maps issues to field paths in English', () => {
    const draft = structuredClone(DEFAULT_DEFINITION);
    draft.stages[0]!.slaHours = Number.NaN;
    draft.engagement.halfLifeDays = 0;
    draft.rejectionReasons = [];
    expect(validateDraft(draft, 'en').errors).toEqual([
      { path: 'engagement.halfLifeDays', message: 'Must be greater than 0.' },
      { path: 'stages.0.slaHours', message: 'Enter a number.' },
      { path: 'rejectionReasons', message: 'Add at least 1.' },
    ]);
    // Cross-field checks (the schema's refinements) report once the fields themselves are valid.
    const dup = structuredClone(DEFAULT_DEFINITION);
    dup.fit.rules[1]!.id = dup.fit.rules[0]!.id;
    dup.engagement.thresholds[4] = 5;
    expect(validateDraft(dup, 'en').errors).toEqual([
      { path: 'engagement.thresholds', message: 'Engagement thresholds must satisfy 4 > 3 > 2.' },
      { path: 'fit.rules', message: 'Duplicate id: target_industry' },
    ]);
  });

  it('publishes the draft through the outbox', async () => {
    renderEditor();
    const sla = screen.getByRole('spinbutton', { name: 'SLA (hours)' });
    await userEvent.clear(sla);
    await userEvent.type(sla, '8');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Count business hours only' }));
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByRole('status');
    const [name, req] = callMock.mock.calls.find(([n]) => n === 'mutate')!;
    expect(name).toBe('mutate');
    const published = (req as { call: { name: string; args: { definition: LeadDefinition } } }).call;
    expect(published.name).toBe('definition.publish');
    expect(published.args.definition.stages[0]).toMatchObject({ slaHours: 8, businessHoursOnly: true });
  });

  it.each(['en', 'ja'] as const)('(%s) says published only once the server took it; shows its refusal with the issues; or that it waits for the server', async (lang) => {
    const publish = lang === 'ja' ? '公開' : 'Publish';
    const view = renderEditor({ lang });
    await userEvent.click(screen.getByRole('button', { name: publish }));
    expect((await screen.findByRole('status')).textContent).toBe(lang === 'ja' ? '公開しました。これが全員の使うリード定義になりました。' : 'Published: this is now the lead definition everyone works by.');
    view.unmount();

    callMock.mockClear();
    syncAnswer = {
      ...syncAnswer,
      rejected: [
        {
          localId: 1,
          name: 'definition.publish',
          leadId: null,
          decision: null,
          at: new Date(NOW).toISOString(),
          error: { code: 'definition_invalid', message: 'The lead definition is not valid.', details: { issues: [{ path: 'stages.0.routing.rules.0.assignTo', message: 'no such user in this workspace' }] } },
        },
      ],
    };
    renderEditor({ lang });
    await userEvent.click(screen.getByRole('button', { name: publish }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(lang === 'ja' ? 'サーバーがこの定義を受け付けませんでした：The lead definition is not valid.' : 'The server refused this definition: The lead definition is not valid.');
    expect(alert.textContent).toContain('stages.0.routing.rules.0.assignTo no such user in this workspace');
    cleanup();

    syncAnswer = { ...syncAnswer, state: 'offline', pending: 1, rejected: [] };
    renderEditor({ lang });
    await userEvent.click(screen.getByRole('button', { name: publish }));
    expect((await screen.findByRole('status')).textContent).toBe(lang === 'ja' ? '保存しました。サーバーに接続できしだい公開されます。' : 'Saved. It is published as soon as Aun reaches the server again.');
  });

  it('is read-only for non-admins', async () => {
    renderEditor({ canEdit: false });
    expect(screen.getByText(/Only admins can change/)).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'Minimum fit' })).toHaveProperty('disabled', true);
    expect(screen.queryByRole('button', { name: 'Publish' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Preview impact' })).toBeNull();
    // It may read the team (to name rule assignees), but it never previews or publishes.
    await waitFor(() => expect(callMock.mock.calls.map(([n]) => n).filter((n) => n !== 'getTeam')).toEqual([]));
  });
});

function publishedDefinition(): LeadDefinition {
  const [, req] = callMock.mock.calls.find(([n]) => n === 'mutate')!;
  return (req as { call: { args: { definition: LeadDefinition } } }).call.args.definition;
}

describe('business calendar in the lead-definition editor', () => {
  it('edits working days, hours, time zone and holidays, and publishes them', async () => {
    renderEditor();
    const days = screen.getByRole('group', { name: 'Working days' });
    await userEvent.click(within(days).getByRole('checkbox', { name: 'Sat' }));
    await userEvent.click(within(days).getByRole('checkbox', { name: 'Mon' }));
    const start = screen.getByRole('textbox', { name: 'Day starts (HH:MM)' });
    await userEvent.clear(start);
    await userEvent.type(start, '08:30');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Time zone' }), 'America/New_York');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Public holidays' }), 'No public holidays');
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByRole('status');
    expect(publishedDefinition().calendar).toEqual({ timezone: 'America/New_York', workdays: [2, 3, 4, 5, 6], start: '08:30', end: '18:00', holidays: 'none' });
  });

  it.each([
    ['en', 'Day starts (HH:MM)', '9時', 'Use 24-hour HH:MM, e.g. 09:00.', 'Publish'],
    ['ja', '終業（HH:MM）', '08:00', '終業時刻は始業時刻より後にしてください。', '公開'],
  ] as const)('(%s) a bad working day is refused with a clear message', async (lang, field, value, message, publish) => {
    renderEditor({ lang });
    const input = screen.getByRole('textbox', { name: field });
    await userEvent.clear(input);
    await userEvent.type(input, value);
    expect((await screen.findAllByText(message)).length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: publish })).toHaveProperty('disabled', true);
  });

  it('refuses a time zone this browser does not know (it would break every SLA)', () => {
    const draft = structuredClone(DEFAULT_DEFINITION);
    draft.calendar.timezone = 'Asia/Atlantis';
    expect(validateDraft(draft, 'en').errors).toEqual([{ path: 'calendar.timezone', message: 'Choose a time zone from the list.' }]);
  });

  it('with no working day left, says so', async () => {
    renderEditor();
    const days = screen.getByRole('group', { name: 'Working days' });
    for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await userEvent.click(within(days).getByRole('checkbox', { name: day }));
    expect(await within(days).findByText('Add at least 1.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Publish' })).toHaveProperty('disabled', true);
  });
});

describe('routing in the lead-definition editor', () => {
  it('routes a stage by prefecture to a rep, falling back to a manual claim, and publishes it', async () => {
    renderEditor();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Who gets a queued handoff' }), 'Rules by prefecture, country, industry or size');
    const add = screen.getByRole('button', { name: 'Add routing rule' });
    await waitFor(() => expect(add).toHaveProperty('disabled', false));
    await userEvent.click(add);
    await userEvent.type(screen.getByRole('textbox', { name: 'is one of (one per line)' }), '東京都{Enter}神奈川県{Enter}');
    const assignTo = screen.getByRole('combobox', { name: 'Assign to' });
    // Only people who can take handoffs are offered: the marketer is not.
    expect(within(assignTo).getAllByRole('option').map((o) => o.textContent)).toEqual(['鈴木 一郎 (sales)', 'Mary Manager (manager)']);
    await userEvent.selectOptions(assignTo, 'Mary Manager (manager)');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'When nothing matches' }), 'Leave it in the queue to be claimed');
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByRole('status');
    expect(publishedDefinition().stages[0]!.routing).toEqual({ mode: 'rules', rules: [{ field: 'region', values: ['東京都', '神奈川県'], assignTo: 'u-boss' }], fallback: 'manual' });
  });

  it('with nobody known who can take handoffs, says how to get the team instead of offering an empty list', async () => {
    callMock.mockImplementation((async (name: string) => (name === 'getTeam' ? { users: [TEAM[2]], queues: [] } : { localId: 1 })) as never);
    renderEditor();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Who gets a queued handoff' }), 'Rules by prefecture, country, industry or size');
    const add = screen.getByRole('button', { name: 'Add routing rule' });
    await waitFor(() => expect(add.getAttribute('aria-describedby')).toBeTruthy());
    expect(add).toHaveProperty('disabled', true);
    expect(document.getElementById(add.getAttribute('aria-describedby')!)?.textContent).toMatch(/^Nobody who can take handoffs is known/);
  });

  it('round-robin, and the stage’s teams', async () => {
    renderEditor();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Who gets a queued handoff' }), 'Round-robin among the queue’s members (skipping people who are away)');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'From' }), 'Inside sales');
    await userEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await screen.findByRole('status');
    expect(publishedDefinition().stages[0]).toMatchObject({ from: 'inside_sales', to: 'sales', routing: { mode: 'round_robin' } });
  });

  it.each([
    ['en', 'u-gone', 'Unknown user (u-gone)', 'This user is not in the workspace.', 'Publish'],
    ['ja', 'u-mkt', '佐藤 花子 (marketer)', 'このユーザーのロールでは引き継ぎを受けられません。', '公開'],
  ] as const)('(%s) a rule naming %s cannot be published, and says why at the field', async (lang, assignTo, shown, message, publish) => {
    const definition = structuredClone(DEFAULT_DEFINITION);
    definition.stages[0]!.routing = { mode: 'rules', rules: [{ field: 'industry', values: ['finance'], assignTo }], fallback: 'round_robin' };
    renderEditor({ lang, definition });
    const select = await screen.findByRole('combobox', { name: lang === 'ja' ? '割り当て先' : 'Assign to' });
    expect(await within(select.closest('.field')! as HTMLElement).findByText(message)).toBeTruthy();
    if (assignTo === 'u-gone') expect((select as HTMLSelectElement).selectedOptions[0]!.textContent).toBe(shown);
    expect(screen.getByRole('button', { name: publish })).toHaveProperty('disabled', true);
    // Choosing a rep fixes it.
    await userEvent.selectOptions(select, '鈴木 一郎 (sales)');
    await waitFor(() => expect(screen.getByRole('button', { name: publish })).toHaveProperty('disabled', false));
  });
});
