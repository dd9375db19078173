import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { CUSTOM_HOSTS_KEY } from '../../lib/adapters/custom-host';
import { addCustomHost, CustomHostError, loadCustomHosts, removeCustomHost, syncRegisteredCustomHosts } from '../../lib/custom-hosts';

// The fake browser implements storage but not permissions or scripting: spy on those.
function stubBrowser({ granted = true, registered = [] as string[] } = {}) {
  return {
    request: vi.spyOn(fakeBrowser.permissions, 'request').mockResolvedValue(granted),
    contains: vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(true),
    remove: vi.spyOn(fakeBrowser.permissions, 'remove').mockResolvedValue(true),
    register: vi.spyOn(fakeBrowser.scripting, 'registerContentScripts').mockResolvedValue(undefined),
    unregister: vi.spyOn(fakeBrowser.scripting, 'unregisterContentScripts').mockResolvedValue(undefined),
    getRegistered: vi
      .spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts')
      .mockResolvedValue(registered.map((id) => ({ id, matches: [], js: [] })) as never),
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.restoreAllMocks();
});

describe('custom hosts', () => {
  it('asks for the host, then registers the content script for it with the generic adapter', async () => {
    const b = stubBrowser();
    const host = await addCustomHost({ pattern: 'crm.example.co.jp', adapter: 'generic', selector: ' .contact-email ' });

    expect(host).toEqual({ id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'generic', selector: '.contact-email' });
    expect(b.request).toHaveBeenCalledWith({ origins: ['https://crm.example.co.jp/*'] });
    expect(b.register).toHaveBeenCalledWith([
      { id: 'aun-custom-1', matches: ['https://crm.example.co.jp/*'], js: ['content-scripts/crm.js'], runAt: 'document_idle' },
    ]);
    expect(await loadCustomHosts()).toEqual([host]);

    const second = await addCustomHost({ pattern: 'https://*.my-crm.example/*', adapter: 'hubspot', selector: 'ignored' });
    expect(second).toEqual({ id: '2', pattern: 'https://*.my-crm.example/*', adapter: 'hubspot' });
  });

  it('stores and registers nothing when the user declines the permission', async () => {
    const b = stubBrowser({ granted: false });
    await expect(addCustomHost({ pattern: 'https://crm.example.co.jp/*', adapter: 'generic' })).rejects.toMatchObject({ code: 'permission-denied' });
    expect(b.register).not.toHaveBeenCalled();
    expect(await loadCustomHosts()).toEqual([]);
  });

  it.each([
    ['<all_urls>', 'too-broad'],
    ['*://*/*', 'too-broad'],
    ['https://*/*', 'too-broad'],
    ['file:///C:/crm/*', 'not-http'],
    ['https://acme.lightning.force.com/*', 'known-site'],
    ['https://mail.google.com/*', 'known-site'],
  ])('refuses %s (%s) without asking for anything', async (pattern, code) => {
    const b = stubBrowser();
    await expect(addCustomHost({ pattern, adapter: 'generic' })).rejects.toBeInstanceOf(CustomHostError);
    await expect(addCustomHost({ pattern, adapter: 'generic' })).rejects.toMatchObject({ code });
    expect(b.request).not.toHaveBeenCalled();
  });

  it('refuses an invalid selector and a duplicate host', async () => {
    stubBrowser();
    await expect(addCustomHost({ pattern: 'crm.example.co.jp', adapter: 'generic', selector: 'dd[' })).rejects.toMatchObject({ code: 'bad-selector' });
    await addCustomHost({ pattern: 'crm.example.co.jp', adapter: 'generic' });
    await expect(addCustomHost({ pattern: 'https://crm.example.co.jp/*', adapter: 'zoho' })).rejects.toMatchObject({ code: 'duplicate' });
  });

  it('removal unregisters the script and gives the permission back', async () => {
    const b = stubBrowser();
    const host = await addCustomHost({ pattern: 'crm.example.co.jp', adapter: 'generic' });
    await removeCustomHost(host.id);
    expect(b.unregister).toHaveBeenCalledWith({ ids: ['aun-custom-1'] });
    expect(b.remove).toHaveBeenCalledWith({ origins: ['https://crm.example.co.jp/*'] });
    expect(await loadCustomHosts()).toEqual([]);
  });

  it('drops malformed stored entries', async () => {
    await fakeBrowser.storage.local.set({
      [CUSTOM_HOSTS_KEY]: [
        { id: '1', pattern: 'https://crm.example.co.jp/*', adapter: 'generic' },
        { id: '2', pattern: '<all_urls>', adapter: 'generic' },
        { id: '3', pattern: 'https://x.example/*', adapter: 'nope' },
      ],
    });
    expect((await loadCustomHosts()).map((h) => h.id)).toEqual(['1']);
  });

  it('sync registers permitted hosts that are missing and unregisters the rest', async () => {
    await fakeBrowser.storage.local.set({
      [CUSTOM_HOSTS_KEY]: [
        { id: '1', pattern: 'https://a.example/*', adapter: 'generic' },
        { id: '2', pattern: 'https://b.example/*', adapter: 'generic' },
        { id: '3', pattern: 'https://revoked.example/*', adapter: 'generic' },
      ],
    });
    const b = stubBrowser({ registered: ['aun-custom-2', 'aun-custom-3', 'aun-custom-9'] });
    b.contains.mockImplementation(async ({ origins }) => !origins?.includes('https://revoked.example/*'));

    await syncRegisteredCustomHosts();

    expect(b.unregister).toHaveBeenCalledWith({ ids: ['aun-custom-3', 'aun-custom-9'] });
    expect(b.register).toHaveBeenCalledWith([{ id: 'aun-custom-1', matches: ['https://a.example/*'], js: ['content-scripts/crm.js'], runAt: 'document_idle' }]);
  });
});
