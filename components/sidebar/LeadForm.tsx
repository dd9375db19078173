import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { PageContext } from '../../lib/adapters/page-context';
import { isEmail, normaliseEmail } from '../../lib/domain/email';
import { displayName, leadIdForEmail, SourceChannel, type Lead, type PersonName } from '../../lib/domain/lead';
import { SOURCE_CHANNEL_LABELS } from '../../lib/domain/labels';
import type { LeadContext, MutationCall } from '../../lib/messages';
import { localized, useT } from '../../lib/i18n';
import { emailFrom, guessCompany, splitName } from '../../lib/ui/guess-company';
import { inboundEmailExternalId, newId, nowIso, timestampFrom, touchIdFor } from '../../lib/ui/ids';
import { queueName, userName } from '../../lib/ui/people';
import { queryKeys, useMutate } from '../../lib/ui/queries';

export type LeadFormMode = 'track' | 'tag';

function defaults(ctx: PageContext, email: string, existing: Lead | null) {
  const pageName = splitName(ctx.name);
  const name: PersonName = existing?.name ?? pageName;
  const senderName = ctx.message && emailFrom(ctx.message.from) === email ? ctx.name : undefined;
  return {
    email,
    family: name.family ?? '',
    given: name.given ?? '',
    company: existing?.company ?? ctx.company ?? guessCompany(email, senderName ?? ctx.name) ?? '',
    title: existing?.title ?? '',
    channel: existing?.source.channel ?? (ctx.kind === 'email-thread' ? 'inbound_email' : 'other'),
    campaign: existing?.source.campaign ?? '',
  };
}

/**
 * Create or update a lead from the page. `track`: the lead (and its CRM link). `tag` (marketers,
 * email threads): the lead, the email as an inbound_email touch, and a handoff with the first
 * stage's checklist to a rep or a queue.
 */
