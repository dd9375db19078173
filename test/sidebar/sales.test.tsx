import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { DECISION_KIND_LABELS, HANDOFF_STATUS_LABELS, OUTCOME_KIND_LABELS } from '../../lib/domain/labels';
import { formatDateTime } from '../../lib/ui/format';
import { allRequiredChecked, crmContext, FakeBackground, makeHandoff, makeLead, makeTouches, rejectedDecision, userById } from './fake-background';
import { LANGS, renderSidebar } from './render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

afterEach(cleanup);

const EMAIL = 'taro.yamada@acme.co.jp';

function salesSetup(handoffPatch = {}) {
  const lead = makeLead(EMAIL);
  const handoff = makeHandoff(lead.id, { checklist: allRequiredChecked(), ...handoffPatch });
  const fb = new FakeBackground({ me: userById('u-sales'), leads: [lead], touches: makeTouches(lead.id, 3), handoffs: [handoff] });
  return { fb, lead, handoff };
}

describe.each(LANGS)('sales rep on a CRM record (%s)', (lang) => {
  it('accepts in one click with a 10-second undo, and undo puts the handoff back', async () => {
    const { fb, handoff } = salesSetup();
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    await user.click(await screen.findByRole('button', { name: t('actions.accept') }));

    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toMatchObject({ call: { name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept' } }, holdMs: 10_000 });
    const undo = await screen.findByRole('button', { name: t('undo.button', { s: 10 }) });
    expect(screen.getByText(t('accept.done'))).toBeTruthy();
    // The optimistic re-read shows the handoff accepted and the actions gone.
    expect(await screen.findByText(HANDOFF_STATUS_LABELS.accepted[lang])).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('actions.reject') })).toBeNull();

    await user.click(undo);
    await waitFor(() => expect(fb.requestsOf('undoMutation')).toEqual([{ localId: 1 }]));
    expect(await screen.findByText(t('undo.done'))).toBeTruthy();
    expect(await screen.findByText(HANDOFF_STATUS_LABELS.pending[lang])).toBeTruthy();
    expect(await screen.findByRole('button', { name: t('actions.accept') })).toBeTruthy();
    expect(fb.handoffs[0]!.status).toBe('pending');
  });

  it('asks before accepting with required checklist items unchecked, listing them', async () => {
    const { fb } = salesSetup({ checklist: { contact_verified: { checked: true, by: 'u-marketer', at: new Date().toISOString() } } });
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    await user.click(await screen.findByRole('button', { name: t('actions.accept') }));
    const dialog = await screen.findByRole('dialog', { name: t('accept.confirmTitle') });
    const missing = within(dialog).getAllByRole('listitem').map((li) => li.textContent);
    expect(missing).toEqual(lang === 'ja' ? ['課題・ニーズを確認済み', '営業連絡の同意あり'] : ['Need confirmed', 'Consent to be contacted']);
    expect(fb.mutations).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: t('accept.anyway') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]).toMatchObject({ call: { name: 'handoff.decide', args: { kind: 'accept' } }, holdMs: 10_000 });
  });

  it('rejects only with a reason, keyboard only: Enter opens, Enter without a reason is blocked, arrows pick, Enter submits', async () => {
    const { fb, handoff } = salesSetup();
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    const reject = await screen.findByRole('button', { name: t('actions.reject') });
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
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
    await user.keyboard('来期に再検討');
    await user.tab({ shift: true });
    await user.keyboard('{Enter}');

    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toMatchObject({ name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'reject', reasonCode: 'no_budget', note: '来期に再検討' } });
    expect(fb.mutations[0]!.holdMs).toBeUndefined();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText(HANDOFF_STATUS_LABELS.rejected[lang])).toBeTruthy();
  });

  it('Esc cancels the reject dialog without a change and returns focus', async () => {
    const { fb } = salesSetup();
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));
    const reject = await screen.findByRole('button', { name: t('actions.reject') });
    await user.click(reject);
    await screen.findByRole('dialog');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(reject);
    expect(fb.mutations).toHaveLength(0);
  });

  it('recycles to nurture', async () => {
    const { fb, handoff } = salesSetup();
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));
    await user.click(await screen.findByRole('button', { name: t('actions.recycle') }));
    const dialog = await screen.findByRole('dialog', { name: t('recycle.title') });
    await user.click(within(dialog).getByRole('button', { name: t('recycle.submit') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toEqual({ name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'recycle', at: expect.any(String) } });
    expect(await screen.findByText(t('recycle.done'))).toBeTruthy();
    // Both the handoff status and the lead's lifecycle stage now read "recycled".
    await waitFor(() => expect(screen.getAllByText(HANDOFF_STATUS_LABELS.recycled[lang])).toHaveLength(2));
  });

  it('records an opportunity with its amount in yen after acceptance', async () => {
    const { fb, lead, handoff } = salesSetup({ status: 'accepted', decision: { kind: 'accept', by: 'u-sales', at: new Date().toISOString() } });
    fb.leads = [{ ...lead, stage: 'sal', ownerId: 'u-sales' }];
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    const kind = await screen.findByLabelText(t('outcome.kind'));
    await user.selectOptions(kind, 'opportunity');
    // The amount is required for an opportunity.
    await user.click(screen.getByRole('button', { name: t('outcome.submit') }));
    expect(await screen.findByText(t('outcome.amountRequired'))).toBeTruthy();
    expect(fb.mutations).toHaveLength(0);

    await user.type(screen.getByLabelText(/JPY/), '1,200,000');
    await user.click(screen.getByRole('button', { name: t('outcome.submit') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toMatchObject({
      name: 'outcome.record',
      args: { leadId: lead.id, handoffId: handoff.id, kind: 'opportunity', amount: { value: 1_200_000, currency: 'JPY' } },
    });
    expect(await screen.findByText(new RegExp(`${OUTCOME_KIND_LABELS.opportunity[lang]}`), { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText(lang === 'ja' ? /￥1,200,000/ : /¥1,200,000/, { selector: 'li' })).toBeTruthy();
  });

  it('shows a conflict — who decided, what and when — and dismisses it', async () => {
    const { fb, lead } = salesSetup();
    const at = '2026-03-02T02:15:00.000Z';
    fb.rejected = [rejectedDecision(7, lead.id, 'already_decided', { decision: { kind: 'reject', by: 'u-sales2', at, reasonCode: 'no_budget' } })];
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    const banner = await screen.findByRole('alert');
    expect(within(banner).getByRole('heading').textContent).toBe(t('conflict.decidedTitle'));
    expect(banner.textContent).toContain('田中 次郎');
    expect(banner.textContent).toContain(DECISION_KIND_LABELS.reject[lang]);
    expect(banner.textContent).toContain(formatDateTime(at, lang));
    expect(banner.textContent).toContain(lang === 'ja' ? '予算がない' : 'No budget');
    expect(banner.textContent).toContain(t('conflict.notApplied'));

    await user.click(within(banner).getByRole('button', { name: t('conflict.dismiss') }));
    await waitFor(() => expect(fb.requestsOf('dismissRejected')).toEqual([{ localId: 7 }]));
    await waitFor(() => expect(screen.queryByText(t('conflict.decidedTitle'))).toBeNull());
  });

  it('toggles a checklist item and shows who checked it', async () => {
    const { fb, handoff } = salesSetup({ checklist: {} });
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));
    const box = await screen.findByRole('checkbox', { name: new RegExp(lang === 'ja' ? '連絡先を確認済み' : 'Contact details verified') });
    await user.click(box);
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toMatchObject({ name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId: 'contact_verified', checked: true } });
    const item = box.closest('li')!;
    await waitFor(() => expect(within(item).getByText(/鈴木 一郎/).textContent).toBe(t('checklist.checkedBy', { who: '鈴木 一郎', when: formatDateTime(fb.handoffs[0]!.checklist.contact_verified!.at, lang) })));
  });
});

