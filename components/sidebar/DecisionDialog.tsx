import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ChecklistItem, LeadDefinition } from '../../lib/domain/definition';
import { localized, useT } from '../../lib/i18n';
import { Dialog } from '../ui/Dialog';

/**
 * The decision dialogs of a handoff, shared by the sidebar (SalesActions) and the toolbar popup.
 */

/** "Accept with required items unchecked?": lists the missing items; Go back is focused first. */
export function MissingItemsDialog({ missing, onCancel, onAccept }: { missing: readonly ChecklistItem[]; onCancel: () => void; onAccept: () => void }) {
  const t = useT();
  return (
    <Dialog title={t('accept.confirmTitle')} description={t('accept.confirmBody')} onCancel={onCancel}>
      <ul className="aun-missing">
        {missing.map((item) => (
          <li key={item.id}>{localized(item.label, t.locale)}</li>
        ))}
      </ul>
      <div className="aun-button-row">
        <button type="button" className="aun-button" onClick={onCancel} data-autofocus>
          {t('accept.goBack')}
        </button>
        <button type="button" className="aun-button aun-button-primary" onClick={onAccept}>
          {t('accept.anyway')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * Reject (a reason is required) or recycle (a reason is optional): a radio group of the
 * definition's reasons and a note. Keyboard: focus starts in the group, arrows pick a reason,
 * Enter submits (Ctrl/⌘+Enter in the note), Esc cancels.
 */
export function DecisionDialog({
  kind,
  definition,
  busy,
  onCancel,
  onSubmit,
}: {
  kind: 'reject' | 'recycle';
  definition: LeadDefinition;
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reasonCode: string | undefined, note: string) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [showError, setShowError] = useState(false);
  const groupRef = useRef<HTMLFieldSetElement>(null);
  const required = kind === 'reject';

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) return;
    if (required && !reason) {
      setShowError(true);
      groupRef.current?.querySelector<HTMLInputElement>('input[type="radio"]')?.focus();
      return;
    }
    onSubmit(reason ?? undefined, note);
  };

  // Enter submits from the radios too (browsers differ on implicit submission there).
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    const target = event.target as HTMLElement;
    if (target instanceof HTMLButtonElement) return;
    if (target instanceof HTMLTextAreaElement && !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    submit();
  };

  const errorId = `aun-${kind}-error`;
  return (
    <Dialog title={kind === 'reject' ? t('reject.title') : t('recycle.title')} description={kind === 'reject' ? t('reject.help') : t('recycle.help')} onCancel={onCancel}>
      <form onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        <fieldset
          ref={groupRef}
          className="aun-radios"
          aria-required={required}
          aria-invalid={showError && !reason}
          aria-describedby={showError && !reason ? errorId : undefined}
        >
          <legend>
            {t('reject.reason')}
            {required ? ` ${t('common.requiredMark')}` : ` ${t('common.optionalMark')}`}
          </legend>
          {definition.rejectionReasons.map((r) => (
            <label key={r.code} className="aun-radio">
              <input
                type="radio"
                name={`aun-${kind}-reason`}
                value={r.code}
                checked={reason === r.code}
                onChange={() => {
                  setReason(r.code);
                  setShowError(false);
                }}
              />
              {localized(r.label, t.locale)}
            </label>
          ))}
        </fieldset>
        {showError && !reason ? (
          <p id={errorId} role="alert" className="aun-error">
            {t('reject.reasonRequired')}
          </p>
        ) : null}
        <label className="aun-field">
          <span>
            {t('reject.note')} {t('common.optionalMark')}
          </span>
          <textarea value={note} onChange={(e) => setNote(e.currentTarget.value)} rows={3} maxLength={5000} />
        </label>
        <div className="aun-button-row">
          <button type="button" className="aun-button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="submit" className={`aun-button ${kind === 'reject' ? 'aun-button-danger' : 'aun-button-primary'}`} disabled={busy}>
            {kind === 'reject' ? t('reject.submit') : t('recycle.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
