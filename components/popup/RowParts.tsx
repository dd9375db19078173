import { useState, type ReactNode } from 'react';
import { SOURCE_CHANNEL_LABELS } from '../../lib/domain/labels';
import { localized, useT } from '../../lib/i18n';
import type { QueueItem } from '../../lib/messages';
import { dueText, fitOf } from './format';
import { openContextInSidePanel } from '../../lib/ui/side-panel';
import { openLead } from './navigation';

/** The cached grade, e.g. "A2", coloured by its fit letter; "–" until graded. */
export function GradeChip({ grade }: { grade: string | null }) {
  const t = useT();
  const fit = fitOf(grade);
  return (
    <span className={`aun-popup-grade ${fit ? `aun-popup-fit-${fit}` : ''}`} role="img" aria-label={grade ? t('popup.gradeAria', { grade }) : t('popup.noGrade')}>
      {grade ?? '–'}
    </span>
  );
}

/** The lead's name, company and source: the first lines of every row. */
export function RowHead({ item, headingId, aside }: { item: QueueItem; headingId: string; aside?: ReactNode }) {
  const t = useT();
  const source = item.source ? localized(SOURCE_CHANNEL_LABELS[item.source.channel], t.locale) : null;
  const meta = [item.company, source].filter(Boolean).join(' · ');
  return (
    <div className="aun-qrow-head">
      <GradeChip grade={item.grade} />
      <div className="aun-qrow-who">
        <h3 id={headingId} className="aun-qrow-name">
          {displayNameOf(item, t('popup.unknownLead'))}
        </h3>
        {meta ? <p className="aun-qrow-meta">{meta}</p> : null}
      </div>
      {aside}
    </div>
  );
}

export function displayNameOf(item: QueueItem, fallback: string): string {
  return item.name || item.email || fallback;
}

/** Time left, or how late in red. */
export function DueLabel({ dueInMs }: { dueInMs: number | null }) {
  const t = useT();
  const due = dueText(dueInMs, t);
  if (!due) return null;
  return <span className={`aun-qrow-due ${due.overdue ? 'aun-qrow-overdue' : ''}`}>{due.text}</span>;
}

/** "Open": the CRM record, or, for a lead with no CRM link, the sidebar in the side panel (else in a tab). */
export function OpenButton({ item, onError }: { item: QueueItem; onError: (message: string) => void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const name = displayNameOf(item, t('popup.unknownLead'));
  return (
    <button
      type="button"
      className="aun-button"
      disabled={busy}
      aria-label={t('popup.openFor', { name })}
      onClick={() => {
        setBusy(true);
        // The side panel opens only from the click itself, so this comes before any message.
        const inPanel = !item.crmUrl && item.email ? openContextInSidePanel({ site: 'generic', kind: 'crm-record', emails: [item.email] }) : null;
        const opened = inPanel
          ? inPanel.then(
              () => {
                // Only now: closing the popup first would cancel the opening.
                window.close();
                return true;
              },
              () => openLead(item.leadId),
            )
          : openLead(item.leadId);
        opened
          .then((ok) => {
            if (!ok) onError(t('popup.openFailed'));
          })
          .catch(() => onError(t('popup.openFailed')))
          .finally(() => setBusy(false));
      }}
    >
      {t('popup.open')}
    </button>
  );
}
