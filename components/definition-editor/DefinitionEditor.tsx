import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { FitField, type LeadDefinition } from '../../lib/domain/definition';
import { TOUCH_TYPE_LABELS } from '../../lib/domain/labels';
import { TouchType } from '../../lib/domain/touch';
import { call } from '../../lib/messages';
import { fill } from '../review/strings';
import { cleanDraft, freshId, type Draft } from './draft';
import { CheckField, ErrorsContext, ReadOnlyContext, GroupError, LinesField, NumberField, Row, SelectField, TextField } from './fields';
import { EDITOR_STRINGS, type EditorStrings } from './strings';
import { useLastPublish, usePublishDefinition } from './publish';
import { CalendarEditor } from './CalendarEditor';
import { RoutingEditor } from './RoutingEditor';
import { validateDraft } from './validation';
import { WhatIf } from './WhatIf';

const FIELD_LABELS: Record<FitField, { ja: string; en: string }> = {
  industry: { ja: '業種', en: 'Industry' },
  employeeBand: { ja: '従業員規模', en: 'Employee band' },
  country: { ja: '国', en: 'Country' },
  region: { ja: '地域・都道府県', en: 'Region' },
  title: { ja: '役職', en: 'Title' },
  department: { ja: '部署', en: 'Department' },
  emailDomain: { ja: 'メールドメイン', en: 'Email domain' },
};
const TEAMS = ['marketing', 'inside_sales', 'sales', 'customer_success'] as const;
const TEAM_LABEL = { marketing: 'teamMarketing', inside_sales: 'teamInsideSales', sales: 'teamSales', customer_success: 'teamCustomerSuccess' } as const;

/**
 * The agreement between marketing and sales, edited as a draft: validated with the LeadDefinition
 * schema on every change (messages at their fields, in the user's language), previewed with a
 * what-if regrade, and published through the outbox. Non-admins see it read-only.
 */
