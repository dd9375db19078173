import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call, type Settings } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { queryKeys } from '../../lib/ui/queries';

export function PreferencesSection({ settings }: { settings: Settings }) {
  const t = useT();
  const client = useQueryClient();
  const id = useId();
  const [error, setError] = useState(false);

  const save = async (patch: { language?: Settings['language']; notifications?: boolean }) => {
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
      {error ? (
        <p role="alert" className="aun-error">
          {t('error.actionFailed')}
        </p>
      ) : null}
    </section>
  );
}
