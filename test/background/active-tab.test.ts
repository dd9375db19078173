import Dexie from 'dexie';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AunDatabase } from '../../lib/db/database';
import { createHandlers } from '../../lib/background/handlers';
import { SyncEngine } from '../../lib/sync/engine';
import { GET_CONTEXT } from '../../lib/content/messages-from-background';
import { freshDbName } from '../support/factories';

let db: AunDatabase;
beforeEach(() => {
  fakeBrowser.reset();
  db = new AunDatabase(freshDbName());
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const handlers = () => createHandlers({ db, engine: new SyncEngine({ db, connection: async () => null, userId: async () => 'local' }) });
const page = { site: 'hubspot', kind: 'crm-record', emails: ['taro@acme.co.jp'] };

describe('the side panel asks who is on the active tab', () => {
  it("returns the active tab's page context, asked of its content script", async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7, active: true } as never]);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(page as never);
    expect(await handlers().getActiveTabContext({})).toEqual(page);
    expect(send).toHaveBeenCalledWith(7, { type: GET_CONTEXT });
  });

  it('returns null for a tab without our content script, without a person, or with a forged answer', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7, active: true } as never]);
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage');
    send.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    expect(await handlers().getActiveTabContext({})).toBeNull();
    send.mockResolvedValueOnce(null as never);
    expect(await handlers().getActiveTabContext({})).toBeNull();
    send.mockResolvedValueOnce({ site: 'evil', emails: 'x' } as never);
    expect(await handlers().getActiveTabContext({})).toBeNull();
  });
});
