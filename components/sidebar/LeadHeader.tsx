import { displayName, type Lead } from '../../lib/domain/lead';
import { LIFECYCLE_STAGE_LABELS, SOURCE_CHANNEL_LABELS } from '../../lib/domain/labels';
import type { LeadContext } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { leadOwner } from '../../lib/ui/people';
import { LEAD_NAME_TIMING } from '../ui/element-timing';

export function LeadHeader({ lead, data }: { lead: Lead; data: LeadContext }) {
  const t = useT();
  const name = displayName(lead.name, lead.email);
  const role = [lead.title, lead.department].filter(Boolean).join(' / ');
  const owner = leadOwner(data, lead);
  return (
    <section className="aun-card aun-lead-header" aria-labelledby="aun-lead-name">
      <h2 id="aun-lead-name" className="aun-lead-name" elementtiming={LEAD_NAME_TIMING}>
        {name}
      </h2>
      {name !== lead.email ? <p className="aun-muted aun-email">{lead.email}</p> : null}
      <dl className="aun-facts">
        {lead.company ? (
          <>
            <dt>{t('lead.company')}</dt>
            <dd>{lead.company}</dd>
          </>
        ) : null}
        {role ? (
          <>
            <dt>{t('lead.title')}</dt>
            <dd>{role}</dd>
          </>
        ) : null}
        <dt>{t('lead.owner')}</dt>
        <dd>{owner ? (owner.pending ? t('lead.ownerPending', { name: owner.name }) : owner.name) : t('lead.noOwner')}</dd>
        <dt>{t('lead.stage')}</dt>
        <dd>
          <span className={`aun-chip aun-stage-${lead.stage}`}>{localized(LIFECYCLE_STAGE_LABELS[lead.stage], t.locale)}</span>
        </dd>
        <dt>{t('lead.source')}</dt>
        <dd>
          {localized(SOURCE_CHANNEL_LABELS[lead.source.channel], t.locale)}
          {lead.source.campaign ? ` · ${lead.source.campaign}` : ''}
        </dd>
      </dl>
    </section>
  );
}
