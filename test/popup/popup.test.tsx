import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { HANDOFF_STATUS_LABELS } from '../../lib/domain/labels';
import { ProtocolError } from '../../lib/messages';
import type { Translator } from '../../lib/i18n';
import { allRequiredChecked, FakeBackground, makeHandoff, userById } from '../sidebar/fake-background';
import { LANGS } from '../sidebar/render';
import { dueHandoff, HOUR, person, queuedHandoff } from './fixtures';
import { renderPopup } from './render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const yamada = person('taro.yamada@acme.co.jp', '山田', '太郎', '株式会社アクメ');
const sato = person('jiro.sato@beta.co.jp', '佐藤', '次郎', 'ベータ工業株式会社', { source: { channel: 'exhibition' } });
const kato = person('mika.kato@gamma.co.jp', '加藤', '美香', 'ガンマ商事');
const ito = person('ken.ito@delta.co.jp', '伊藤', '健', 'デルタ電機');
const mori = person('aya.mori@epsilon.co.jp', '森', '彩', 'イプシロン');

/** The names of a list's rows, in order. */
async function rowNames(t: Translator, sectionKey: Parameters<Translator>[0]): Promise<string[]> {
  const list = await screen.findByRole('list', { name: new RegExp(`^${t(sectionKey)}`) });
  return within(list)
    .getAllByRole('listitem')
    .map((li) => within(li).getByRole('heading').textContent ?? '');
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('listitem', { name });
}

function salesSetup() {
  const fb = new FakeBackground({
    me: userById('u-sales'),
    leads: [yamada, sato, kato, ito, mori],
    handoffs: [
      dueHandoff(yamada, 'h-yamada', 3),
      dueHandoff(sato, 'h-sato', -2),
      queuedHandoff(kato, 'h-kato', 'q-tokyo'),
      dueHandoff(ito, 'h-ito', 1, { toUserId: 'u-sales2' }), // someone else's
      dueHandoff(mori, 'h-mori', 5, { status: 'accepted' }), // already decided
    ],
  });
  return fb;
}

