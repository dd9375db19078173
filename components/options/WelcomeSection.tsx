import { useId } from 'react';
import { useT } from '../../lib/i18n';

/** The section's anchor in the options page: options.html#server. */
export const SERVER_SECTION = 'server';

/**
 * First run (and whenever no server is set): what Aun does, that it already works on its own in
 * local-only mode, and the three steps to connect to the team's server.
 */
export function WelcomeSection() {
  const t = useT();
  const id = useId();
  return (
    <section className="aun-card aun-welcome" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('options.welcome.title')}</h2>
      <p>{t('options.welcome.intro')}</p>
      <div className="aun-state aun-state-info">
        <h3 className="aun-state-title">{t('options.localOnly.title')}</h3>
        <p>{t('options.localOnly.body')}</p>
      </div>
      <h3>{t('options.welcome.connectTitle')}</h3>
      <ol>
        <li>{t('options.welcome.step1')}</li>
        <li>{t('options.welcome.step2')}</li>
        <li>{t('options.welcome.step3')}</li>
      </ol>
      <a className="aun-button aun-button-primary" href={`#${SERVER_SECTION}`}>
        {t('options.welcome.go')}
      </a>
    </section>
  );
}
