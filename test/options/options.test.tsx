import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ProtocolError } from '../../lib/messages';
import { makeT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { FakeBackground, userById } from '../sidebar/fake-background';
import { LANGS, renderOptions } from '../sidebar/render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe.each(LANGS)('options page (%s)', (lang) => {
  it('tests the connection and shows the user, role and workspace', async () => {
    const fb = new FakeBackground();
    fb.settings = { ...fb.settings, serverUrl: null, hasToken: false, me: null, workspaceName: null };
    const { user, t } = renderOptions(fb, lang);

    await user.type(await screen.findByLabelText(t('options.serverUrl')), 'https://aun.example.co.jp');
    await user.click(screen.getByRole('button', { name: t('options.test') }));
    expect(await screen.findByText(t('options.tokenNeeded'))).toBeTruthy();
    expect(fb.requestsOf('testConnection')).toHaveLength(0);

    await user.type(screen.getByLabelText(t('options.token')), 'aun_tok_0123456789');
    await user.click(screen.getByRole('button', { name: t('options.test') }));
    expect(
      await screen.findByText(t('options.testOk', { name: '鈴木 一郎', role: lang === 'ja' ? '営業' : 'Sales', workspace: 'Acme Japan' })),
    ).toBeTruthy();
    expect(fb.requestsOf('testConnection')).toEqual([{ serverUrl: 'https://aun.example.co.jp', token: 'aun_tok_0123456789' }]);
    expect(fb.requestsOf('saveSettings')).toHaveLength(0);
  });

  it('a rejected token is explained', async () => {
    const fb = new FakeBackground();
    fb.connection = new ProtocolError('unauthorized', 'The server rejected the token.');
    const { user, t } = renderOptions(fb, lang);
    await user.type(await screen.findByLabelText(t('options.token')), 'aun_tok_wrong_000000');
    await user.click(screen.getByRole('button', { name: t('options.test') }));
    expect(await screen.findByText(t('options.error.unauthorized'))).toBeTruthy();
  });

  it('saving asks for the server host permission first, then saves', async () => {
    const fb = new FakeBackground();
    fb.settings = { ...fb.settings, serverUrl: null, hasToken: false, me: null, workspaceName: null };
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    const { user, t } = renderOptions(fb, lang);
    expect(await screen.findByRole('heading', { name: t('options.localOnly.title') })).toBeTruthy();

    await user.type(screen.getByLabelText(t('options.serverUrl')), 'http://localhost:8787');
    await user.type(screen.getByLabelText(t('options.token')), 'aun_tok_0123456789');
    await user.click(screen.getByRole('button', { name: t('options.save') }));
    await waitFor(() => expect(fb.requestsOf('saveSettings')).toEqual([{ serverUrl: 'http://localhost:8787', token: 'aun_tok_0123456789' }]));
    expect(request).toHaveBeenCalledWith({ origins: ['http://localhost/*'] });
    expect(await screen.findByText(t('options.saved'))).toBeTruthy();
    expect(await screen.findByText(t('options.signedInAs', { name: '鈴木 一郎', role: lang === 'ja' ? '営業' : 'Sales', workspace: 'Acme Japan' }))).toBeTruthy();
  });

  it('does not save when the permission is refused', async () => {
    const fb = new FakeBackground();
    vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(false);
    const { user, t } = renderOptions(fb, lang);
    await screen.findByLabelText(t('options.serverUrl'));
    await user.click(screen.getByRole('button', { name: t('options.save') }));
    expect(await screen.findByText(t('options.permissionDenied'))).toBeTruthy();
    expect(fb.requestsOf('saveSettings')).toHaveLength(0);
  });

  it('rejects a plain-http URL other than localhost without asking anything', async () => {
    const fb = new FakeBackground();
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    const { user, t } = renderOptions(fb, lang);
    const url = await screen.findByLabelText(t('options.serverUrl'));
    await user.clear(url);
    await user.type(url, 'http://aun.example.co.jp');
    await user.click(screen.getByRole('button', { name: t('options.save') }));
    expect(await screen.findByText(t('options.urlInvalid'))).toBeTruthy();
    expect(request).not.toHaveBeenCalled();
  });

  it('sign out needs confirmation: cancel keeps everything, confirm clears', async () => {
    const fb = new FakeBackground({ me: userById('u-sales') });
    fb.syncStatus = { ...fb.syncStatus, pending: 2 };
    const { user, t } = renderOptions(fb, lang);

    await user.click(await screen.findByRole('button', { name: t('options.signOut') }));
    const dialog = await screen.findByRole('dialog', { name: t('options.signOut.confirmTitle') });
    expect(dialog.textContent).toContain(t('options.signOut.confirmBody', { pending: 2 }));
    expect(fb.requestsOf('signOut')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: t('common.cancel') }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fb.requestsOf('signOut')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: t('options.signOut') }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: t('options.signOut.confirm') }));
    await waitFor(() => expect(fb.requestsOf('signOut')).toEqual([{ confirm: true }]));
    expect(await screen.findByText(t('options.signedOut'))).toBeTruthy();
    // Back to local-only mode, explained.
    expect(await screen.findByRole('heading', { name: t('options.localOnly.title') })).toBeTruthy();
  });

  it('exports the local data as a downloaded JSON file', async () => {
    const fb = new FakeBackground();
    const createObjectURL = vi.fn(() => 'blob:aun-export');
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicks: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push(this);
    });
    const { user, t } = renderOptions(fb, lang);
    await user.click(await screen.findByRole('button', { name: t('options.export') }));
    expect(await screen.findByText(t('options.exported', { file: 'aun-export-2026-03-02T01-00-00.000Z.json' }))).toBeTruthy();
    expect(clicks).toHaveLength(1);
    expect(clicks[0]!.download).toBe('aun-export-2026-03-02T01-00-00.000Z.json');
    expect(clicks[0]!.href).toBe('blob:aun-export');
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect(blob.type).toBe('application/json');
  });

  it('changes the language and notifications', async () => {
    const fb = new FakeBackground();
    const { user, t } = renderOptions(fb, lang);
    const other = lang === 'en' ? 'ja' : 'en';
    await user.selectOptions(await screen.findByLabelText(t('options.language')), other);
    await waitFor(() => expect(fb.requestsOf('saveSettings')).toEqual([{ language: other }]));
    // The page switches language at once.
    expect(await screen.findByRole('heading', { name: other === 'ja' ? '阿吽の設定' : 'Aun settings' })).toBeTruthy();
    const notify = screen.getByRole('checkbox', { name: makeT(other)('options.notifications') });
    await user.click(notify);
    await waitFor(() => expect(fb.requestsOf('saveSettings').at(-1)).toEqual({ notifications: false }));
  });

  it('sets when the SLA warning comes, and only while notifications are on', async () => {
    const fb = new FakeBackground();
    const { user, t } = renderOptions(fb, lang);
    const warn = (await screen.findByRole('combobox', { name: t('options.slaWarnAt') })) as HTMLSelectElement;
    expect(warn.value).toBe('0.75');
    expect(warn.getAttribute('aria-describedby') && document.getElementById(warn.getAttribute('aria-describedby')!)?.textContent).toBe(t('options.slaWarnAt.hint'));
    await user.selectOptions(warn, t('options.slaWarnAt.choice', { percent: 90 }));
    await waitFor(() => expect(fb.requestsOf('saveSettings').at(-1)).toEqual({ slaWarnAt: 0.9 }));
    await waitFor(() => expect((screen.getByRole('combobox', { name: t('options.slaWarnAt') }) as HTMLSelectElement).value).toBe('0.9'));
    await user.click(screen.getByRole('checkbox', { name: t('options.notifications') }));
    await waitFor(() => expect(screen.getByRole('combobox', { name: t('options.slaWarnAt') })).toHaveProperty('disabled', true));
  });

  it('an error that needs a person is shown as such, with the outbox kept', async () => {
    const fb = new FakeBackground();
    fb.syncStatus = { ...fb.syncStatus, state: 'error', needsAttention: true, pending: 3, lastError: { code: 'payload_too_large', message: 'Too large' } };
    const { t } = renderOptions(fb, lang);
    const status = await screen.findByText(t('sync.attention', { message: 'Too large' }));
    expect(status.className).toContain('aun-danger');
    expect(screen.queryByText(t('sync.error', { message: 'Too large' }))).toBeNull();
  });

  it('a switch that would lose unsent changes is explained; export or discard on purpose', async () => {
    const fb = new FakeBackground();
    fb.unsentOnSwitch = 2;
    const request = vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(true);
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:aun-export'), revokeObjectURL: vi.fn() });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { user, t } = renderOptions(fb, lang);

    await user.type(await screen.findByLabelText(t('options.token')), 'aun_tok_other_workspace');
    await user.click(screen.getByRole('button', { name: t('options.save') }));
    const panel = (await screen.findByRole('heading', { name: t('options.switch.title') })).closest('section')!;
    expect(within(panel).getByText(t('options.switch.body', { n: 2 }))).toBeTruthy();
    expect(screen.queryByText(t('options.saved'))).toBeNull();
    expect(fb.requestsOf('saveSettings')).toEqual([{ serverUrl: 'https://aun.example.co.jp', token: 'aun_tok_other_workspace' }]);

    await user.click(within(panel).getByRole('button', { name: t('options.export') }));
    expect(await within(panel).findByText(t('options.exported', { file: 'aun-export-2026-03-02T01-00-00.000Z.json' }))).toBeTruthy();

    // Discarding needs a confirmation; cancel sends nothing.
    await user.click(screen.getByRole('button', { name: t('options.switch.discard', { n: 2 }) }));
    const dialog = await screen.findByRole('dialog', { name: t('options.switch.confirmTitle') });
    expect(dialog.textContent).toContain(t('options.switch.confirmBody', { n: 2 }));
    await user.click(within(dialog).getByRole('button', { name: t('common.cancel') }));
    expect(fb.requestsOf('saveSettings')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: t('options.switch.discard', { n: 2 }) }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: t('options.switch.confirm') }));
    await waitFor(() =>
      expect(fb.requestsOf('saveSettings').at(-1)).toEqual({ serverUrl: 'https://aun.example.co.jp', token: 'aun_tok_other_workspace', discardPending: true }),
    );
    expect(await screen.findByText(t('options.saved'))).toBeTruthy();
    expect(screen.queryByRole('heading', { name: t('options.switch.title') })).toBeNull();
    expect(request).toHaveBeenCalledTimes(2);
  });

  it('lists every change the server refused, lead or not, with what it was, the code, the message and when; Dismiss removes one', async () => {
    const fb = new FakeBackground();
    const at = '2026-03-02T01:30:00.000Z';
    fb.rejected = [
      { localId: 3, name: 'definition.publish', leadId: null, decision: null, error: { code: 'forbidden', message: 'Only admins can publish.' }, at },
      { localId: 4, name: 'user.setAway', leadId: null, decision: null, error: { code: 'validation_failed', message: 'Away is not allowed for this role.' }, at },
      { localId: 5, name: 'handoff.decide', leadId: 'ld_1', decision: 'reject', error: { code: 'already_decided', message: 'The handoff was already decided.' }, at },
    ];
    const { user, t } = renderOptions(fb, lang);
    const list = await screen.findByRole('list', { name: t('options.sync.rejected') });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    const publish = within(list).getByRole('listitem', { name: t('rejected.definition.publish') });
    expect(publish.textContent).toContain('Only admins can publish.');
    expect(within(publish).getByText('forbidden')).toBeTruthy();
    expect(publish.textContent).toContain(t('options.sync.rejectedAt', { when: formatDateTime(at, lang) }));
    expect(within(list).getByRole('listitem', { name: t('rejected.user.setAway') }).textContent).toContain('Away is not allowed for this role.');
    const decide = within(list).getByRole('listitem', { name: t('rejected.handoff.decide', { kind: lang === 'ja' ? '差し戻し' : 'Reject' }) });
    expect(within(decide).getByText('already_decided')).toBeTruthy();
    // Only the lead one offers to open its lead.
    expect(within(decide).getByRole('button', { name: t('options.sync.openLead') })).toBeTruthy();
    expect(within(publish).queryByRole('button', { name: t('options.sync.openLead') })).toBeNull();

    await user.click(within(publish).getByRole('button', { name: t('options.sync.dismissFor', { what: t('rejected.definition.publish') }) }));
    await waitFor(() => expect(fb.requestsOf('dismissRejected')).toEqual([{ localId: 3 }]));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    expect(within(list).queryByRole('listitem', { name: t('rejected.definition.publish') })).toBeNull();
  });

  it('shows no refused list when the server refused nothing', async () => {
    const fb = new FakeBackground();
    const { t } = renderOptions(fb, lang);
    expect(await screen.findByRole('heading', { name: t('options.sync.title') })).toBeTruthy();
    expect(screen.queryByRole('list', { name: t('options.sync.rejected') })).toBeNull();
  });

  it('first run, with no server: a welcome explains local-only mode and the steps to connect', async () => {
    const fb = new FakeBackground();
    fb.settings = { ...fb.settings, serverUrl: null, hasToken: false, me: null, workspaceName: null };
    const { t } = renderOptions(fb, lang);
    const welcome = (await screen.findByRole('heading', { level: 2, name: t('options.welcome.title') })).closest('section')!;
    expect(within(welcome).getByRole('heading', { name: t('options.localOnly.title') })).toBeTruthy();
    expect(welcome.textContent).toContain(t('options.localOnly.body'));
    expect(within(welcome).getAllByRole('listitem').map((li) => li.textContent)).toEqual([t('options.welcome.step1'), t('options.welcome.step2'), t('options.welcome.step3')]);
    // Its button leads to the server form, which is on the same page.
    expect(within(welcome).getByRole('link', { name: t('options.welcome.go') }).getAttribute('href')).toBe('#server');
    expect(document.getElementById('server')?.contains(screen.getByLabelText(t('options.serverUrl')))).toBe(true);
  });

  it('with a server set, no welcome', async () => {
    const fb = new FakeBackground();
    const { t } = renderOptions(fb, lang);
    expect(await screen.findByRole('heading', { name: t('options.connection.title') })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: t('options.welcome.title') })).toBeNull();
  });
});