export function LeadForm({
  mode,
  ctx,
  data,
  email: initialEmail,
  existing,
  onDone,
  onCancel,
}: {
  mode: LeadFormMode;
  ctx: PageContext;
  data: LeadContext;
  email: string;
  existing: Lead | null;
  onDone: (notice: string) => void;
  onCancel?: () => void;
}) {
  const t = useT();
  const client = useQueryClient();
  const mutate = useMutate();
  const idBase = useId();
  const [form, setForm] = useState(() => defaults(ctx, initialEmail, existing));
  const stage = data.definition.stages[0];
  const [checked, setChecked] = useState<string[]>([]);
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reps = data.users.filter((u) => u.role === 'sales');
  const withHandoff = mode === 'tag' && !!stage && (data.handoff?.status !== 'pending' || data.handoff.leadId !== leadIdForEmail(form.email));

  const set = (field: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [field]: value }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const email = normaliseEmail(form.email);
    if (!isEmail(email)) {
      setError(t('form.emailInvalid'));
      return;
    }
    const leadId = leadIdForEmail(email);
    const name: PersonName = {
      ...(form.family.trim() ? { family: form.family.trim() } : {}),
      ...(form.given.trim() ? { given: form.given.trim() } : {}),
    };
    const campaign = form.campaign.trim();
    const source = {
      ...(existing?.source.vendor ? { vendor: existing.source.vendor } : {}),
      channel: form.channel as SourceChannel,
      ...(campaign ? { campaign } : {}),
    };
    const calls: MutationCall[] = [
      {
        name: 'lead.upsert',
        args: {
          lead: {
            id: leadId,
            email,
            name,
            ...(form.company.trim() ? { company: form.company.trim() } : {}),
            ...(form.title.trim() ? { title: form.title.trim() } : {}),
            source,
          },
        },
      },
    ];
    if (ctx.crmRecord && !existing?.crmLinks.some((l) => l.system === ctx.crmRecord!.system && l.recordId === ctx.crmRecord!.recordId)) {
      calls.push({ name: 'lead.linkCrm', args: { leadId, link: ctx.crmRecord } });
    }
    if (mode === 'tag' && ctx.message) {
      const externalId = inboundEmailExternalId(ctx.message);
      calls.push({
        name: 'touch.add',
        args: {
          touch: {
            id: touchIdFor(leadId, externalId),
            leadId,
            type: 'inbound_email',
            occurredAt: timestampFrom(ctx.message.date),
            ...(campaign ? { campaign } : {}),
            ...(ctx.message.subject.trim() ? { detail: ctx.message.subject.trim().slice(0, 500) } : {}),
            origin: 'aun',
            externalId,
          },
        },
      });
    }
    let targetName = '';
    if (withHandoff && stage && target) {
      const [kind, id] = target.split(':', 2) as ['user' | 'queue', string];
      targetName = kind === 'user' ? userName(data, id) : queueName(data, id);
      calls.push({
        name: 'handoff.create',
        args: {
          id: newId(),
          leadId,
          stageId: stage.id,
          ...(kind === 'user' ? { toUserId: id } : { toQueueId: id }),
          ...(note.trim() ? { note: note.trim() } : {}),
          checkedItemIds: checked,
          createdAt: nowIso(),
        },
      });
    }
    try {
      await mutate.mutateAsync({ calls });
    } catch {
      setError(t('error.actionFailed'));
      return;
    }
    // The mutation re-read the context: report the grade the lead now has.
    const fresh = client.getQueryData<LeadContext>(queryKeys.leadContext(ctx));
    const who = displayName(name, email);
    const parts = [mode === 'tag' ? t('tag.done', { name: who }) : t('track.done', { name: who })];
    if (targetName) parts.push(t('tag.handedTo', { target: targetName }));
    if (fresh?.grade && fresh.lead?.id === leadId) parts.push(t('tag.grade', { grade: fresh.grade.grade }));
    onDone(parts.join(' '));
  };

  const fid = (name: string) => `${idBase}-${name}`;
  return (
    <form className="aun-card aun-form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={fid('title')}>
      <h2 id={fid('title')}>{mode === 'tag' ? t('tag.title') : t('track.title')}</h2>
      {mode === 'tag' && ctx.message ? (
        <p className="aun-muted">
          {t('tag.fromEmail')} <q>{ctx.message.subject}</q>
        </p>
      ) : null}
      <label className="aun-field" htmlFor={fid('email')}>
        <span>{t('form.email')}</span>
      </label>
      <input id={fid('email')} type="email" value={form.email} onChange={set('email')} required aria-invalid={error === t('form.emailInvalid')} />
      <div className="aun-two">
        <div>
          <label className="aun-field" htmlFor={fid('family')}>
            <span>{t('form.family')}</span>
          </label>
          <input id={fid('family')} value={form.family} maxLength={200} onChange={set('family')} autoComplete="off" />
        </div>
        <div>
          <label className="aun-field" htmlFor={fid('given')}>
            <span>{t('form.given')}</span>
          </label>
          <input id={fid('given')} value={form.given} maxLength={200} onChange={set('given')} autoComplete="off" />
        </div>
      </div>
      <label className="aun-field" htmlFor={fid('company')}>
        <span>{t('form.company')}</span>
      </label>
      <input id={fid('company')} value={form.company} maxLength={200} onChange={set('company')} autoComplete="off" />
      <label className="aun-field" htmlFor={fid('titleField')}>
        <span>
          {t('form.jobTitle')} {t('common.optionalMark')}
        </span>
      </label>
      <input id={fid('titleField')} value={form.title} maxLength={200} onChange={set('title')} autoComplete="off" />
      <div className="aun-two">
        <div>
          <label className="aun-field" htmlFor={fid('channel')}>
            <span>{t('form.channel')}</span>
          </label>
          <select id={fid('channel')} value={form.channel} onChange={set('channel')}>
            {SourceChannel.options.map((c) => (
              <option key={c} value={c}>
                {localized(SOURCE_CHANNEL_LABELS[c], t.locale)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label className="aun-field" htmlFor={fid('campaign')}>
            <span>
              {t('form.campaign')} {t('common.optionalMark')}
            </span>
          </label>
          <input id={fid('campaign')} value={form.campaign} maxLength={200} onChange={set('campaign')} autoComplete="off" />
        </div>
      </div>
      {withHandoff && stage ? (
        <>
          <fieldset className="aun-checklist">
            <legend>{t('tag.checklist', { stage: localized(stage.label, t.locale) })}</legend>
            <ul>
              {stage.checklist.map((item) => (
                <li key={item.id}>
                  <input
                    id={fid(`check-${item.id}`)}
                    type="checkbox"
                    checked={checked.includes(item.id)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked;
                      setChecked((c) => (on ? [...c, item.id] : c.filter((x) => x !== item.id)));
                    }}
                  />
                  <label htmlFor={fid(`check-${item.id}`)}>
                    {localized(item.label, t.locale)}
                    {item.required ? <span className="aun-required"> {t('checklist.required')}</span> : null}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <label className="aun-field" htmlFor={fid('target')}>
            <span>{t('tag.handOffTo')}</span>
          </label>
          <select id={fid('target')} value={target} onChange={(e) => setTarget(e.currentTarget.value)}>
            <option value="">{t('tag.notNow')}</option>
            {reps.length > 0 ? (
              <optgroup label={t('tag.reps')}>
                {reps.map((u) => (
                  <option key={u.id} value={`user:${u.id}`}>
                    {u.away ? t('tag.away', { name: u.name }) : u.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {data.queues.length > 0 ? (
              <optgroup label={t('tag.queues')}>
                {data.queues.map((q) => (
                  <option key={q.id} value={`queue:${q.id}`}>
                    {q.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
          {target ? (
            <>
              <label className="aun-field" htmlFor={fid('note')}>
                <span>
                  {t('tag.note')} {t('common.optionalMark')}
                </span>
              </label>
              <textarea id={fid('note')} value={note} rows={3} maxLength={5000} onChange={(e) => setNote(e.currentTarget.value)} />
            </>
          ) : null}
        </>
      ) : null}
      {error ? (
        <p role="alert" className="aun-error">
          {error}
        </p>
      ) : null}
      <div className="aun-button-row">
        {onCancel ? (
          <button type="button" className="aun-button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
        <button type="submit" className="aun-button aun-button-primary" disabled={mutate.isPending}>
          {mode === 'track' ? t('track.submit') : target ? t('tag.submitHandoff') : t('tag.submit')}
        </button>
      </div>
    </form>
  );
}