describe.each(LANGS)('popup for a sales rep (%s)', (lang) => {
  it('lists my handoffs and my queues’ unclaimed ones, soonest due first, with time left or overdue', async () => {
    const fb = salesSetup();
    const { t } = renderPopup(fb, lang);

    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.sales') })).toBeTruthy();
    expect(await rowNames(t, 'popup.section.queue')).toEqual(['佐藤 次郎', '山田 太郎', '加藤 美香']);

    const late = rowOf('佐藤 次郎');
    expect(within(late).getByText(lang === 'ja' ? '2時間 超過' : '2 h overdue').className).toContain('aun-qrow-overdue');
    expect(within(late).getByText(lang === 'ja' ? 'ベータ工業株式会社 · 展示会' : 'ベータ工業株式会社 · Exhibition')).toBeTruthy();
    expect(within(rowOf('山田 太郎')).getByText(lang === 'ja' ? '残り 3時間' : '3 h left')).toBeTruthy();
    // The unclaimed row waits in its queue and offers Take instead of Accept / Reject.
    const queued = rowOf('加藤 美香');
    expect(within(queued).getByText(t('popup.inQueue', { queue: '東京インサイドセールス' }))).toBeTruthy();
    expect(within(queued).getByRole('button', { name: t('popup.claimFor', { name: '加藤 美香' }) })).toBeTruthy();
    expect(within(queued).queryByRole('button', { name: t('popup.acceptFor', { name: '加藤 美香' }) })).toBeNull();
    expect(within(rowOf('山田 太郎')).getByRole('img', { name: /^(Grade|グレード) [A-D][1-4]$/ })).toBeTruthy();
  });

  it('accepts with a 10-second undo; undo puts the handoff back in the queue', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);

    await user.click(await screen.findByRole('button', { name: t('popup.acceptFor', { name: '山田 太郎' }) }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toMatchObject({ call: { name: 'handoff.decide', args: { handoffId: 'h-yamada', kind: 'accept' } }, holdMs: 10_000 });
    expect(await screen.findByText(t('popup.accepted', { name: '山田 太郎' }))).toBeTruthy();
    const undo = screen.getByRole('button', { name: t('undo.button', { s: 10 }) });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    await waitFor(async () => expect(await rowNames(t, 'popup.section.queue')).toEqual(['佐藤 次郎', '加藤 美香']));

    await user.click(undo);
    await waitFor(() => expect(fb.requestsOf('undoMutation')).toEqual([{ localId: 1 }]));
    expect(await screen.findByText(t('popup.undone'))).toBeTruthy();
    await waitFor(async () => expect(await rowNames(t, 'popup.section.queue')).toEqual(['佐藤 次郎', '山田 太郎', '加藤 美香']));
    expect(fb.handoffs.find((h) => h.id === 'h-yamada')!.status).toBe('pending');
  });

  it('asks before accepting with required checklist items unchecked', async () => {
    const fb = salesSetup();
    fb.handoffs[0]!.checklist = {};
    const { user, t } = renderPopup(fb, lang);
    await screen.findByRole('list', { name: new RegExp(`^${t('popup.section.queue')}`) });
    // The definition (with the checklist) loads with the workspace.
    await waitFor(() => expect(fb.requestsOf('getLeadContext').length).toBeGreaterThan(0));
    await user.click(screen.getByRole('button', { name: t('popup.acceptFor', { name: '山田 太郎' }) }));
    const dialog = await screen.findByRole('dialog', { name: t('accept.confirmTitle') });
    expect(within(dialog).getAllByRole('listitem')).toHaveLength(3);
    expect(fb.mutations).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: t('accept.anyway') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toMatchObject({ call: { name: 'handoff.decide', args: { kind: 'accept' } }, holdMs: 10_000 });
  });

  it('rejects only with a reason, keyboard only, with the sidebar’s dialog', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);

    const reject = await screen.findByRole('button', { name: t('popup.rejectFor', { name: '佐藤 次郎' }) });
    await waitFor(() => expect((reject as HTMLButtonElement).disabled).toBe(false)); // the reasons have loaded
    reject.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: t('reject.title') });
    const radios = within(dialog).getAllByRole('radio');
    expect(radios).toHaveLength(9);
    expect(document.activeElement).toBe(radios[0]);

    await user.keyboard('{Enter}');
    expect(await within(dialog).findByRole('alert')).toHaveProperty('textContent', t('reject.reasonRequired'));
    expect(fb.mutations).toHaveLength(0);

    await user.keyboard('{ArrowDown}');
    expect(radios[1]).toHaveProperty('checked', true);
    await user.tab();
    await user.keyboard('予算は来期');
    await user.keyboard('{Control>}{Enter}{/Control}');

    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toMatchObject({ name: 'handoff.decide', args: { handoffId: 'h-sato', kind: 'reject', reasonCode: 'no_budget', note: '予算は来期' } });
    expect(fb.mutations[0]!.holdMs).toBeUndefined();
    expect(await screen.findByText(t('popup.rejected', { name: '佐藤 次郎' }))).toBeTruthy();
    await waitFor(async () => expect(await rowNames(t, 'popup.section.queue')).toEqual(['山田 太郎', '加藤 美香']));
  });

  it('Esc closes the reject dialog without a change', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);
    const reject = await screen.findByRole('button', { name: t('popup.rejectFor', { name: '山田 太郎' }) });
    await waitFor(() => expect((reject as HTMLButtonElement).disabled).toBe(false));
    await user.click(reject);
    await screen.findByRole('dialog', { name: t('reject.title') });
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(reject);
    expect(fb.mutations).toHaveLength(0);
  });

  it('takes an unclaimed queue handoff (handoff.claim), after which it can be accepted', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);

    await user.click(await screen.findByRole('button', { name: t('popup.claimFor', { name: '加藤 美香' }) }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toMatchObject({ name: 'handoff.claim', args: { handoffId: 'h-kato' } });
    expect(await screen.findByText(t('claim.done'))).toBeTruthy();
    expect(await within(rowOf('加藤 美香')).findByRole('button', { name: t('popup.acceptFor', { name: '加藤 美香' }) })).toBeTruthy();
  });

  it('Open asks the background to open the lead', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);
    await user.click(await screen.findByRole('button', { name: t('popup.openFor', { name: '山田 太郎' }) }));
    await waitFor(() => expect(fb.requestsOf('openLead')).toEqual([{ leadId: yamada.id }]));
  });

  it('Open for a lead with no CRM record shows it in the side panel, straight from the click', async () => {
    const setOptions = vi.fn(async (_o: { path: string }) => undefined);
    const open = vi.fn(async (_o: { windowId: number }) => undefined);
    (fakeBrowser as unknown as { sidePanel: unknown }).sidePanel = { setOptions, open };
    const close = vi.spyOn(window, 'close').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.windows, 'getCurrent').mockResolvedValue({ id: 7 } as never);
    try {
      const noLink = person('no.link@acme.co.jp', '小林', '直子', '株式会社ノーリンク', { crmLinks: [] });
      const fb = new FakeBackground({ me: userById('u-sales'), leads: [noLink], handoffs: [dueHandoff(noLink, 'h-nolink', 3)] });
      const { user, t } = renderPopup(fb, lang);
      await user.click(await screen.findByRole('button', { name: t('popup.openFor', { name: '小林 直子' }) }));
      await waitFor(() => expect(open).toHaveBeenCalledTimes(1));
      const path = setOptions.mock.calls[0]![0].path;
      expect(path.startsWith('sidebar.html#ctx=')).toBe(true);
      expect(JSON.parse(decodeURIComponent(path.slice('sidebar.html#ctx='.length)))).toEqual({ site: 'generic', kind: 'crm-record', emails: ['no.link@acme.co.jp'] });
      expect(open.mock.calls[0]![0]).toEqual({ windowId: 7 });
      expect(close).toHaveBeenCalled();
      expect(fb.requestsOf('openLead')).toEqual([]);
    } finally {
      delete (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel;
    }
  });

  it('Open for a lead with no CRM record falls back to the background where there is no side panel', async () => {
    const noLink = person('no.link@acme.co.jp', '小林', '直子', '株式会社ノーリンク', { crmLinks: [] });
    const fb = new FakeBackground({ me: userById('u-sales'), leads: [noLink], handoffs: [dueHandoff(noLink, 'h-nolink', 3)] });
    const { user, t } = renderPopup(fb, lang);
    await user.click(await screen.findByRole('button', { name: t('popup.openFor', { name: '小林 直子' }) }));
    await waitFor(() => expect(fb.requestsOf('openLead')).toEqual([{ leadId: noLink.id }]));
  });

  it('says so when nothing waits', async () => {
    const fb = new FakeBackground({ me: userById('u-sales'), leads: [yamada], handoffs: [dueHandoff(yamada, 'h-done', 3, { status: 'accepted' })] });
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { name: t('popup.empty.queue.title') })).toBeTruthy();
    expect(screen.getByText(t('popup.empty.queue.body'))).toBeTruthy();
  });
});

