import { useId, useState } from 'react';
import type { GradeResult } from '../../lib/grading';
import { intlLocale, localized, useT } from '../../lib/i18n';

/** Fit letter × engagement number, with every point explained behind a disclosure. */
export function GradeBadge({ grade }: { grade: GradeResult }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const signed = new Intl.NumberFormat(intlLocale(t.locale), { signDisplay: 'exceptZero', maximumFractionDigits: 1 });
  return (
    <section className="aun-card aun-grade" aria-label={t('grade.section')}>
      <div className="aun-grade-row">
        <span
          className={`aun-grade-badge aun-fit-${grade.fit}`}
          role="img"
          aria-label={t('grade.aria', { grade: grade.grade, fit: grade.fit, engagement: grade.engagement })}
        >
          <span className="aun-grade-fit">{grade.fit}</span>
          <span className="aun-grade-eng">{grade.engagement}</span>
        </span>
        <div className="aun-grade-summary">
          <span>{t('grade.fitLine', { fit: grade.fit, points: grade.fitPoints })}</span>
          <span>{t('grade.engagementLine', { engagement: grade.engagement, points: grade.engagementPoints })}</span>
          {grade.mqlReady ? <span className="aun-chip aun-chip-good">{t('grade.mqlReady')}</span> : null}
        </div>
      </div>
      <button type="button" className="aun-link" aria-expanded={open} aria-controls={listId} onClick={() => setOpen(!open)}>
        {open ? t('grade.hideWhy') : t('grade.why', { grade: grade.grade })}
      </button>
      <ul id={listId} className="aun-reasons" hidden={!open}>
        {grade.reasons.map((reason, i) => (
          <li key={`${reason.kind}-${reason.ruleId}-${i}`} className={`aun-reason aun-reason-${reason.kind}`}>
            <span>{localized(reason.text, t.locale)}</span>
            {reason.effect !== 0 ? (
              <span className={`aun-effect ${reason.effect > 0 ? 'aun-effect-up' : 'aun-effect-down'}`}>
                {t('grade.effect', { points: signed.format(reason.effect) })}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
