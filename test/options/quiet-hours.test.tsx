import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browserTimeZone } from '../../lib/ui/time-zones';
import { FakeBackground } from '../sidebar/fake-background';
import { LANGS, renderOptions } from '../sidebar/render';

vi.mock('../../lib/messages', async (importOriginal) => ({ ...(await importOriginal<typeof import('../../lib/messages')>()), call: vi.fn() }));

beforeEach(() => {
  fakeBrowser.reset();
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe.each(LANGS)('quiet hours in the options (%s)', (lang) => {
  it('turns quiet hours on, edits the window, weekends and time zone, and saves them with saveSettings({quietHours})', async () => {
    const fb = new FakeBackground();
    const { user, t } = renderOptions(fb, lang);

    const enabled = await screen.findByRole('checkbox', { name: t('options.quiet.enabled') });
    const zone = screen.getByRole('combobox', { name: t('options.quiet.timezone') }) as HTMLSelectElement;
    // Until quiet hours are on, the time zone is the browser's.
    expect(zone.value).toBe(browserTimeZone());
    expect(screen.getByText(t('options.quiet.browserZone', { zone: browserTimeZone() }))).toBeTruthy();
    expect((screen.getByLabelText(t('options.quiet.start')) as HTMLInputElement).disabled).toBe(true);

    await user.click(enabled);
    fireEvent.change(screen.getByLabelText(t('options.quiet.start')), { target: { value: '21:30' } });
    fireEvent.change(screen.getByLabelText(t('options.quiet.end')), { target: { value: '07:00' } });
    await user.click(screen.getByRole('checkbox', { name: t('options.quiet.weekends') }));
    await user.selectOptions(zone, 'America/New_York');
    await user.click(screen.getByRole('button', { name: t('options.quiet.save') }));

    await waitFor(() =>
      expect(fb.requestsOf('saveSettings')).toEqual([{ quietHours: { enabled: true, start: '21:30', end: '07:00', weekends: false, timezone: 'America/New_York' } }]),
    );
    expect(await screen.findByText(t('options.quiet.saved'))).toBeTruthy();
    expect(fb.settings.quietHours).toEqual({ enabled: true, start: '21:30', end: '07:00', weekends: false, timezone: 'America/New_York' });
  });

  it('shows saved quiet hours, and refuses a window that starts when it ends', async () => {
    const fb = new FakeBackground();
    fb.settings.quietHours = { enabled: true, start: '19:00', end: '09:00', weekends: true, timezone: 'Asia/Tokyo' };
    const { user, t } = renderOptions(fb, lang);

    const start = (await screen.findByLabelText(t('options.quiet.start'))) as HTMLInputElement;
    expect(start.value).toBe('19:00');
    expect((screen.getByLabelText(t('options.quiet.end')) as HTMLInputElement).value).toBe('09:00');
    expect((screen.getByRole('combobox', { name: t('options.quiet.timezone') }) as HTMLSelectElement).value).toBe('Asia/Tokyo');
    expect((screen.getByRole('checkbox', { name: t('options.quiet.weekends') }) as HTMLInputElement).checked).toBe(true);

    fireEvent.change(start, { target: { value: '09:00' } });
    await user.click(screen.getByRole('button', { name: t('options.quiet.save') }));
    expect(await screen.findByText(t('options.quiet.invalid'))).toBeTruthy();
    expect(fb.requestsOf('saveSettings')).toHaveLength(0);
  });

  it('links to the joint review', async () => {
    const fb = new FakeBackground();
    const { t } = renderOptions(fb, lang);
    const link = (await screen.findByRole('link', { name: t('options.review') })) as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/review.html');
  });
});