describe.each(LANGS)('popup header and states (%s)', (lang) => {
  it('shows the sync state, refreshes with syncNow(popup), and opens the review dashboard in a tab', async () => {
    const fb = salesSetup();
    fb.syncStatus = { ...fb.syncStatus, pending: 2 };
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const { user, t } = renderPopup(fb, lang);

    expect(await screen.findByText(t('sync.pending', { n: 2 }))).toBeTruthy();
    // Opening the popup asks for a sync once.
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'popup' }]));
    const queueReads = fb.requestsOf('getMyQueue').length;

    await user.click(screen.getByRole('button', { name: t('popup.refresh') }));
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'popup' }, { reason: 'popup' }]));
    await waitFor(() => expect(fb.requestsOf('getMyQueue').length).toBeGreaterThan(queueReads));

    await user.click(screen.getByRole('link', { name: t('popup.review') }));
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/^chrome-extension:\/\/[^/]+\/review\.html$/) });
  });

  it('a sync error links to the settings', async () => {
    const fb = salesSetup();
    fb.syncStatus = { ...fb.syncStatus, state: 'error', lastError: { code: 'server_error', message: 'HTTP 500' } };
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const { user, t } = renderPopup(fb, lang);
    expect(await screen.findByText(t('sync.error', { message: 'HTTP 500' }))).toBeTruthy();
    await user.click(screen.getByRole('button', { name: t('common.openSettings') }));
    expect(open).toHaveBeenCalled();
  });

  it('changes the server refused are counted, with a link to their reasons in the settings', async () => {
    const fb = salesSetup();
    fb.rejected = [
      { localId: 4, name: 'user.setAway', leadId: null, decision: null, error: { code: 'forbidden', message: 'Not allowed' }, at: new Date().toISOString() },
      { localId: 5, name: 'handoff.decide', leadId: yamada.id, decision: 'accept', error: { code: 'already_decided', message: 'Decided' }, at: new Date().toISOString() },
    ];
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const { user, t } = renderPopup(fb, lang);
    expect(await screen.findByText(t('popup.refused', { n: 2 }))).toBeTruthy();
    await user.click(screen.getByRole('button', { name: t('popup.refusedSee') }));
    expect(create).toHaveBeenCalledWith({ url: expect.stringMatching(/^chrome-extension:\/\/[^/]+\/options\.html#sync$/) });
  });

  it('no refused changes, no line', async () => {
    const fb = salesSetup();
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.sales') })).toBeTruthy();
    await waitFor(() => expect(fb.requestsOf('getSyncStatus').length + fb.requestsOf('syncNow').length).toBeGreaterThan(0));
    expect(screen.queryByText(t('popup.refused', { n: 0 }))).toBeNull();
    expect(screen.queryByRole('button', { name: t('popup.refusedSee') })).toBeNull();
  });

  it('offline: says so and retries', async () => {
    const fb = salesSetup();
    fb.failures.getMyQueue = new ProtocolError('offline', 'offline');
    const { user, t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { name: t('error.offline.title') })).toBeTruthy();
    delete fb.failures.getMyQueue;
    await user.click(screen.getByRole('button', { name: t('common.retry') }));
    expect(await rowNames(t, 'popup.section.queue')).toEqual(['佐藤 次郎', '山田 太郎', '加藤 美香']);
  });

  it('any other error is explained, with a retry', async () => {
    const fb = salesSetup();
    fb.failures.getMyQueue = new ProtocolError('server_error', 'boom');
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { name: t('error.generic.title') })).toBeTruthy();
    expect(screen.getByRole('button', { name: t('common.retry') })).toBeTruthy();
  });
});

