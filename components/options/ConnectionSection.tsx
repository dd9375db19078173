import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { ROLE_LABELS } from '../../lib/domain/labels';
import { call, ProtocolError, type ConnectionInfo, type Settings } from '../../lib/messages';
import { localized, useT, type Translator } from '../../lib/i18n';
import { queryKeys } from '../../lib/ui/queries';
import { SwitchBlocked } from './SwitchBlocked';
import { SERVER_SECTION } from './WelcomeSection';

/** The URL the background accepts: https, or http on loopback only. Null when it is not one. */
export function checkServerUrl(raw: string): URL | null {
  try {
    const url = new URL(raw.trim());
    if (url.protocol === 'https:') return url;
    if (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) return url;
    return null;
  } catch {
    return null;
  }
}

/**
 * The host permission to ask for. Match patterns take no port (a pattern without one matches every
 * port in Chrome and Firefox), so `http://localhost:8787` asks for `http://localhost/*`.
 */
export function originPattern(url: URL): string {
  return `${url.protocol}//${url.hostname}/*`;
}

function connectionError(t: Translator, error: unknown): string {
  if (error instanceof ProtocolError) {
    if (error.code === 'offline') return t('options.error.offline');
    if (error.code === 'unauthorized' || error.code === 'forbidden') return t('options.error.unauthorized');
    if (error.code === 'validation_failed') return t('options.urlInvalid');
    return t('options.error.other', { message: error.message });
  }
  return t('options.error.other', { message: error instanceof Error ? error.message : String(error) });
}

/** The number of unsent changes when the background refused a switch for them, else null. */
function unsentOf(error: unknown): number | null {
  if (!(error instanceof ProtocolError) || error.code !== 'unsynced_changes') return null;
  const pending = (error.details as { pending?: unknown } | undefined)?.pending;
  return typeof pending === 'number' ? pending : 0;
}

export function ConnectionSection({ settings }: { settings: Settings }) {
  const t = useT();
  const client = useQueryClient();
  const id = useId();
  const [serverUrl, setServerUrl] = useState(settings.serverUrl ?? '');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState<null | 'test' | 'save' | 'disconnect'>(null);
  const [tested, setTested] = useState<ConnectionInfo | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  /** Unsent changes the last save would have lost (another workspace, user or server). */
  const [blocked, setBlocked] = useState<number | null>(null);

  const test = async () => {
    setMessage(null);
    setTested(null);
    const url = checkServerUrl(serverUrl);
    if (!url) return setMessage({ tone: 'error', text: t('options.urlInvalid') });
    if (token.trim().length < 10) return setMessage({ tone: 'error', text: t('options.tokenNeeded') });
    setBusy('test');
    try {
      setTested(await call('testConnection', { serverUrl: url.toString().replace(/\/$/, ''), token: token.trim() }));
    } catch (error) {
      setMessage({ tone: 'error', text: connectionError(t, error) });
    } finally {
      setBusy(null);
    }
  };

  const save = async (discardPending = false) => {
    setMessage(null);
    setBlocked(null);
    const url = checkServerUrl(serverUrl);
    if (!url) return setMessage({ tone: 'error', text: t('options.urlInvalid') });
    setBusy('save');
    try {
      // Asked first, straight from the click: browsers only show the prompt during a user gesture.
      const granted = await browser.permissions.request({ origins: [originPattern(url)] });
      if (!granted) return setMessage({ tone: 'error', text: t('options.permissionDenied') });
      const next = await call('saveSettings', {
        serverUrl: url.toString().replace(/\/$/, ''),
        ...(token.trim() ? { token: token.trim() } : {}),
        ...(discardPending ? { discardPending: true as const } : {}),
      });
      client.setQueryData(queryKeys.settings, next);
      setToken('');
      setMessage({ tone: 'ok', text: t('options.saved') });
      // Another workspace empties the replica: everything shown may have changed.
      await client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.settings[0] });
    } catch (error) {
      const pending = unsentOf(error);
      if (pending !== null) setBlocked(pending);
      else setMessage({ tone: 'error', text: connectionError(t, error) });
    } finally {
      setBusy(null);
    }
  };

  const disconnect = async () => {
    setBusy('disconnect');
    setMessage(null);
    try {
      const next = await call('saveSettings', { serverUrl: null, token: null });
      client.setQueryData(queryKeys.settings, next);
      setServerUrl('');
      setToken('');
      setTested(null);
      await client.invalidateQueries({ queryKey: queryKeys.syncStatus });
    } catch (error) {
      setMessage({ tone: 'error', text: connectionError(t, error) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="aun-card" id={SERVER_SECTION} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('options.connection.title')}</h2>
      {settings.serverUrl && settings.me ? (
        <p className="aun-ok">
          {t('options.signedInAs', { name: settings.me.name, role: localized(ROLE_LABELS[settings.me.role], t.locale), workspace: settings.workspaceName ?? '' })}
        </p>
      ) : null}
      <form
        className="aun-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="aun-field" htmlFor={`${id}-url`}>
          <span>{t('options.serverUrl')}</span>
        </label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          autoComplete="url"
          placeholder="https://aun.example.co.jp"
          value={serverUrl}
          aria-describedby={`${id}-url-help`}
          onChange={(e) => setServerUrl(e.currentTarget.value)}
        />
        <p id={`${id}-url-help`} className="aun-muted">
          {t('options.serverUrlHelp')}
        </p>
        <label className="aun-field" htmlFor={`${id}-token`}>
          <span>{t('options.token')}</span>
        </label>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          placeholder={settings.hasToken ? '••••••••••' : ''}
          aria-describedby={`${id}-token-help`}
          onChange={(e) => setToken(e.currentTarget.value)}
        />
        <p id={`${id}-token-help`} className="aun-muted">
          {settings.hasToken ? t('options.tokenSaved') : t('options.tokenHelp')}
        </p>
        <div className="aun-button-row">
          <button type="button" className="aun-button" onClick={() => void test()} disabled={busy !== null}>
            {busy === 'test' ? t('options.testing') : t('options.test')}
          </button>
          <button type="submit" className="aun-button aun-button-primary" disabled={busy !== null}>
            {busy === 'save' ? t('options.saving') : t('options.save')}
          </button>
          {settings.serverUrl ? (
            <button type="button" className="aun-link" onClick={() => void disconnect()} disabled={busy !== null}>
              {t('options.useLocalOnly')}
            </button>
          ) : null}
        </div>
        {blocked !== null ? <SwitchBlocked pending={blocked} busy={busy !== null} onDiscard={() => void save(true)} /> : null}
        <div aria-live="polite">
          {tested ? (
            <p className="aun-ok" role="status">
              {t('options.testOk', { name: tested.user.name, role: localized(ROLE_LABELS[tested.user.role], t.locale), workspace: tested.workspace.name })}
            </p>
          ) : null}
          {message ? (
            <p className={message.tone === 'ok' ? 'aun-ok' : 'aun-error'} role={message.tone === 'ok' ? 'status' : 'alert'}>
              {message.text}
            </p>
          ) : null}
        </div>
      </form>
    </section>
  );
}
