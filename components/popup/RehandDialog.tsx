import { useId, useState, type FormEvent } from 'react';
import { stageById, type LeadDefinition } from '../../lib/domain/definition';
import { localized, useT } from '../../lib/i18n';
import type { QueueItem } from '../../lib/messages';
import { Dialog } from '../ui/Dialog';

/**
 * Hand a rejected lead over again after fixing it: a new handoff to the same rep, so the
 * rejected one stays in the history. The checklist starts from what was checked last time.
 */
export function RehandDialog({
  item,
  definition,
  target,
  busy,
  onCancel,
  onSubmit,
}: {
  item: QueueItem;
  definition: LeadDefinition | undefined;
  target: string;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (note: string, checkedItemIds: string[]) => void;
}) {
  const t = useT();
  const id = useId();
  const h = item.handoff;
  const checklist = (definition && stageById(definition, h.stageId)?.checklist) ?? [];
  const [checked, setChecked] = useState<ReadonlySet<string>>(() => new Set(checklist.filter((c) => h.checklist[c.id]?.checked).map((c) => c.id)));
  const [note, setNote] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    onSubmit(
      note,
      checklist.filter((c) => checked.has(c.id)).map((c) => c.id),
    );
  };

  const toggle = (itemId: string, on: boolean) => {
    const next = new Set(checked);
    if (on) next.add(itemId);
    else next.delete(itemId);
    setChecked(next);
  };

  return (
    <Dialog title={t('popup.rehand.title')} description={t('popup.rehand.help', { target })} onCancel={onCancel}>
      <form onSubmit={submit} className="aun-form" noValidate>
        {checklist.length > 0 ? (
          <fieldset className="aun-checklist">
            <legend>{t('checklist.title')}</legend>
            <ul>
              {checklist.map((c) => (
                <li key={c.id}>
                  <input id={`${id}-${c.id}`} type="checkbox" checked={checked.has(c.id)} onChange={(e) => toggle(c.id, e.currentTarget.checked)} />
                  <label htmlFor={`${id}-${c.id}`}>
                    {localized(c.label, t.locale)}
                    {c.required ? <span className="aun-required"> {t('checklist.required')}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}
        <label className="aun-field">
          <span>
            {t('popup.rehand.note')} {t('common.optionalMark')}
          </span>
          <textarea value={note} onChange={(e) => setNote(e.currentTarget.value)} rows={3} maxLength={5000} />
        </label>
        <div className="aun-button-row">
          <button type="button" className="aun-button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="aun-button aun-button-primary" disabled={busy}>
            {t('popup.rehand.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
