import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CUSTOM_HOSTS_KEY } from '../../lib/adapters/custom-host';
import { CustomHostsSection } from './CustomHostsSection';

// The fake browser has storage but no permissions or scripting: spy on those.
function stubBrowser(granted = true) {
  return {
    request: vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(granted),
    remove: vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true),
    register: vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockResolvedValue(undefined),
    unregister: vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockResolvedValue(undefined),
  };
}

beforeEach(() => fakeBrowser.reset());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('CustomHostsSection', () => {
  it('adds a host with the generic adapter and a selector, then removes it', async () => {
    const b = stubBrowser();
    const user = userEvent.setup();
    render(<CustomHostsSection lang="en" />);
    expect(await screen.findByText('No custom hosts yet.')).toBeTruthy();

    await user.type(screen.getByLabelText('Host'), 'crm.example.co.jp');
    expect((screen.getByLabelText('Read the page as') as HTMLSelectElement).value).toBe('generic');
    await user.type(screen.getByLabelText('CSS selector of the email (optional)'), '.contact-email');
    await user.click(screen.getByRole('button', { name: 'Add host' }));

    expect(await screen.findByText('https://crm.example.co.jp/*')).toBeTruthy();
    expect(screen.getByText('.contact-email')).toBeTruthy();
    expect(b.request).toHaveBeenCalledWith({ origins: ['https://crm.example.co.jp/*'] });
    expect(b.register).toHaveBeenCalledWith([
      { id: 'aun-custom-1', matches: ['https://crm.example.co.jp/*'], js: ['content-scripts/crm.js'], runAt: 'document_idle' },
    ]);
    expect((screen.getByLabelText('Host') as HTMLInputElement).value).toBe('');

    await user.click(screen.getByRole('button', { name: 'Remove https://crm.example.co.jp/*' }));
    expect(await screen.findByText('No custom hosts yet.')).toBeTruthy();
    expect(b.unregister).toHaveBeenCalledWith({ ids: ['aun-custom-1'] });
    expect((await fakeBrowser.storage.local.get(CUSTOM_HOSTS_KEY))[CUSTOM_HOSTS_KEY]).toEqual([]);
  });

  it('hides the selector for a site adapter', async () => {
    stubBrowser();
    const user = userEvent.setup();
    render(<CustomHostsSection lang="en" />);
    await user.selectOptions(screen.getByLabelText('Read the page as'), 'salesforce');
    expect(screen.queryByLabelText('CSS selector of the email (optional)')).toBeNull();
  });

  it('explains a refused pattern without asking the browser for anything', async () => {
    const b = stubBrowser();
    const user = userEvent.setup();
    render(<CustomHostsSection lang="en" />);
    await user.type(screen.getByLabelText('Host'), 'https://*/*');
    await user.click(screen.getByRole('button', { name: 'Add host' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/covers every site/);
    expect(b.request).not.toHaveBeenCalled();
  });

  it('says so when the user declines the permission', async () => {
    stubBrowser(false);
    const user = userEvent.setup();
    render(<CustomHostsSection lang="ja" />);
    await user.type(screen.getByLabelText('ホスト'), 'crm.example.co.jp');
    await user.click(screen.getByRole('button', { name: 'ホストを追加' }));
    expect((await screen.findByRole('alert')).textContent).toBe('ブラウザーがそのホストへのアクセスを許可しませんでした。');
  });

  it('lists the stored hosts', async () => {
    await fakeBrowser.storage.local.set({
      [CUSTOM_HOSTS_KEY]: [{ id: '3', pattern: 'https://*.my-crm.example/*', adapter: 'hubspot' }],
    });
    render(<CustomHostsSection lang="en" />);
    expect(await screen.findByText('https://*.my-crm.example/*')).toBeTruthy();
    expect(screen.getByRole('listitem').textContent).toContain('HubSpot');
  });
});
