import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { TouchType, type Touch } from '../../lib/domain/touch';
import { TOUCH_TYPE_LABELS } from '../../lib/domain/labels';
import { call } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { dayKey, formatDay, formatTime } from '../../lib/ui/format';
import { queryKeys } from '../../lib/ui/queries';
import { TIMELINE_TIMING } from '../ui/element-timing';

export const TOUCH_ICONS: Record<TouchType, string> = {
  email_open: '📧',
  email_click: '🔗',
  web_visit: '🌐',
  form_submit: '📝',
  content_download: '📄',
  webinar_registered: '🗓️',
  webinar_attended: '🎥',
  event_visit: '🎪',
  seminar_attended: '🎓',
  exhibition_booth: '🏢',
  inbound_email: '📨',
  ad_click: '📣',
  call: '📞',
  meeting: '🤝',
  list_import: '📋',
};

const PAGE = 50;

/** Touches newest first, grouped by day, with a type filter and "show all" beyond the first 50. */
export function TouchTimeline({ leadId, touches, touchCount }: { leadId: string; touches: Touch[]; touchCount: number }) {
  const t = useT();
  const [type, setType] = useState<TouchType | 'all'>('all');
  const [all, setAll] = useState(false);
  const filterId = useId();
  const needsQuery = type !== 'all' || all;
  const query = useQuery({
    queryKey: queryKeys.touches(leadId, type === 'all' ? null : type, all),
    queryFn: () => call('listTouches', { leadId, ...(type !== 'all' ? { types: [type] } : {}), ...(all ? {} : { limit: PAGE }) }),
    enabled: needsQuery,
  });
  const shown = needsQuery ? (query.data ?? []) : touches;
  const more = !all && (type === 'all' ? touchCount > shown.length : shown.length >= PAGE);

  const groups: { key: string; first: string; items: Touch[] }[] = [];
  for (const touch of shown) {
    const key = dayKey(touch.occurredAt);
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.items.push(touch);
    else groups.push({ key, first: touch.occurredAt, items: [touch] });
  }

  return (
    <section className="aun-card aun-timeline" aria-labelledby="aun-timeline-title">
      <div className="aun-section-head">
        <h2 id="aun-timeline-title">{t('touches.title', { n: touchCount })}</h2>
        <label htmlFor={filterId} className="aun-visually-hidden">
          {t('touches.filter')}
        </label>
        <select id={filterId} value={type} onChange={(e) => setType(e.currentTarget.value as TouchType | 'all')}>
          <option value="all">{t('touches.allTypes')}</option>
          {TouchType.options.map((tt) => (
            <option key={tt} value={tt}>
              {localized(TOUCH_TYPE_LABELS[tt], t.locale)}
            </option>
          ))}
        </select>
      </div>
      {needsQuery && query.isPending ? <p className="aun-muted">{t('common.loading')}</p> : null}
      {needsQuery && query.isError ? (
        <p role="alert" className="aun-error">
          {t('touches.loadFailed')}
        </p>
      ) : null}
      {shown.length === 0 && !(needsQuery && query.isPending) ? <p className="aun-muted" elementtiming={TIMELINE_TIMING}>{type === 'all' ? t('touches.none') : t('touches.noneOfType')}</p> : null}
      <ol className="aun-days">
        {groups.map((group) => (
          <li key={group.key}>
            <h3 className="aun-day">{formatDay(group.first, t.locale)}</h3>
            <ol className="aun-touches">
              {group.items.map((touch) => (
                <li key={touch.id} className="aun-touch">
                  <span className="aun-touch-icon" aria-hidden="true">
                    {TOUCH_ICONS[touch.type]}
                  </span>
                  <div className="aun-touch-body">
                    <div className="aun-touch-line">
                      <span className="aun-touch-type" elementtiming={touch === shown[0] ? TIMELINE_TIMING : undefined}>{localized(TOUCH_TYPE_LABELS[touch.type], t.locale)}</span>
                      <time dateTime={touch.occurredAt} className="aun-muted">
                        {formatTime(touch.occurredAt, t.locale)}
                      </time>
                    </div>
                    {touch.campaign ? <div className="aun-touch-campaign">{touch.campaign}</div> : null}
                    {touch.detail ? <div className="aun-touch-detail">{touch.detail}</div> : null}
                  </div>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
      {more ? (
        <button type="button" className="aun-button" onClick={() => setAll(true)}>
          {type === 'all' ? t('touches.showAll', { n: touchCount }) : t('touches.showAllOfType')}
        </button>
      ) : null}
    </section>
  );
}
