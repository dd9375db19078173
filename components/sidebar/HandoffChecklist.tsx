import { useState } from 'react';
import type { ChecklistItem } from '../../lib/domain/definition';
import type { Handoff } from '../../lib/domain/handoff';
import type { LeadContext } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { formatDateTime } from '../../lib/ui/format';
import { nowIso } from '../../lib/ui/ids';
import { userName } from '../../lib/ui/people';
import { useMutate } from '../../lib/ui/queries';

/** The handoff stage's checklist: who checked each item and when; toggling sends handoff.checkItem. */
export function HandoffChecklist({ data, handoff, items, editable }: { data: LeadContext; handoff: Handoff; items: ChecklistItem[]; editable: boolean }) {
  const t = useT();
  const mutate = useMutate();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState(false);

  const toggle = async (itemId: string, checked: boolean) => {
    setBusy(itemId);
    setError(false);
    try {
      await mutate.mutateAsync({ calls: [{ name: 'handoff.checkItem', args: { handoffId: handoff.id, itemId, checked, at: nowIso() } }] });
    } catch {
      setError(true);
    } finally {
      setBusy(null);
    }
  };

  return (
    <fieldset className="aun-checklist">
      <legend>{t('checklist.title')}</legend>
      <ul>
        {items.map((item) => {
          const mark = handoff.checklist[item.id];
          const checked = mark?.checked ?? false;
          const inputId = `aun-check-${handoff.id}-${item.id}`;
          return (
            <li key={item.id}>
              <input
                id={inputId}
                type="checkbox"
                checked={checked}
                disabled={!editable || busy !== null}
                onChange={(e) => void toggle(item.id, e.currentTarget.checked)}
              />
              <label htmlFor={inputId}>
                {localized(item.label, t.locale)}
                {item.required ? <span className="aun-required"> {t('checklist.required')}</span> : null}
              </label>
              {mark ? (
                <span className="aun-mark">
                  {t(mark.checked ? 'checklist.checkedBy' : 'checklist.uncheckedBy', { who: userName(data, mark.by), when: formatDateTime(mark.at, t.locale) })}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {error ? (
        <p role="alert" className="aun-error">
          {t('error.actionFailed')}
        </p>
      ) : null}
    </fieldset>
  );
}