function marketerSetup() {
  const rejectedAt = new Date(Date.now() - 20 * HOUR).toISOString();
  const checked = allRequiredChecked();
  const rejected = makeHandoff(yamada.id, {
    id: 'h-rejected',
    fromUserId: 'u-marketer',
    toUserId: 'u-sales',
    createdAt: new Date(Date.now() - 48 * HOUR).toISOString(),
    checklist: checked,
    status: 'rejected',
    decision: { kind: 'reject', reasonCode: 'no_budget', note: '来期予算で再検討とのこと', by: 'u-sales', at: rejectedAt },
  });
  const pending = dueHandoff(sato, 'h-pending', 20, { fromUserId: 'u-marketer', createdAt: new Date(Date.now() - 2 * HOUR).toISOString() });
  const accepted = makeHandoff(kato.id, { id: 'h-accepted', fromUserId: 'u-marketer', createdAt: new Date(Date.now() - 30 * HOUR).toISOString(), status: 'accepted' });
  const others = dueHandoff(ito, 'h-others', 5, { fromUserId: 'u-manager' });
  return new FakeBackground({ me: userById('u-marketer'), leads: [yamada, sato, kato, ito], handoffs: [rejected, pending, accepted, others] });
}

describe.each(LANGS)('away status in the popup (%s)', (lang) => {
  it('a rep marks themselves away and back; routing then skips them (user.setAway)', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);
    const box = await screen.findByRole('checkbox', { name: t('popup.away.label') });
    expect(box).toHaveProperty('checked', false);
    expect(box.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toBe(t('popup.away.hint'));

    await user.click(box);
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toEqual({ call: { name: 'user.setAway', args: { away: true } } });
    expect(await screen.findByText(t('popup.away.on'))).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('checkbox', { name: t('popup.away.label') })).toHaveProperty('checked', true));

    await user.click(screen.getByRole('checkbox', { name: t('popup.away.label') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(2));
    expect(fb.mutations[1]).toEqual({ call: { name: 'user.setAway', args: { away: false } } });
    expect(await screen.findByText(t('popup.away.off'))).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('checkbox', { name: t('popup.away.label') })).toHaveProperty('checked', false));
  });

  it('a failed change says so and leaves the box as it was', async () => {
    const fb = salesSetup();
    const { user, t } = renderPopup(fb, lang);
    const box = await screen.findByRole('checkbox', { name: t('popup.away.label') });
    fb.failures.mutate = new ProtocolError('server_error', 'boom');
    await user.click(box);
    expect(await screen.findByText(t('popup.away.failed'))).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: t('popup.away.label') })).toHaveProperty('checked', false);
  });

  it('in local-only mode, where nothing is routed, there is no away switch', async () => {
    const fb = salesSetup();
    fb.settings = { ...fb.settings, serverUrl: null, hasToken: false };
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.sales') })).toBeTruthy();
    await screen.findByRole('list', { name: new RegExp(`^${t('popup.section.queue')}`) });
    expect(screen.queryByRole('checkbox', { name: t('popup.away.label') })).toBeNull();
  });

  it('a marketer, who is never routed handoffs, has no away switch', async () => {
    const fb = marketerSetup();
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.marketer') })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: t('popup.away.label') })).toBeNull();
  });
});

