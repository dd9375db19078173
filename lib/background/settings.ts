import { browser } from 'wxt/browser';
import type { User } from '../domain';
import { DEFAULT_NOTIFICATION_PREFS, type QuietHours } from '../queue/notifications';
import type { Settings } from '../messages';

const KEY = 'aun:settings';

export interface StoredSettings {
  serverUrl: string | null;
  token: string | null;
  language: 'auto' | 'ja' | 'en';
  notifications: boolean;
  quietHours: QuietHours;
  /** Share of the SLA time after which "about to breach" is notified. */
  slaWarnAt: number;
  me: User | null;
  workspaceName: string | null;
  currency: string;
}

const DEFAULTS: StoredSettings = {
  serverUrl: null,
  token: null,
  language: 'auto',
  notifications: true,
  quietHours: DEFAULT_NOTIFICATION_PREFS.quiet,
  slaWarnAt: DEFAULT_NOTIFICATION_PREFS.warnAt,
  me: null,
  workspaceName: null,
  currency: 'JPY',
};

/** In local-only mode the person using the extension acts as a local admin: everything works. */
export const LOCAL_USER: User = {
  id: 'local',
  email: 'local@aun.invalid',
  name: 'Local user',
  role: 'admin',
  queueIds: [],
  away: false,
  territories: [],
  createdAt: '2026-01-01T00:00:00.000Z',
};

export async function loadSettings(): Promise<StoredSettings> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<StoredSettings> | undefined;
  return { ...DEFAULTS, ...stored };
}

export async function saveSettings(patch: Partial<StoredSettings>): Promise<StoredSettings> {
  const next = { ...(await loadSettings()), ...patch };
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

export async function clearSettings(): Promise<void> {
  await browser.storage.local.remove(KEY);
}

/** The settings as the UI may see them: never the token itself. */
export function publicSettings(s: StoredSettings): Settings {
  return {
    serverUrl: s.serverUrl,
    hasToken: !!s.token,
    language: s.language,
    notifications: s.notifications,
    quietHours: s.quietHours,
    slaWarnAt: s.slaWarnAt,
    me: s.serverUrl ? s.me : LOCAL_USER,
    workspaceName: s.workspaceName,
    currency: s.currency,
  };
}

export function currentUser(s: StoredSettings): User {
  return s.serverUrl && s.me ? s.me : LOCAL_USER;
}