describe.each(LANGS)('held accept and queue handoffs (%s)', (lang) => {
  it('counts the undo down and hides it when the hold ends', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { fb } = salesSetup();
      const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
      const accept = await screen.findByRole('button', { name: t('actions.accept') });
      accept.click();
      expect(await screen.findByRole('button', { name: t('undo.button', { s: 10 }) })).toBeTruthy();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      expect(screen.getByRole('button', { name: t('undo.button', { s: 9 }) })).toBeTruthy();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(9_500);
      });
      expect(screen.queryByRole('button', { name: /Undo|元に戻す/ })).toBeNull();
      expect(fb.requestsOf('undoMutation')).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a rep takes a queue handoff (handoff.claim), which starts the SLA', async () => {
    const { fb, handoff } = salesSetup({ toUserId: undefined, toQueueId: 'q-tokyo', assignedAt: undefined, dueAt: undefined });
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));
    expect(await screen.findByText(t('sla.startsWhenAssigned'))).toBeTruthy();
    await user.click(screen.getByRole('button', { name: t('actions.claim') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(1));
    expect(fb.mutations[0]!.call).toEqual({ name: 'handoff.claim', args: { handoffId: handoff.id, at: expect.any(String) } });
    expect(await screen.findByText(t('claim.done'))).toBeTruthy();
  });
});