describe.each(LANGS)('popup for a marketer (%s)', (lang) => {
  it('lists the leads I handed over, newest first, with status and the rejection’s reason and note', async () => {
    const fb = marketerSetup();
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.marketer') })).toBeTruthy();
    expect(await rowNames(t, 'popup.section.handedOver')).toEqual(['佐藤 次郎', '加藤 美香', '山田 太郎']);

    const row = rowOf('山田 太郎');
    expect(within(row).getByText(HANDOFF_STATUS_LABELS.rejected[lang])).toBeTruthy();
    expect(within(row).getByText(lang === 'ja' ? '予算がない' : 'No budget')).toBeTruthy();
    expect(within(row).getByText('来期予算で再検討とのこと')).toBeTruthy();
    expect(within(rowOf('佐藤 次郎')).getByText(HANDOFF_STATUS_LABELS.pending[lang])).toBeTruthy();
    expect(within(rowOf('佐藤 次郎')).getByText(lang === 'ja' ? '残り 20時間' : '20 h left')).toBeTruthy();
    expect(within(rowOf('加藤 美香')).getByText(HANDOFF_STATUS_LABELS.accepted[lang])).toBeTruthy();
    // Only the rejected lead can be recycled or handed over again.
    expect(await within(row).findByRole('button', { name: t('popup.recycleFor', { name: '山田 太郎' }) })).toBeTruthy();
    expect(within(rowOf('佐藤 次郎')).queryByRole('button', { name: t('popup.recycleFor', { name: '佐藤 次郎' }) })).toBeNull();
  });

  it('recycles a rejected lead to nurture with lead.upsert (not a decision), with undo', async () => {
    const fb = marketerSetup();
    const { user, t } = renderPopup(fb, lang);
    await user.click(await screen.findByRole('button', { name: t('popup.recycleFor', { name: '山田 太郎' }) }));

    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toEqual({ call: { name: 'lead.upsert', args: { lead: { id: yamada.id, email: yamada.email, stage: 'recycled' } } }, holdMs: 10_000 });
    expect(await screen.findByText(t('popup.recycled', { name: '山田 太郎' }))).toBeTruthy();
    // The row stays (history) but says where the lead went, without the actions.
    expect(await within(rowOf('山田 太郎')).findByText(t('popup.state.recycled'))).toBeTruthy();
    expect(within(rowOf('山田 太郎')).queryByRole('button', { name: t('popup.recycleFor', { name: '山田 太郎' }) })).toBeNull();
    expect(fb.handoffs.find((h) => h.id === 'h-rejected')!.status).toBe('rejected');
  });

  it('hands a rejected lead over again as a new handoff to the same rep; the rejected one stays', async () => {
    const fb = marketerSetup();
    const { user, t } = renderPopup(fb, lang);
    await user.click(await screen.findByRole('button', { name: t('popup.rehandFor', { name: '山田 太郎' }) }));
    const dialog = await screen.findByRole('dialog', { name: t('popup.rehand.title') });
    expect(within(dialog).getByText(t('popup.rehand.help', { target: '鈴木 一郎' }))).toBeTruthy();
    // Last time's checks are kept.
    const checked = within(dialog)
      .getAllByRole('checkbox')
      .filter((c) => (c as HTMLInputElement).checked);
    expect(checked).toHaveLength(3);
    await user.type(within(dialog).getByRole('textbox'), '予算確保を確認済み');
    await user.click(within(dialog).getByRole('button', { name: t('popup.rehand.submit') }));

    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    const call = fb.mutations[0]!.call;
    expect(call).toMatchObject({
      name: 'handoff.create',
      args: { leadId: yamada.id, stageId: 'marketing_to_sales', toUserId: 'u-sales', note: '予算確保を確認済み', checkedItemIds: Object.keys(allRequiredChecked()) },
    });
    expect(call.name === 'handoff.create' && call.args.id).not.toBe('h-rejected');
    expect(await screen.findByText(t('popup.rehanded', { name: '山田 太郎', target: '鈴木 一郎' }))).toBeTruthy();
    await waitFor(async () => expect(await rowNames(t, 'popup.section.handedOver')).toEqual(['山田 太郎', '佐藤 次郎', '加藤 美香', '山田 太郎']));
    expect(fb.handoffs.filter((h) => h.leadId === yamada.id).map((h) => h.status)).toEqual(['rejected', 'pending']);
    expect(await screen.findByText(t('popup.state.rehanded'))).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('popup.rehandFor', { name: '山田 太郎' }) })).toBeNull();
  });

  it('says what to do when nothing was handed over yet', async () => {
    const fb = new FakeBackground({ me: userById('u-marketer') });
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { name: t('popup.empty.handedOver.title') })).toBeTruthy();
  });
});

