import { browser } from 'wxt/browser';
import { call } from '../../lib/messages';

/** The joint review dashboard's address inside the extension. */
export function reviewUrl(): string {
  try {
    return browser.runtime.getURL('/review.html');
  } catch {
    return 'review.html';
  }
}

/** Open the review dashboard in a new tab (a popup cannot navigate itself to it). */
export function openReview(): void {
  try {
    void Promise.resolve(browser.tabs.create({ url: reviewUrl() })).catch(() => undefined);
  } catch {
    // Not available (tests, unusual hosts).
  }
}

/** Open a lead: the background opens its CRM record, or the sidebar page in a tab when it has none. */
export async function openLead(leadId: string): Promise<boolean> {
  const { opened } = await call('openLead', { leadId });
  return opened;
}
