/**
 * Custom hosts: a CRM on its own domain (or a site Aun has no adapter for) that the user adds in the
 * options page. Each entry is a match pattern, the adapter to use (a site's, or the generic one with
 * an optional CSS selector), stored in `browser.storage.local` and validated with zod.
 *
 * Adding one asks for the host permission at run time (`optional_host_permissions` covers http(s)) and
 * registers the same built content script for the pattern; removing one unregisters it and gives the
 * permission back. Required host permissions stay the known sites only.
 *
 * For extension pages and the background (zod is fine there). The content script reads the list
 * through the zod-free lib/adapters/custom-host.ts.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { adapterForHost } from './adapters';
import { CUSTOM_HOSTS_KEY, normalisePattern, patternProblem, type CustomHostConfig, type PatternProblem } from './adapters/custom-host';
import { isValidSelector } from './adapters/generic';
import { SITES, type Site } from './adapters/sites';

/** The built content script (entrypoints/crm.content.ts → content-scripts/crm.js). */
export const CONTENT_SCRIPT_FILE = 'content-scripts/crm.js';
const SCRIPT_PREFIX = 'aun-custom-';
export const scriptIdOf = (host: Pick<CustomHostConfig, 'id'>): string => `${SCRIPT_PREFIX}${host.id}`;

export const CustomHost = z.strictObject({
  id: z.string().regex(/^\d{1,9}$/),
  pattern: z
    .string()
    .max(500)
    .refine((p) => patternProblem(p) === null, 'not a usable host pattern'),
  adapter: z.enum(SITES),
  selector: z.string().trim().min(1).max(500).optional(),
});
export type CustomHost = z.infer<typeof CustomHost>;

export type CustomHostProblem = PatternProblem | 'known-site' | 'duplicate' | 'bad-selector' | 'permission-denied';

export class CustomHostError extends Error {
  constructor(readonly code: CustomHostProblem) {
    super(`Custom host rejected: ${code}`);
    this.name = 'CustomHostError';
  }
}

export interface NewCustomHost {
  /** What the user typed: `crm.example.co.jp`, `https://*.my-crm.example/*`, … */
  pattern: string;
  adapter: Site;
  /** Generic adapter only. */
  selector?: string;
}

/** The stored entries; malformed ones are dropped rather than breaking the list. */
export async function loadCustomHosts(): Promise<CustomHost[]> {
  const stored = (await browser.storage.local.get(CUSTOM_HOSTS_KEY))[CUSTOM_HOSTS_KEY];
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((raw) => {
    const parsed = CustomHost.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

async function saveCustomHosts(hosts: readonly CustomHost[]): Promise<void> {
  await browser.storage.local.set({ [CUSTOM_HOSTS_KEY]: hosts });
}

/** Check an entry before asking for anything: the normalised pattern, or the problem. */
export function validateNewCustomHost(input: NewCustomHost): { pattern: string; selector?: string } {
  const pattern = normalisePattern(input.pattern);
  const problem = patternProblem(pattern);
  if (problem) throw new CustomHostError(problem);
  // A known site already has the content script; a second copy would only fight the first.
  const host = /^https?:\/\/(?:\*\.)?([^/:]+)/.exec(pattern)?.[1] ?? '';
  if (adapterForHost(host)) throw new CustomHostError('known-site');
  const selector = input.adapter === 'generic' ? input.selector?.trim() || undefined : undefined;
  if (selector && !isValidSelector(selector)) throw new CustomHostError('bad-selector');
  return selector ? { pattern, selector } : { pattern };
}

/**
 * Add a host. Call it straight from the click handler: the permission request must run within the
 * user's gesture, so it comes before any other await.
 */
export async function addCustomHost(input: NewCustomHost): Promise<CustomHost> {
  const { pattern, selector } = validateNewCustomHost(input);
  const granted = await browser.permissions.request({ origins: [pattern] });
  if (!granted) throw new CustomHostError('permission-denied');
  const hosts = await loadCustomHosts();
  if (hosts.some((h) => h.pattern === pattern)) throw new CustomHostError('duplicate');
  const id = String(Math.max(0, ...hosts.map((h) => Number(h.id))) + 1);
  const host = CustomHost.parse({ id, pattern, adapter: input.adapter, ...(selector ? { selector } : {}) });
  await saveCustomHosts([...hosts, host]);
  await register([host]);
  return host;
}

/** Remove a host: unregister its script, give its permission back, forget it. */
export async function removeCustomHost(id: string): Promise<void> {
  const hosts = await loadCustomHosts();
  const host = hosts.find((h) => h.id === id);
  if (!host) return;
  await saveCustomHosts(hosts.filter((h) => h.id !== id));
  await unregister([scriptIdOf(host)]);
  await browser.permissions.remove({ origins: [host.pattern] }).catch(() => false);
}

/**
 * Make the registered scripts match the stored list and the permissions the user still grants
 * (they can revoke one in the browser's settings). For the background to call on startup and
 * when permissions change.
 */
export async function syncRegisteredCustomHosts(): Promise<void> {
  const hosts = await loadCustomHosts();
  const registered = (await browser.scripting.getRegisteredContentScripts()).map((s) => s.id).filter((id) => id.startsWith(SCRIPT_PREFIX));
  const wanted: CustomHost[] = [];
  for (const host of hosts) {
    if (await browser.permissions.contains({ origins: [host.pattern] })) wanted.push(host);
  }
  const wantedIds = new Set(wanted.map(scriptIdOf));
  await unregister(registered.filter((id) => !wantedIds.has(id)));
  await register(wanted.filter((h) => !registered.includes(scriptIdOf(h))));
}

async function register(hosts: readonly CustomHost[]): Promise<void> {
  if (hosts.length === 0) return;
  await browser.scripting.registerContentScripts(
    hosts.map((h) => ({ id: scriptIdOf(h), matches: [h.pattern], js: [CONTENT_SCRIPT_FILE], runAt: 'document_idle' as const })),
  );
}

async function unregister(ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  // Already gone (e.g. the browser dropped it on update) is fine.
  await browser.scripting.unregisterContentScripts({ ids: [...ids] }).catch(() => undefined);
}