describe.each(LANGS)('popup for a manager (%s)', (lang) => {
  it('lists the team’s overdue handoffs, most overdue first, with who owns each and how late', async () => {
    const fb = new FakeBackground({
      me: userById('u-manager'),
      leads: [yamada, sato, kato],
      handoffs: [dueHandoff(yamada, 'h-1', -2), dueHandoff(sato, 'h-2', -5, { toUserId: 'u-sales2' }), dueHandoff(kato, 'h-3', 4)],
    });
    const { user, t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { level: 1, name: t('popup.title.manager') })).toBeTruthy();
    expect(await rowNames(t, 'popup.section.overdue')).toEqual(['佐藤 次郎', '山田 太郎']);
    expect(await within(rowOf('佐藤 次郎')).findByText(t('popup.owner', { who: '田中 次郎' }))).toBeTruthy();
    expect(within(rowOf('佐藤 次郎')).getByText(lang === 'ja' ? '5時間 超過' : '5 h overdue')).toBeTruthy();
    expect(within(rowOf('山田 太郎')).getByText(t('popup.owner', { who: '鈴木 一郎' }))).toBeTruthy();
    // No queue of their own: no empty "waiting for you" section either.
    expect(screen.queryByRole('heading', { name: new RegExp(`^${t('popup.section.queue')}`) })).toBeNull();

    await user.click(within(rowOf('山田 太郎')).getByRole('button', { name: t('popup.openFor', { name: '山田 太郎' }) }));
    await waitFor(() => expect(fb.requestsOf('openLead')).toEqual([{ leadId: yamada.id }]));
  });

  it('shows their own queue too, and an empty overdue list calmly', async () => {
    const fb = new FakeBackground({ me: userById('u-manager'), leads: [yamada], handoffs: [dueHandoff(yamada, 'h-1', 3, { toUserId: 'u-manager' })] });
    const { t } = renderPopup(fb, lang);
    expect(await screen.findByRole('heading', { name: t('popup.empty.overdue.title') })).toBeTruthy();
    expect(await rowNames(t, 'popup.section.queue')).toEqual(['山田 太郎']);
  });
});
