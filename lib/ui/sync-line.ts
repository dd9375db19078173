import type { Translator } from '../i18n';
import type { SyncStatus } from '../messages';
import { formatRelative } from './format';

export interface SyncLine {
  text: string;
  tone: '' | 'aun-warn' | 'aun-danger';
  /** Only the settings can fix it (local-only, a rejected token, an error that needs a person). */
  needsSettings: boolean;
}

/** The one-line sync state the popup, the sidebar footer and the options page show. */
export function describeSync(s: SyncStatus, t: Translator, now: number): SyncLine {
  if (s.mode === 'local-only') return { text: t('sync.localOnly'), tone: '', needsSettings: true };
  switch (s.state) {
    case 'token-rejected':
      return { text: t('sync.tokenRejected'), tone: 'aun-danger', needsSettings: true };
    case 'offline':
      return { text: t('sync.offline'), tone: 'aun-warn', needsSettings: false };
    case 'syncing':
      return { text: t('sync.syncing'), tone: '', needsSettings: false };
    case 'error': {
      const message = s.lastError?.message ?? '';
      return { text: s.needsAttention ? t('sync.attention', { message }) : t('sync.error', { message }), tone: 'aun-danger', needsSettings: true };
    }
    case 'idle':
      return { text: s.lastSyncedAt ? t('sync.lastSynced', { when: formatRelative(s.lastSyncedAt, now, t.locale) }) : t('sync.never'), tone: '', needsSettings: false };
  }
}
