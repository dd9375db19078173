import { useId, useMemo, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call, type Settings } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { queryKeys } from '../../lib/ui/queries';
import { browserTimeZone, timeZones } from '../../lib/ui/time-zones';

/** When "about to breach" is sent, as a share of the SLA time (the settings schema allows 0.5–0.95). */
const SLA_WARN_CHOICES = [0.5, 0.6, 0.75, 0.9] as const;

export function PreferencesSection({ settings }: { settings: Settings }) {
  const t = useT();
  const client = useQueryClient();
  const id = useId();
  const [error, setError] = useState(false);

  const save = async (patch: { language?: Settings['language']; notifications?: boolean; slaWarnAt?: number }) => {
    setError(false);
    try {
      client.setQueryData(queryKeys.settings, await call('saveSettings', patch));
    } catch {
      setError(true);
    }
  };

  return (
    <section className="aun-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('options.prefs.title')}</h2>
      <label className="aun-field" htmlFor={`${id}-lang`}>
        <span>{t('options.language')}</span>
      </label>
      <select id={`${id}-lang`} value={settings.language} onChange={(e) => void save({ language: e.currentTarget.value as Settings['language'] })}>
        <option value="auto">{t('options.language.auto')}</option>
        <option value="ja" lang="ja">
          {t('options.language.ja')}
        </option>
        <option value="en" lang="en">
          {t('options.language.en')}
        </option>
      </select>
      <div className="aun-check">
        <input
          id={`${id}-notify`}
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void save({ notifications: e.currentTarget.checked })}
        />
        <label htmlFor={`${id}-notify`}>{t('options.notifications')}</label>
      </div>
      <label className="aun-field" htmlFor={`${id}-warn`}>
        <span>{t('options.slaWarnAt')}</span>
      </label>
      <select
        id={`${id}-warn`}
        value={String(settings.slaWarnAt)}
        disabled={!settings.notifications}
        aria-describedby={`${id}-warn-hint`}
        onChange={(e) => void save({ slaWarnAt: Number(e.currentTarget.value) })}
      >
        {SLA_WARN_CHOICES.map((share) => (
          <option key={share} value={String(share)}>
            {t('options.slaWarnAt.choice', { percent: Math.round(share * 100) })}
          </option>
        ))}
      </select>
      <p id={`${id}-warn-hint`} className="aun-muted">
        {t('options.slaWarnAt.hint')}
      </p>
      {error ? (
        <p role="alert" className="aun-error">
          {t('error.actionFailed')}
        </p>
      ) : null}
      <QuietHoursEditor settings={settings} />
    </section>
  );
}

type QuietHours = Settings['quietHours'];

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Quiet hours: notifications wait while it is quiet (a window may cross midnight, e.g. 20:00–08:00,
 * and weekends can be quiet all day). Until quiet hours are turned on, the time zone is the browser's.
 */
function QuietHoursEditor({ settings }: { settings: Settings }) {
  const t = useT();
  const client = useQueryClient();
  const id = useId();
  const browserZone = useMemo(browserTimeZone, []);
  const saved = settings.quietHours;
  const [draft, setDraft] = useState<QuietHours>(() => ({ ...saved, timezone: saved.enabled ? saved.timezone : browserZone }));
  const [status, setStatus] = useState<null | 'saving' | 'saved' | 'invalid' | 'failed'>(null);
  const zones = useMemo(() => timeZones(draft.timezone, browserZone), [draft.timezone, browserZone]);
  const set = (patch: Partial<QuietHours>) => {
    setDraft({ ...draft, ...patch });
    setStatus(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!HHMM.test(draft.start) || !HHMM.test(draft.end) || draft.start === draft.end) {
      setStatus('invalid');
      return;
    }
    setStatus('saving');
    try {
      client.setQueryData(queryKeys.settings, await call('saveSettings', { quietHours: draft }));
      setStatus('saved');
    } catch {
      setStatus('failed');
    }
  };

  return (
    <form className="aun-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-quiet`}>
      <h3 id={`${id}-quiet`}>{t('options.quiet.title')}</h3>
      <p className="aun-muted">{t('options.quiet.help')}</p>
      <div className="aun-check">
        <input id={`${id}-enabled`} type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
        <label htmlFor={`${id}-enabled`}>{t('options.quiet.enabled')}</label>
      </div>
      <fieldset
        style={{ border: 0, margin: 0, padding: 0, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 8 }}
        aria-invalid={status === 'invalid'}
        aria-describedby={status === 'invalid' ? `${id}-invalid` : undefined}
      >
        <legend className="aun-visually-hidden">{t('options.quiet.title')}</legend>
        <div className="aun-two">
          <label className="aun-field">
            <span>{t('options.quiet.start')}</span>
            <input type="time" required disabled={!draft.enabled} value={draft.start} onChange={(e) => set({ start: e.currentTarget.value })} />
          </label>
          <label className="aun-field">
            <span>{t('options.quiet.end')}</span>
            <input type="time" required disabled={!draft.enabled} value={draft.end} onChange={(e) => set({ end: e.currentTarget.value })} />
          </label>
        </div>
        <div className="aun-check">
          <input id={`${id}-weekends`} type="checkbox" disabled={!draft.enabled} checked={draft.weekends} onChange={(e) => set({ weekends: e.currentTarget.checked })} />
          <label htmlFor={`${id}-weekends`}>{t('options.quiet.weekends')}</label>
        </div>
        <label className="aun-field" htmlFor={`${id}-tz`}>
          <span>{t('options.quiet.timezone')}</span>
        </label>
        <select id={`${id}-tz`} disabled={!draft.enabled} value={draft.timezone} aria-describedby={`${id}-tz-help`} onChange={(e) => set({ timezone: e.currentTarget.value })}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
        <p id={`${id}-tz-help`} className="aun-muted">
          {t('options.quiet.browserZone', { zone: browserZone })}
        </p>
      </fieldset>
      {status === 'invalid' ? (
        <p id={`${id}-invalid`} role="alert" className="aun-error">
          {t('options.quiet.invalid')}
        </p>
      ) : null}
      {status === 'failed' ? (
        <p role="alert" className="aun-error">
          {t('error.actionFailed')}
        </p>
      ) : null}
      <div className="aun-button-row">
        <button type="submit" className="aun-button" disabled={status === 'saving'}>
          {t('options.quiet.save')}
        </button>
        {status === 'saved' ? (
          <span role="status" className="aun-ok">
            {t('options.quiet.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
