import type { Profile } from '../../e2e/support/chromium';
import { startReferenceServer, type ReferenceServer } from './reference-server';

/**
 * What suites share in one run. The reference workspace is seeded once (on PGlite, the default
 * storage) and one Chromium profile synced to it as the sales rep is reused by the badge, drawer
 * and review suites: syncing 1.1 M rows again for each would dominate the run.
 */
export interface BenchContext {
  scale: number;
  /** Repeats per latency figure (BENCH_RUNS, default 30). */
  runs: number;
  referenceServer(): Promise<ReferenceServer>;
  /**
   * A profile with the extension synced to the reference server as the sales rep. The
   * initial-sync suite hands over the profile it measured (`adoptSyncedProfile`); otherwise one
   * is made on first use (bench/support/synced-profile.ts).
   */
  syncedProfile(): Promise<Profile>;
  adoptSyncedProfile(profile: Profile): void;
  /** Closed at the end of the run, newest first. */
  onClose(close: () => Promise<void>): void;
  log(message: string): void;
}

export function createContext(options: { scale: number; runs: number; log: (message: string) => void }): BenchContext & { close(): Promise<void> } {
  const closers: Array<() => Promise<void>> = [];
  let server: Promise<ReferenceServer> | undefined;
  let profile: Promise<Profile> | undefined;
  const context = {
    scale: options.scale,
    runs: options.runs,
    log: options.log,
    onClose: (close: () => Promise<void>) => void closers.push(close),
    referenceServer: () => {
      server ??= (async () => {
        options.log(`seeding the reference workspace at scale ${options.scale}…`);
        const s = await startReferenceServer({ scale: options.scale });
        options.log(`seeded ${s.counts.leads} leads, ${s.counts.touches} touches, ${s.counts.handoffs} handoffs in ${s.seedSeconds.toFixed(0)} s`);
        closers.push(() => s.close());
        return s;
      })();
      return server;
    },
    syncedProfile: () => {
      profile ??= (async () => {
        const { syncProfileToReference } = await import('./synced-profile');
        const p = await syncProfileToReference(context);
        closers.push(() => p.close());
        return p.profile;
      })();
      return profile;
    },
    adoptSyncedProfile: (p: Profile) => {
      if (profile) throw new Error('a synced profile is already in use');
      profile = Promise.resolve(p);
      closers.push(() => p.close());
    },
    async close() {
      for (const close of closers.reverse()) await close().catch((error: unknown) => options.log(`cleanup failed: ${String(error)}`));
    },
  };
  return context;
}
