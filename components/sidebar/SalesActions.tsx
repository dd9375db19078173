import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { HandoffStage, LeadDefinition } from '../../lib/domain/definition';
import type { Handoff } from '../../lib/domain/handoff';
import { localized, useT } from '../../lib/i18n';
import { nowIso } from '../../lib/ui/ids';
import { useMutate } from '../../lib/ui/queries';
import { Dialog } from '../ui/Dialog';

type Open = null | 'confirmAccept' | 'reject' | 'recycle';

/** Accept (held 10 s for undo), Reject with a required reason, Recycle to nurture. */
export function SalesActions({
  handoff,
  definition,
  stage,
  onHeld,
  setNotice,
}: {
  handoff: Handoff;
  definition: LeadDefinition;
  stage: HandoffStage | undefined;
  onHeld: (localId: number, message: string) => void;
  setNotice: (notice: string | null) => void;
}) {
  const t = useT();
  const mutate = useMutate();
  const [open, setOpen] = useState<Open>(null);
  const [error, setError] = useState<string | null>(null);
  const missing = (stage?.checklist ?? []).filter((item) => item.required && !handoff.checklist[item.id]?.checked);

  const accept = async () => {
    setOpen(null);
    setError(null);
    try {
      const [localId] = await mutate.mutateAsync({
        calls: [{ name: 'handoff.decide', args: { handoffId: handoff.id, kind: 'accept', at: nowIso() } }],
        holdMs: 10_000,
      });
      if (localId !== undefined) onHeld(localId, t('accept.done'));
    } catch {
      setError(t('error.actionFailed'));
    }
  };

  const decide = async (kind: 'reject' | 'recycle', reasonCode: string | undefined, note: string) => {
    setError(null);
    try {
      await mutate.mutateAsync({
        calls: [
          {
            name: 'handoff.decide',
            args: { handoffId: handoff.id, kind, at: nowIso(), ...(reasonCode ? { reasonCode } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
          },
        ],
      });
      setOpen(null);
      setNotice(kind === 'reject' ? t('reject.done') : t('recycle.done'));
    } catch {
      setError(t('error.actionFailed'));
      setOpen(null);
    }
  };

  // A handoff waiting in a queue: take it first, which starts the SLA clock for you.
  const claim = async () => {
    setError(null);
    try {
      await mutate.mutateAsync({ calls: [{ name: 'handoff.claim', args: { handoffId: handoff.id, at: nowIso() } }] });
      setNotice(t('claim.done'));
    } catch {
      setError(t('error.actionFailed'));
    }
  };

  return (
    <div className="aun-actions" role="group" aria-label={t('actions.label')}>
      <div className="aun-button-row">
        {!handoff.toUserId && handoff.toQueueId ? (
          <button type="button" className="aun-button" disabled={mutate.isPending} onClick={() => void claim()}>
            {t('actions.claim')}
          </button>
        ) : null}
        <button
          type="button"
          className="aun-button aun-button-primary"
          disabled={mutate.isPending}
          onClick={() => (missing.length > 0 ? setOpen('confirmAccept') : void accept())}
        >
          {t('actions.accept')}
        </button>
        <button type="button" className="aun-button aun-button-danger" disabled={mutate.isPending} onClick={() => setOpen('reject')}>
          {t('actions.reject')}
        </button>
        <button type="button" className="aun-button" disabled={mutate.isPending} onClick={() => setOpen('recycle')}>
          {t('actions.recycle')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="aun-error">
          {error}
        </p>
      ) : null}
      {open === 'confirmAccept' ? (
        <Dialog title={t('accept.confirmTitle')} description={t('accept.confirmBody')} onCancel={() => setOpen(null)}>
          <ul className="aun-missing">
            {missing.map((item) => (
              <li key={item.id}>{localized(item.label, t.locale)}</li>
            ))}
          </ul>
          <div className="aun-button-row">
            <button type="button" className="aun-button" onClick={() => setOpen(null)} data-autofocus>
              {t('accept.goBack')}
            </button>
            <button type="button" className="aun-button aun-button-primary" onClick={() => void accept()}>
              {t('accept.anyway')}
            </button>
          </div>
        </Dialog>
      ) : null}
      {open === 'reject' || open === 'recycle' ? (
        <DecisionDialog
          kind={open}
          definition={definition}
          busy={mutate.isPending}
          onCancel={() => setOpen(null)}
          onSubmit={(reasonCode, note) => void decide(open, reasonCode, note)}
        />
      ) : null}
    </div>
  );
}

/**
 * Reject (a reason is required) or recycle (a reason is optional): a radio group of the
 * definition's reasons and a note. Keyboard: focus starts in the group, arrows pick a reason,
 * Enter submits (Ctrl/⌘+Enter in the note), Esc cancels.
 */
function DecisionDialog({
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
