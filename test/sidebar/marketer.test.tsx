import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { leadIdForEmail } from '../../lib/domain/lead';
import { crmContext, CRM_LINK, emailContext, FakeBackground, makeHandoff, makeLead, userById } from './fake-background';
import { LANGS, renderSidebar } from './render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

afterEach(cleanup);

const SENDER = 'taro@acme.co.jp';

describe.each(LANGS)('marketer on an email thread (%s)', (lang) => {
  it('tags the sender as a qualified lead: creates the lead, the inbound_email touch and the handoff, then shows the grade', async () => {
    const fb = new FakeBackground({ me: userById('u-marketer') });
    const ctx = emailContext(SENDER);
    const { user, t } = renderSidebar(fb, lang, ctx);

    await user.click(await screen.findByRole('button', { name: t('tag.open') }));
    const form = await screen.findByRole('form', { name: t('tag.title') });
    // Guessed from the page: the name family-first, the company from the corporate domain.
    expect(within(form).getByLabelText(t('form.family'))).toHaveProperty('value', '山田');
    expect(within(form).getByLabelText(t('form.given'))).toHaveProperty('value', '太郎');
    const company = within(form).getByLabelText(t('form.company'));
    expect(company).toHaveProperty('value', 'Acme');
    await user.clear(company);
    await user.type(company, '株式会社アクメ');
    expect(within(form).getByLabelText(t('form.channel'))).toHaveProperty('value', 'inbound_email');
    await user.type(within(form).getByLabelText(new RegExp(t('form.campaign'))), '2026春 問い合わせ');
    await user.click(within(form).getByRole('checkbox', { name: new RegExp(lang === 'ja' ? '連絡先を確認済み' : 'Contact details verified') }));
    await user.click(within(form).getByRole('checkbox', { name: new RegExp(lang === 'ja' ? '課題・ニーズを確認済み' : 'Need confirmed') }));
    await user.selectOptions(within(form).getByLabelText(t('tag.handOffTo')), 'user:u-sales');
    await user.type(within(form).getByLabelText(new RegExp(t('tag.note'))), '来月デモ希望');
    await user.click(within(form).getByRole('button', { name: t('tag.submitHandoff') }));

    await waitFor(() => expect(fb.mutations).toHaveLength(3));
    const leadId = leadIdForEmail(SENDER);
    const [upsert, touch, handoff] = fb.mutations.map((m) => m.call);
    expect(upsert).toEqual({
      name: 'lead.upsert',
      args: { lead: { id: leadId, email: SENDER, name: { family: '山田', given: '太郎' }, company: '株式会社アクメ', source: { channel: 'inbound_email', campaign: '2026春 問い合わせ' } } },
    });
    expect(touch).toEqual({
      name: 'touch.add',
      args: {
        touch: {
          id: expect.stringMatching(/^tc_/),
          leadId,
          type: 'inbound_email',
          occurredAt: '2026-03-02T01:23:00.000Z',
          campaign: '2026春 問い合わせ',
          detail: '製品導入のご相談',
          origin: 'aun',
          externalId: 'thread:18e0a1b2c3d4e5f6',
        },
      },
    });
    expect(handoff).toEqual({
      name: 'handoff.create',
      args: {
        id: expect.any(String),
        leadId,
        stageId: 'marketing_to_sales',
        toUserId: 'u-sales',
        note: '来月デモ希望',
        checkedItemIds: ['contact_verified', 'need_confirmed'],
        createdAt: expect.any(String),
      },
    });

    // Re-read: the lead view with its grade, and what happened.
    const badge = await screen.findByRole('img', { name: /^(Grade|グレード)/ });
    const expected = (await fb.handle('getLeadContext', ctx)) as { grade: { grade: string } };
    expect(badge.getAttribute('aria-label')).toContain(expected.grade.grade);
    const notice = await screen.findByText(new RegExp(t('tag.handedTo', { target: '鈴木 一郎' })));
    expect(notice.textContent).toContain(t('tag.grade', { grade: expected.grade.grade }));
    expect(screen.getByRole('heading', { name: '山田 太郎' })).toBeTruthy();
  });

  it('tagging the same email twice adds one touch (the touch id and externalId are stable)', async () => {
    const fb = new FakeBackground({ me: userById('u-marketer') });
    const ctx = emailContext(SENDER);
    const { user, t } = renderSidebar(fb, lang, ctx);
    await user.click(await screen.findByRole('button', { name: t('tag.open') }));
    await user.click(await screen.findByRole('button', { name: t('tag.submit') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(2));
    await user.click(await screen.findByRole('button', { name: t('tag.open') }));
    await user.click(await screen.findByRole('button', { name: t('tag.submit') }));
    await waitFor(() => expect(fb.mutations).toHaveLength(4));
    const touchIds = fb.mutations.filter((m) => m.call.name === 'touch.add').map((m) => (m.call.args as { touch: { id: string } }).touch.id);
    expect(new Set(touchIds).size).toBe(1);
    expect(fb.touches).toHaveLength(1);
  });

  it('a marketer cannot accept or reject a handoff', async () => {
    const lead = makeLead(SENDER);
    const fb = new FakeBackground({ me: userById('u-marketer'), leads: [lead], handoffs: [makeHandoff(lead.id)] });
    const { t } = renderSidebar(fb, lang, emailContext(SENDER));
    expect(await screen.findByRole('heading', { name: t('handoff.title') })).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('actions.accept') })).toBeNull();
    expect(screen.queryByRole('button', { name: t('actions.reject') })).toBeNull();
    expect(screen.queryByRole('button', { name: t('actions.recycle') })).toBeNull();
  });
});

