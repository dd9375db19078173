import { useState } from 'react';
import type { PageContext } from '../../lib/adapters/page-context';
import type { LeadContext } from '../../lib/messages';
import { useT } from '../../lib/i18n';
import { permissions } from '../../lib/ui/people';
import { emailFrom } from '../../lib/ui/guess-company';
import { StatePanel } from '../ui/States';
import { LeadForm } from './LeadForm';

/** Someone Aun doesn't track yet: marketers tag an inbound email; anyone can start tracking a CRM record. */
export function UnknownPersonView({
  ctx,
  data,
  email,
  setNotice,
}: {
  ctx: PageContext;
  data: LeadContext;
  email: string;
  setNotice: (notice: string | null) => void;
}) {
  const t = useT();
  const perms = permissions(data.me?.role);
  const [tagging, setTagging] = useState(false);
  const canTag = perms.tag && ctx.kind === 'email-thread';
  // On an email thread the sender is the person to tag.
  const sender = (ctx.message && emailFrom(ctx.message.from)) || email;

  if (!perms.act) {
    return (
      <StatePanel title={t('unknown.title')}>
        <p>{t('unknown.noRights')}</p>
      </StatePanel>
    );
  }

  if (canTag) {
    return (
      <div className="aun-unknown">
        <section className="aun-card" aria-labelledby="aun-unknown-title">
          <h2 id="aun-unknown-title">{t('unknown.title')}</h2>
          <p className="aun-email">{sender}</p>
          <p className="aun-muted">{t('unknown.tagHelp')}</p>
          {!tagging ? (
            <button type="button" className="aun-button aun-button-primary" onClick={() => setTagging(true)}>
              {t('tag.open')}
            </button>
          ) : null}
        </section>
        {tagging ? <LeadForm mode="tag" ctx={ctx} data={data} email={sender} existing={null} onDone={setNotice} onCancel={() => setTagging(false)} /> : null}
      </div>
    );
  }

  return (
    <div className="aun-unknown">
      <section className="aun-card" aria-labelledby="aun-unknown-title">
        <h2 id="aun-unknown-title">{t('unknown.title')}</h2>
        <p className="aun-email">{email}</p>
        <p className="aun-muted">{ctx.kind === 'crm-record' ? t('unknown.trackHelpCrm') : t('unknown.trackHelpEmail')}</p>
      </section>
      <LeadForm mode="track" ctx={ctx} data={data} email={email} existing={null} onDone={setNotice} />
    </div>
  );
}
