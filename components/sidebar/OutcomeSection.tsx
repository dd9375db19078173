import { useId, useState, type FormEvent } from 'react';
import { OutcomeKind } from '../../lib/domain/handoff';
import type { Lead } from '../../lib/domain/lead';
import { OUTCOME_KIND_LABELS } from '../../lib/domain/labels';
import type { MutationCall, LeadContext } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { currencySymbol, formatDateTime, formatMoney, parseAmount } from '../../lib/ui/format';
import { newId, nowIso } from '../../lib/ui/ids';
import { userName } from '../../lib/ui/people';
import { useMutate } from '../../lib/ui/queries';

/** The workspace currency, JPY unless the workspace says otherwise. */
export function workspaceCurrency(data: LeadContext): string {
  return /^[A-Z]{3}$/.test(data.currency) ? data.currency : 'JPY';
}

const NEEDS_AMOUNT: readonly OutcomeKind[] = ['opportunity', 'won'];

/** What happened after acceptance: contacted, meeting, opportunity / won with an amount, lost with a reason. */
export function OutcomeSection({ data, lead }: { data: LeadContext; lead: Lead }) {
  const t = useT();
  const mutate = useMutate();
  const currency = workspaceCurrency(data);
  const [kind, setKind] = useState<OutcomeKind | ''>('');
  const [amount, setAmount] = useState('');
  const [lostReason, setLostReason] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ kind?: string; amount?: string; lostReason?: string; submit?: string }>({});
  const [done, setDone] = useState<string | null>(null);
  const kindId = useId();
  const amountId = useId();
  const reasonId = useId();
  const noteId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!kind) next.kind = t('outcome.kindRequired');
    const value = parseAmount(amount);
    if (kind && NEEDS_AMOUNT.includes(kind) && value === null) next.amount = t('outcome.amountRequired');
    if (kind === 'lost' && !lostReason.trim()) next.lostReason = t('outcome.lostReasonRequired');
    setErrors(next);
    if (Object.keys(next).length > 0 || !kind) return;
    const record: MutationCall = {
      name: 'outcome.record',
      args: {
        id: newId(),
        leadId: lead.id,
        ...(data.handoff ? { handoffId: data.handoff.id } : {}),
        kind,
        ...(NEEDS_AMOUNT.includes(kind) && value !== null ? { amount: { value, currency } } : {}),
        ...(kind === 'lost' ? { lostReason: lostReason.trim().slice(0, 200) } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        occurredAt: nowIso(),
      },
    };
    try {
      await mutate.mutateAsync({ calls: [record] });
      setDone(t('outcome.done', { kind: localized(OUTCOME_KIND_LABELS[kind], t.locale) }));
      setKind('');
      setAmount('');
      setLostReason('');
      setNote('');
    } catch {
      setErrors({ submit: t('error.actionFailed') });
    }
  };

  const outcomes = [...data.outcomes].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <section className="aun-card aun-outcomes" aria-labelledby="aun-outcomes-title">
      <h2 id="aun-outcomes-title">{t('outcome.title')}</h2>
      {outcomes.length > 0 ? (
        <ul className="aun-outcome-list">
          {outcomes.map((o) => (
            <li key={o.id}>
              <strong>{localized(OUTCOME_KIND_LABELS[o.kind], t.locale)}</strong>
              {o.amount ? ` · ${formatMoney(o.amount.value, o.amount.currency, t.locale)}` : ''}
              {o.lostReason ? ` · ${o.lostReason}` : ''}
              <span className="aun-muted">
                {' '}
                · {formatDateTime(o.occurredAt, t.locale)} · {userName(data, o.recordedBy)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="aun-muted">{t('outcome.none')}</p>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate className="aun-form">
        <label className="aun-field" htmlFor={kindId}>
          <span>{t('outcome.kind')}</span>
        </label>
        <select
          id={kindId}
          value={kind}
          aria-invalid={!!errors.kind}
          onChange={(e) => {
            setKind(e.currentTarget.value as OutcomeKind | '');
            setErrors({});
          }}
        >
          <option value="">{t('outcome.choose')}</option>
          {OutcomeKind.options.map((k) => (
            <option key={k} value={k}>
              {localized(OUTCOME_KIND_LABELS[k], t.locale)}
            </option>
          ))}
        </select>
        {errors.kind ? (
          <p role="alert" className="aun-error">
            {errors.kind}
          </p>
        ) : null}
        {kind && NEEDS_AMOUNT.includes(kind) ? (
          <>
            <label className="aun-field" htmlFor={amountId}>
              <span>{t('outcome.amount', { currency: `${currencySymbol(currency, t.locale)} ${currency}` })}</span>
            </label>
            <input
              id={amountId}
              inputMode="decimal"
              autoComplete="off"
              value={amount}
              aria-invalid={!!errors.amount}
              onChange={(e) => setAmount(e.currentTarget.value)}
            />
            {parseAmount(amount) !== null ? <p className="aun-muted">{formatMoney(parseAmount(amount)!, currency, t.locale)}</p> : null}
            {errors.amount ? (
              <p role="alert" className="aun-error">
                {errors.amount}
              </p>
            ) : null}
          </>
        ) : null}
        {kind === 'lost' ? (
          <>
            <label className="aun-field" htmlFor={reasonId}>
              <span>{t('outcome.lostReason')}</span>
            </label>
            <input id={reasonId} value={lostReason} maxLength={200} aria-invalid={!!errors.lostReason} onChange={(e) => setLostReason(e.currentTarget.value)} />
            {errors.lostReason ? (
              <p role="alert" className="aun-error">
                {errors.lostReason}
              </p>
            ) : null}
          </>
        ) : null}
        <label className="aun-field" htmlFor={noteId}>
          <span>
            {t('outcome.note')} {t('common.optionalMark')}
          </span>
        </label>
        <textarea id={noteId} value={note} rows={2} maxLength={5000} onChange={(e) => setNote(e.currentTarget.value)} />
        <button type="submit" className="aun-button aun-button-primary" disabled={mutate.isPending}>
          {t('outcome.submit')}
        </button>
        {errors.submit ? (
          <p role="alert" className="aun-error">
            {errors.submit}
          </p>
        ) : null}
        {done ? (
          <p role="status" className="aun-ok">
            {done}
          </p>
        ) : null}
      </form>
    </section>
  );
}
