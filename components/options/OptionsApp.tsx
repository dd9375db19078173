import { useEffect, useState } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { I18nProvider, resolveLocale, useT } from '../../lib/i18n';
import { createQueryClient, useSettings } from '../../lib/ui/queries';
import { Spinner, StatePanel } from '../ui/States';
import { ConnectionSection } from './ConnectionSection';
import { PreferencesSection } from './PreferencesSection';
import { SyncStatusSection } from './SyncStatusSection';
import { DataSection } from './DataSection';
import { CustomHostsSlot } from './CustomHostsSlot';
import { WelcomeSection } from './WelcomeSection';

export function OptionsApp({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      <OptionsWithLanguage />
    </QueryClientProvider>
  );
}

function OptionsWithLanguage() {
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <I18nProvider locale={locale}>
      <OptionsPage settings={settings} />
    </I18nProvider>
  );
}

function OptionsPage({ settings }: { settings: ReturnType<typeof useSettings> }) {
  const t = useT();
  return (
    <div className="aun-options">
      <header className="aun-topbar">
        <span className="aun-brand" aria-hidden="true">
          阿吽
        </span>
        <h1 className="aun-title">{t('app.optionsTitle')}</h1>
        <a className="aun-link" style={{ marginInlineStart: 'auto', alignSelf: 'center' }} href="/review.html" target="_blank" rel="noreferrer">
          {t('options.review')}
        </a>
      </header>
      <main className="aun-main">
        {settings.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : settings.isError ? (
          <StatePanel
            tone="error"
            title={t('error.generic.title')}
            action={
              <button type="button" className="aun-button" onClick={() => void settings.refetch()}>
                {t('common.retry')}
              </button>
            }
          >
            <p>{t('error.generic.body')}</p>
          </StatePanel>
        ) : (
          <>
            {/* Local-only mode (first run, or disconnected): say what works and how to connect. */}
            {!settings.data.serverUrl ? <WelcomeSection /> : null}
            <ConnectionSection settings={settings.data} />
            <PreferencesSection settings={settings.data} />
            <CustomHostsSlot />
            <SyncStatusSection />
            <DataSection />
          </>
        )}
      </main>
    </div>
  );
}
