/** Messages the background sends to content scripts (tabs.sendMessage) and extension pages (runtime.sendMessage), by type. */

/** Synced data changed: ask for the badge again (content scripts), re-read what is shown (extension pages). */
export const DATA_CHANGED = 'aun:data-changed';
/** What person is on this page? (for the side panel). The reply is the PageContext or null. */
export const GET_CONTEXT = 'aun:get-context';
