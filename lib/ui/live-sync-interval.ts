/** How often an open sidebar on screen asks for a sync (lib/ui/live-sync.ts); apart so Node tools can read it. */
export const LIVE_SYNC_MS = 5_000;