describe.each(LANGS)('role gating and start tracking (%s)', (lang) => {
  it('a sales rep sees no "Tag as qualified lead" on an unknown sender, only Start tracking', async () => {
    const fb = new FakeBackground({ me: userById('u-sales') });
    const { t } = renderSidebar(fb, lang, emailContext(SENDER));
    expect(await screen.findByRole('button', { name: t('track.submit') })).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('tag.open') })).toBeNull();
  });

  it('a sales rep sees no tag or hand-off button on a known lead', async () => {
    const lead = makeLead(SENDER);
    const fb = new FakeBackground({ me: userById('u-sales'), leads: [lead] });
    const { t } = renderSidebar(fb, lang, emailContext(SENDER));
    expect(await screen.findByRole('heading', { name: '山田 太郎' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: t('tag.open') })).toBeNull();
    expect(screen.queryByRole('button', { name: t('tag.openHandoff') })).toBeNull();
  });

  it('starts tracking an unknown person from a CRM record: upsert with the page name and company and an editable source, then linkCrm', async () => {
    const email = 'jane.doe@globex.com';
    const fb = new FakeBackground({ me: userById('u-sales') });
    const ctx = crmContext(email, { name: 'Jane Doe', company: 'Globex KK' });
    const { user, t } = renderSidebar(fb, lang, ctx);

    const form = await screen.findByRole('form', { name: t('track.title') });
    expect(within(form).getByLabelText(t('form.given'))).toHaveProperty('value', 'Jane');
    expect(within(form).getByLabelText(t('form.family'))).toHaveProperty('value', 'Doe');
    expect(within(form).getByLabelText(t('form.company'))).toHaveProperty('value', 'Globex KK');
    await user.selectOptions(within(form).getByLabelText(t('form.channel')), 'exhibition');
    await user.type(within(form).getByLabelText(new RegExp(t('form.campaign'))), 'Japan IT Week 2026');
    await user.click(within(form).getByRole('button', { name: t('track.submit') }));

    await waitFor(() => expect(fb.mutations).toHaveLength(2));
    const leadId = leadIdForEmail(email);
    expect(fb.mutations[0]!.call).toEqual({
      name: 'lead.upsert',
      args: { lead: { id: leadId, email, name: { given: 'Jane', family: 'Doe' }, company: 'Globex KK', source: { channel: 'exhibition', campaign: 'Japan IT Week 2026' } } },
    });
    expect(fb.mutations[1]!.call).toEqual({ name: 'lead.linkCrm', args: { leadId, link: CRM_LINK } });
    expect(await screen.findByRole('heading', { name: 'Jane Doe' })).toBeTruthy();
    expect(await screen.findByText(new RegExp(`^${t('track.done', { name: 'Jane Doe' })}`))).toBeTruthy();
  });
});
