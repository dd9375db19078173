import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import { ProtocolError } from '../../lib/messages';
import { TOUCH_TYPE_LABELS } from '../../lib/domain/labels';
import { formatDuration } from '../../lib/ui/format';
import { crmContext, emailContext, FakeBackground, makeHandoff, makeLead, makeTouches, userById } from './fake-background';
import { connect, LANGS, renderSidebar } from './render';
import userEvent from '@testing-library/user-event';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { makeT } from '../../lib/i18n';
import { listenForDrawerContext } from '../../lib/ui/drawer-context';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

afterEach(() => {
  cleanup();
  // Each test starts from its own URL hash, as a freshly loaded sidebar does.
  listenForDrawerContext(window).stop();
});

const EMAIL = 'taro.yamada@acme.co.jp';
const HOUR = 3_600_000;

describe.each(LANGS)('sidebar states (%s)', (lang) => {
  it("the header's owner: whom the pending handoff waits on, the lead's owner once accepted, else unassigned", async () => {
    const lead = makeLead(EMAIL);
    const ownerShown = async (patch: { lead?: Partial<typeof lead>; handoffs?: ReturnType<typeof makeHandoff>[] }) => {
      const fb = new FakeBackground({ me: userById('u-marketer'), leads: [{ ...lead, ...patch.lead }], handoffs: patch.handoffs ?? [] });
      const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
      const header = await screen.findByRole('region', { name: '山田 太郎' });
      const text = within(header).getByText(t('lead.owner')).nextElementSibling?.textContent;
      cleanup();
      return { text, t };
    };
    const { text: toRep, t } = await ownerShown({ handoffs: [makeHandoff(lead.id, { toUserId: 'u-sales2' })] });
    expect(toRep).toBe(t('lead.ownerPending', { name: '田中 次郎' }));
    const { text: toQueue } = await ownerShown({ handoffs: [makeHandoff(lead.id, { toUserId: undefined, toQueueId: 'q-tokyo' })] });
    expect(toQueue).toBe(t('lead.ownerPending', { name: '東京インサイドセールス' }));
    const accepted = makeHandoff(lead.id, { status: 'accepted', decision: { kind: 'accept', by: 'u-sales', at: new Date().toISOString() } });
    expect((await ownerShown({ lead: { ownerId: 'u-sales', stage: 'sal' }, handoffs: [accepted] })).text).toBe('鈴木 一郎');
    const rejected = makeHandoff(lead.id, { status: 'rejected', decision: { kind: 'reject', reasonCode: 'no_budget', by: 'u-sales', at: new Date().toISOString() } });
    expect((await ownerShown({ handoffs: [rejected] })).text).toBe(t('lead.noOwner'));
    expect((await ownerShown({})).text).toBe(t('lead.noOwner'));
  });

  it('without a page context explains what to open, and still asks for a sync', async () => {
    const fb = new FakeBackground();
    const { t } = renderSidebar(fb, lang, null);
    expect(await screen.findByRole('heading', { name: t('empty.noContext.title') })).toBeTruthy();
    await waitFor(() => expect(fb.requestsOf('syncNow')).toEqual([{ reason: 'sidebar' }]));
    expect(fb.requestsOf('getLeadContext')).toHaveLength(0);
  });

  it('offline: says so and offers a retry that works', async () => {
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    fb.failures.getLeadContext = new ProtocolError('offline', 'no network');
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));
    expect(await screen.findByRole('heading', { name: t('error.offline.title') })).toBeTruthy();
    delete fb.failures.getLeadContext;
    await user.click(screen.getByRole('button', { name: t('common.retry') }));
    expect(await screen.findByRole('heading', { name: '山田 太郎' })).toBeTruthy();
  });

  it('lead not found and other errors each say what to do', async () => {
    const fb = new FakeBackground();
    fb.failures.getLeadContext = new ProtocolError('not_found', 'gone');
    const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
    expect(await screen.findByRole('heading', { name: t('error.notFound.title') })).toBeTruthy();
    expect(screen.getByText(t('error.notFound.body'))).toBeTruthy();
  });

  it('a page without an email address explains why nothing can be tracked', async () => {
    const fb = new FakeBackground();
    const { t } = renderSidebar(fb, lang, crmContext(EMAIL, { emails: [] }));
    expect(await screen.findByRole('heading', { name: t('error.noEmail.title') })).toBeTruthy();
  });

  it('the footer shows a rejected token with a way to the settings, and pending changes', async () => {
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    fb.syncStatus = { ...fb.syncStatus, state: 'token-rejected', pending: 3, lastError: { code: 'unauthorized', message: 'token rejected' } };
    const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
    const footer = await screen.findByRole('contentinfo');
    await waitFor(() => expect(footer.textContent).toContain(t('sync.tokenRejected')));
    expect(footer.textContent).toContain(t('sync.pending', { n: 3 }));
    expect(within(footer).getByRole('button', { name: t('common.openSettings') })).toBeTruthy();
  });

  it('the footer explains local-only mode and a sync error', async () => {
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    fb.syncStatus = { ...fb.syncStatus, mode: 'local-only' };
    const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
    const footer = await screen.findByRole('contentinfo');
    await waitFor(() => expect(footer.textContent).toContain(t('sync.localOnly')));
  });

  it('shows the header, the grade with its reasons behind a disclosure, and the SLA clock', async () => {
    const lead = makeLead(EMAIL, { ownerId: 'u-sales' });
    const fb = new FakeBackground({ me: userById('u-sales'), leads: [lead], touches: makeTouches(lead.id, 2), handoffs: [makeHandoff(lead.id)] });
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    const header = (await screen.findByRole('heading', { name: '山田 太郎' })).closest('section')!;
    expect(header.textContent).toContain('株式会社アクメ');
    expect(header.textContent).toContain('情報システム部 部長');
    expect(header.textContent).toContain('鈴木 一郎');
    expect(header.textContent).toContain(lang === 'ja' ? 'MQL' : 'MQL');

    const why = screen.getByRole('button', { name: new RegExp(lang === 'ja' ? '根拠' : 'Why') });
    expect(why.getAttribute('aria-expanded')).toBe('false');
    const list = document.getElementById(why.getAttribute('aria-controls')!)!;
    expect(list.hidden).toBe(true);
    await user.click(why);
    expect(why.getAttribute('aria-expanded')).toBe('true');
    expect(list.hidden).toBe(false);
    expect(list.textContent).toContain(lang === 'ja' ? '重点業種' : 'Target industry');
    expect(within(list).getAllByText(lang === 'ja' ? '+20点' : '+20 pts').length).toBeGreaterThan(0);

    const sla = screen.getByRole('group', { name: t('sla.section') });
    // Created 3 h ago, assigned 1 h later, due 24 h after assignment.
    expect(sla.textContent).toContain(t('sla.dueIn', { d: formatDuration(22 * HOUR, lang) }));
    expect(sla.textContent).toContain(formatDuration(HOUR, lang)); // routing delay
    expect(sla.textContent).toContain(t('sla.waiting', { d: formatDuration(2 * HOUR, lang) })); // response so far
  });

  it('an overdue handoff says by how much', async () => {
    const lead = makeLead(EMAIL);
    const created = Date.now() - 30 * HOUR;
    const handoff = makeHandoff(lead.id, { createdAt: new Date(created).toISOString(), assignedAt: new Date(created).toISOString(), dueAt: new Date(created + 24 * HOUR).toISOString() });
    const fb = new FakeBackground({ leads: [lead], handoffs: [handoff] });
    const { t } = renderSidebar(fb, lang, crmContext(EMAIL));
    expect(await screen.findByText(t('sla.overdue', { d: formatDuration(6 * HOUR, lang) }))).toBeTruthy();
  });

  it('the timeline groups by day, filters by type, and "show all" loads beyond 50', async () => {
    const lead = makeLead(EMAIL);
    const touches = makeTouches(lead.id, 60, (i) => (i === 0 ? { type: 'inbound_email', detail: '<img src=x onerror=alert(1)>見積依頼', campaign: '春の問い合わせ' } : {}));
    const fb = new FakeBackground({ leads: [lead], touches });
    const { user, t } = renderSidebar(fb, lang, crmContext(EMAIL));

    const timeline = (await screen.findByRole('heading', { name: t('touches.title', { n: 60 }) })).closest('section')!;
    expect(within(timeline).getAllByRole('listitem').filter((li) => li.classList.contains('aun-touch'))).toHaveLength(50);
    expect(within(timeline).getAllByRole('heading', { level: 3 }).length).toBeGreaterThan(1);
    // Page text is text: the markup shows literally, nothing is injected.
    expect(within(timeline).getByText('<img src=x onerror=alert(1)>見積依頼')).toBeTruthy();
    expect(timeline.querySelector('img')).toBeNull();

    await user.selectOptions(within(timeline).getByLabelText(t('touches.filter')), 'inbound_email');
    await waitFor(() => expect(within(timeline).getAllByText(TOUCH_TYPE_LABELS.inbound_email[lang]).filter((e) => e.tagName === 'SPAN')).toHaveLength(1));
    expect(fb.requestsOf('listTouches').at(-1)).toEqual({ leadId: lead.id, types: ['inbound_email'], limit: 50 });

    await user.selectOptions(within(timeline).getByLabelText(t('touches.filter')), 'all');
    await user.click(within(timeline).getByRole('button', { name: t('touches.showAll', { n: 60 }) }));
    await waitFor(() => expect(within(timeline).getAllByRole('listitem').filter((li) => li.classList.contains('aun-touch'))).toHaveLength(60));
    expect(fb.requestsOf('listTouches').at(-1)).toEqual({ leadId: lead.id });
  });

  it('follows a new context posted by the drawer', async () => {
    const other = makeLead('hanako@globex.co.jp', { name: { family: '佐藤', given: '花子' }, crmLinks: [] });
    const fb = new FakeBackground({ leads: [makeLead(EMAIL), other] });
    connect(fb, lang);
    window.location.hash = `#ctx=${encodeURIComponent(JSON.stringify(emailContext(EMAIL)))}`;
    render(<SidebarApp queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
    expect(await screen.findByRole('heading', { name: '山田 太郎' })).toBeTruthy();

    // A message from somewhere other than the parent frame is ignored.
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:context', ctx: emailContext('hanako@globex.co.jp') }, source: null }));
    });
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:context', ctx: { site: 'evil', emails: 'x' } }, source: window.parent }));
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fb.requestsOf('getLeadContext').some((c) => (c as { emails: string[] }).emails.includes('hanako@globex.co.jp'))).toBe(false);
    expect(screen.getByRole('heading', { name: '山田 太郎' })).toBeTruthy();

    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:context', ctx: emailContext('hanako@globex.co.jp') }, source: window.parent }));
    });
    expect(await screen.findByRole('heading', { name: '佐藤 花子' })).toBeTruthy();
    window.location.hash = '';
  });

  it('keeps a context the drawer posted while the sidebar was still starting', async () => {
    const other = makeLead('hanako@globex.co.jp', { name: { family: '佐藤', given: '花子' }, crmLinks: [] });
    const fb = new FakeBackground({ leads: [makeLead(EMAIL), other] });
    connect(fb, lang);
    window.location.hash = `#ctx=${encodeURIComponent(JSON.stringify(emailContext(EMAIL)))}`;
    // What entrypoints/sidebar/main.tsx does before rendering; the drawer posts on the frame's load.
    listenForDrawerContext(window);
    window.dispatchEvent(new MessageEvent('message', { data: { type: 'aun:context', ctx: emailContext('hanako@globex.co.jp') }, source: window.parent }));
    render(<SidebarApp queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
    expect(await screen.findByRole('heading', { name: '佐藤 花子' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: '山田 太郎' })).toBeNull();
    expect(fb.requestsOf('getLeadContext').some((c) => (c as { emails: string[] }).emails.includes(EMAIL))).toBe(false);
    window.location.hash = '';
  });
});

describe.each(LANGS)('side panel opened on one lead (%s)', (lang) => {
  afterEach(() => {
    window.location.hash = '';
    delete (fakeBrowser as unknown as { sidePanel?: unknown }).sidePanel;
  });

  it('says it shows a lead from the queue, and goes back to following the active tab', async () => {
    const setOptions = vi.fn(async () => undefined);
    (fakeBrowser as unknown as { sidePanel: unknown }).sidePanel = { setOptions, open: vi.fn() };
    const fb = new FakeBackground({ leads: [makeLead(EMAIL)] });
    connect(fb, lang);
    const t = makeT(lang);
    window.location.hash = `#ctx=${encodeURIComponent(JSON.stringify(emailContext(EMAIL)))}`;
    render(<SidebarApp queryClient={new QueryClient({ defaultOptions: { queries: { retry: false } } })} />);
    expect(await screen.findByRole('heading', { name: '山田 太郎' })).toBeTruthy();
    expect(screen.getByText(t('sidebar.pinned'))).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: t('sidebar.followTab') }));
    await waitFor(() => expect(setOptions).toHaveBeenCalledWith({ path: 'sidebar.html' }));
    await waitFor(() => expect(screen.queryByText(t('sidebar.pinned'))).toBeNull());
  });
});