export function DefinitionEditor({ definition, lang, canEdit }: { definition: LeadDefinition; lang: 'ja' | 'en'; canEdit: boolean }) {
  const s = EDITOR_STRINGS[lang];
  const [draft, setDraft] = useState<Draft>(() => structuredClone(definition));
  const edit = (fn: (d: Draft) => void) =>
    setDraft((prev) => {
      const next = structuredClone(prev);
      fn(next);
      return next;
    });
  // Routing rules name people: offer the workspace's users, and check the rules as the server will.
  const team = useQuery({ queryKey: ['team'], queryFn: () => call('getTeam', {}) });
  const users = useMemo(() => (team.data ? new Map(team.data.users.map((u) => [u.id, u])) : undefined), [team.data]);
  const cleaned = useMemo(() => cleanDraft(draft), [draft]);
  const validation = useMemo(() => validateDraft(cleaned, lang, users), [cleaned, lang, users]);
  const errors = useMemo(() => {
    const map = new Map<string, string[]>();
    for (const e of validation.errors) map.set(e.path, [...(map.get(e.path) ?? []), e.message]);
    return map;
  }, [validation]);
  const publish = usePublishDefinition();
  const last = useLastPublish();
  const dateFmt = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-US', { dateStyle: 'medium', timeStyle: 'short' });
  const L = (t: { ja: string; en: string }) => t[lang];
  const rm = (what: string) => `${s.remove}: ${what}`;
  const teamOptions = TEAMS.map((team) => ({ value: team, label: s[TEAM_LABEL[team]] }));

  return (
    <ErrorsContext.Provider value={errors}>
      <ReadOnlyContext.Provider value={!canEdit}>
        <div className="definition-editor">
          <h2>{s.heading}</h2>
          <p className="note">{fill(s.version, { v: definition.version, at: dateFmt.format(new Date(definition.publishedAt)) })}</p>
          {!canEdit ? <p role="note">{s.readOnly}</p> : null}

          {canEdit ? (
            <div className="validation" aria-live="polite">
              {validation.ok ? (
                <p className="ok">{s.valid}</p>
              ) : (
                <>
                  <p role="alert">{fill(s.errorsHeading, { n: validation.errors.length })}</p>
                  <ul>
                    {validation.errors.map((e, i) => (
                      <li key={i}>
                        <code>{e.path || '—'}</code> {e.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          ) : null}

          <fieldset disabled={!canEdit} className={`editor-body${canEdit ? '' : ' read-only'}`}>
            <section aria-labelledby="fit-rules-h">
              <h3 id="fit-rules-h">{s.fitRules}</h3>
              <GroupError path="fit.rules" />
              {draft.fit.rules.map((rule, i) => (
                <Row key={i} removeLabel={rm(rule.id)} onRemove={() => edit((d) => void d.fit.rules.splice(i, 1))}>
                  <TextField path={`fit.rules.${i}.id`} label={s.ruleId} value={rule.id} onChange={(v) => edit((d) => void (d.fit.rules[i]!.id = v))} />
                  <TextField path={`fit.rules.${i}.label.ja`} label={s.labelJa} value={rule.label.ja} onChange={(v) => edit((d) => void (d.fit.rules[i]!.label.ja = v))} />
                  <TextField path={`fit.rules.${i}.label.en`} label={s.labelEn} value={rule.label.en} onChange={(v) => edit((d) => void (d.fit.rules[i]!.label.en = v))} />
                  <SelectField
                    path={`fit.rules.${i}.when.field`}
                    label={s.field}
                    value={rule.when.field}
                    options={FitField.options.map((f) => ({ value: f, label: L(FIELD_LABELS[f]) }))}
                    onChange={(v) => edit((d) => void (d.fit.rules[i]!.when.field = v))}
                  />
                  <SelectField
                    path={`fit.rules.${i}.when.op`}
                    label={s.op}
                    value={rule.when.op}
                    options={[
                      { value: 'in' as const, label: s.opIn },
                      { value: 'not_in' as const, label: s.opNotIn },
                      { value: 'contains_any' as const, label: s.opContains },
                    ]}
                    onChange={(v) => edit((d) => void (d.fit.rules[i]!.when.op = v))}
                  />
                  <LinesField path={`fit.rules.${i}.when.values`} label={s.values} value={rule.when.values} onChange={(v) => edit((d) => void (d.fit.rules[i]!.when.values = v))} />
                  <NumberField path={`fit.rules.${i}.points`} label={s.points} step={1} value={rule.points} onChange={(v) => edit((d) => void (d.fit.rules[i]!.points = v))} />
                </Row>
              ))}
              <button
                type="button"
                onClick={() =>
                  edit((d) =>
                    void d.fit.rules.push({
                      id: freshId('rule', d.fit.rules.map((r) => r.id)),
                      label: { ja: '新しいルール', en: 'New rule' },
                      when: { field: 'industry', op: 'in', values: [''] },
                      points: 10,
                    }),
                  )
                }
              >
                {s.addRule}
              </button>
            </section>

            <section aria-labelledby="fit-th-h">
              <h3 id="fit-th-h">{s.fitThresholds}</h3>
              <GroupError path="fit.thresholds" />
              {(['A', 'B', 'C'] as const).map((k) => (
                <NumberField key={k} path={`fit.thresholds.${k}`} label={k} value={draft.fit.thresholds[k]} onChange={(v) => edit((d) => void (d.fit.thresholds[k] = v))} />
              ))}
            </section>

            <section aria-labelledby="touch-h">
              <h3 id="touch-h">{s.touchPoints}</h3>
              <div className="grid">
                {TouchType.options.map((type) => (
                  <NumberField
                    key={type}
                    path={`engagement.points.${type}`}
                    label={L(TOUCH_TYPE_LABELS[type])}
                    value={draft.engagement.points[type] ?? 0}
                    onChange={(v) => edit((d) => void (d.engagement.points[type] = v))}
                  />
                ))}
              </div>
              <NumberField path="engagement.halfLifeDays" label={s.halfLife} value={draft.engagement.halfLifeDays} onChange={(v) => edit((d) => void (d.engagement.halfLifeDays = v))} />
            </section>

            <section aria-labelledby="eng-th-h">
              <h3 id="eng-th-h">{s.engagementThresholds}</h3>
              <GroupError path="engagement.thresholds" />
              {([2, 3, 4] as const).map((k) => (
                <NumberField
                  key={k}
                  path={`engagement.thresholds.${k}`}
                  label={fill(s.level, { n: k })}
                  value={draft.engagement.thresholds[k]}
                  onChange={(v) => edit((d) => void (d.engagement.thresholds[k] = v))}
                />
              ))}
            </section>

            <section aria-labelledby="mql-h">
              <h3 id="mql-h">{s.mql}</h3>
              <SelectField
                path="mql.minFit"
                label={s.minFit}
                value={draft.mql.minFit}
                options={(['A', 'B', 'C', 'D'] as const).map((v) => ({ value: v, label: v }))}
                onChange={(v) => edit((d) => void (d.mql.minFit = v))}
              />
              <SelectField
                path="mql.minEngagement"
                label={s.minEngagement}
                value={draft.mql.minEngagement}
                options={([1, 2, 3, 4] as const).map((v) => ({ value: v, label: String(v) }))}
                onChange={(v) => edit((d) => void (d.mql.minEngagement = v))}
              />
            </section>

            <section aria-labelledby="stages-h">
              <h3 id="stages-h">{s.stages}</h3>
              <GroupError path="stages" />
              {draft.stages.map((stage, i) => (
                <div key={i} className="stage">
                  <Row removeLabel={rm(stage.id)} onRemove={draft.stages.length > 1 ? () => edit((d) => void d.stages.splice(i, 1)) : undefined}>
                    <TextField path={`stages.${i}.id`} label={s.stageId} value={stage.id} onChange={(v) => edit((d) => void (d.stages[i]!.id = v))} />
                    <TextField path={`stages.${i}.label.ja`} label={s.labelJa} value={stage.label.ja} onChange={(v) => edit((d) => void (d.stages[i]!.label.ja = v))} />
                    <TextField path={`stages.${i}.label.en`} label={s.labelEn} value={stage.label.en} onChange={(v) => edit((d) => void (d.stages[i]!.label.en = v))} />
                    <SelectField path={`stages.${i}.from`} label={s.fromTeam} value={stage.from} options={teamOptions} onChange={(v) => edit((d) => void (d.stages[i]!.from = v))} />
                    <SelectField path={`stages.${i}.to`} label={s.toTeam} value={stage.to} options={teamOptions} onChange={(v) => edit((d) => void (d.stages[i]!.to = v))} />
                    <NumberField path={`stages.${i}.slaHours`} label={s.slaHours} value={stage.slaHours} onChange={(v) => edit((d) => void (d.stages[i]!.slaHours = v))} />
                    <CheckField
                      path={`stages.${i}.businessHoursOnly`}
                      label={s.businessHours}
                      checked={stage.businessHoursOnly}
                      onChange={(v) => edit((d) => void (d.stages[i]!.businessHoursOnly = v))}
                    />
                  </Row>
                  <h4>{s.checklist}</h4>
                  <GroupError path={`stages.${i}.checklist`} />
                  {stage.checklist.map((item, j) => (
                    <Row key={j} removeLabel={rm(item.id)} onRemove={() => edit((d) => void d.stages[i]!.checklist.splice(j, 1))}>
                      <TextField path={`stages.${i}.checklist.${j}.id`} label={s.itemId} value={item.id} onChange={(v) => edit((d) => void (d.stages[i]!.checklist[j]!.id = v))} />
                      <TextField
                        path={`stages.${i}.checklist.${j}.label.ja`}
                        label={s.labelJa}
                        value={item.label.ja}
                        onChange={(v) => edit((d) => void (d.stages[i]!.checklist[j]!.label.ja = v))}
                      />
                      <TextField
                        path={`stages.${i}.checklist.${j}.label.en`}
                        label={s.labelEn}
                        value={item.label.en}
                        onChange={(v) => edit((d) => void (d.stages[i]!.checklist[j]!.label.en = v))}
                      />
                      <CheckField
                        path={`stages.${i}.checklist.${j}.required`}
                        label={s.required}
                        checked={item.required}
                        onChange={(v) => edit((d) => void (d.stages[i]!.checklist[j]!.required = v))}
                      />
                    </Row>
                  ))}
                  <button
                    type="button"
                    onClick={() =>
                      edit((d) => void d.stages[i]!.checklist.push({ id: freshId('item', d.stages[i]!.checklist.map((c) => c.id)), label: { ja: '新しい項目', en: 'New item' }, required: false }))
                    }
                  >
                    {s.addItem}
                  </button>
                  <RoutingEditor path={`stages.${i}.routing`} routing={stage.routing} users={team.data?.users ?? []} s={s} onChange={(next) => edit((d) => void (d.stages[i]!.routing = next))} />
                </div>
              ))}
              <button
                type="button"
                onClick={() =>
                  edit((d) =>
                    void d.stages.push({
                      id: freshId('stage', d.stages.map((st) => st.id)),
                      label: { ja: '新しいステージ', en: 'New stage' },
                      from: TEAMS[0],
                      to: TEAMS[2],
                      slaHours: 24,
                      businessHoursOnly: false,
                      checklist: [],
                      routing: { mode: 'manual' },
                    }),
                  )
                }
              >
                {s.addStage}
              </button>
            </section>

            <CalendarEditor calendar={draft.calendar} s={s} onChange={(calendar) => edit((d) => void (d.calendar = calendar))} />

            <section aria-labelledby="reasons-h">
              <h3 id="reasons-h">{s.reasons}</h3>
              <GroupError path="rejectionReasons" />
              {draft.rejectionReasons.map((reason, i) => (
                <Row key={i} removeLabel={rm(reason.code)} onRemove={() => edit((d) => void d.rejectionReasons.splice(i, 1))}>
                  <TextField path={`rejectionReasons.${i}.code`} label={s.reasonCode} value={reason.code} onChange={(v) => edit((d) => void (d.rejectionReasons[i]!.code = v))} />
                  <TextField path={`rejectionReasons.${i}.label.ja`} label={s.labelJa} value={reason.label.ja} onChange={(v) => edit((d) => void (d.rejectionReasons[i]!.label.ja = v))} />
                  <TextField path={`rejectionReasons.${i}.label.en`} label={s.labelEn} value={reason.label.en} onChange={(v) => edit((d) => void (d.rejectionReasons[i]!.label.en = v))} />
                </Row>
              ))}
              <button
                type="button"
                onClick={() =>
                  edit((d) => void d.rejectionReasons.push({ code: freshId('reason', d.rejectionReasons.map((r) => r.code)), label: { ja: '新しい理由', en: 'New reason' } }))
                }
              >
                {s.addReason}
              </button>
            </section>
          </fieldset>

          {canEdit ? (
            <>
              <WhatIf draft={cleaned} valid={validation.ok} s={s} lang={lang} />
              <div className="publish">
                <button type="button" onClick={() => setDraft(structuredClone(definition))}>
                  {s.reset}
                </button>
                <button type="button" disabled={!validation.ok || publish.isPending} onClick={() => validation.ok && publish.mutate(validation.definition)}>
                  {publish.isPending ? s.publishing : s.publish}
                </button>
                <PublishStatus last={last} s={s} />
              </div>
            </>
          ) : null}
        </div>
      </ReadOnlyContext.Provider>
    </ErrorsContext.Provider>
  );
}

function PublishStatus({ last, s }: { last: ReturnType<typeof useLastPublish>; s: EditorStrings }) {
  if (!last || last.status === 'pending' || last.status === 'idle') return null;
  if (last.status === 'error') return <p role="alert">{fill(s.publishFailed, { message: last.error instanceof Error ? last.error.message : String(last.error) })}</p>;
  const outcome = last.data;
  if (!outcome) return null;
  if (outcome.phase === 'published') return <p role="status">{s.published}</p>;
  if (outcome.phase === 'queued') return <p role="status">{s.publishQueued}</p>;
  return (
    <div role="alert">
      <p>{fill(s.publishRejected, { message: outcome.message })}</p>
      {outcome.issues.length ? (
        <ul>
          {outcome.issues.map((i, k) => (
            <li key={k}>
              <code>{i.path}</code> {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
