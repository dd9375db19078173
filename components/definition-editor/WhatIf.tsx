import { useMutation } from '@tanstack/react-query';
import type { LeadDefinition } from '../../lib/domain/definition';
import type { WhatIfLead, WhatIfResult } from '../../lib/background/review';
import { call } from '../../lib/messages';
import { fill } from '../review/strings';
import type { EditorStrings } from './strings';

const FITS = ['A', 'B', 'C', 'D'] as const;
const LEVELS = [1, 2, 3, 4] as const;

/** Regrade the replica's leads under the draft (in the background) and show what would change. */
export function WhatIf({ draft, valid, s, lang }: { draft: LeadDefinition; valid: boolean; s: EditorStrings; lang: 'ja' | 'en' }) {
  const key = JSON.stringify(draft);
  const run = useMutation({
    mutationFn: async (definition: LeadDefinition) => ({ key: JSON.stringify(definition), result: await call('whatIfDefinition', { definition }) }),
  });
  const nf = new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US');
  const r = run.data?.result;
  return (
    <section className="what-if" aria-labelledby="what-if-h">
      <h2 id="what-if-h">{s.whatIf}</h2>
      <p className="note">{s.whatIfNote}</p>
      <button type="button" disabled={!valid || run.isPending} onClick={() => run.mutate(draft)}>
        {run.isPending ? s.running : s.runWhatIf}
      </button>
      {run.isError ? <p role="alert">{String(run.error.message)}</p> : null}
      {r ? (
        <div aria-live="polite">
          {run.data && run.data.key !== key ? <p className="note">{s.stale}</p> : null}
          <p>
            {fill(s.whatIfScope, { n: nf.format(r.evaluated), total: nf.format(r.total) })} {r.capped ? fill(s.whatIfCapped, { n: nf.format(r.evaluated) }) : null}
          </p>
          <p className="mql-delta">
            {s.mqlCount}: {s.before} <strong>{nf.format(r.mqlBefore)}</strong> → {s.after} <strong>{nf.format(r.mqlAfter)}</strong> ({r.mqlAfter - r.mqlBefore >= 0 ? '+' : ''}
            {nf.format(r.mqlAfter - r.mqlBefore)})
          </p>
          <p>{fill(s.gradeChanged, { n: nf.format(r.gradeChanged) })}</p>
          <GradeMatrix result={r} s={s} nf={nf} />
          <LeadList title={fill(s.leaving, { n: nf.format(r.leavingCount) })} leads={r.leaving} s={s} id="leaving" />
          <LeadList title={fill(s.entering, { n: nf.format(r.enteringCount) })} leads={r.entering} s={s} id="entering" />
        </div>
      ) : null}
    </section>
  );
}

function GradeMatrix({ result, s, nf }: { result: WhatIfResult; s: EditorStrings; nf: Intl.NumberFormat }) {
  return (
    <table className="grade-matrix">
      <caption>{s.gradeMatrix}</caption>
      <thead>
        <tr>
          <th scope="col">{s.gradeCol}</th>
          {LEVELS.map((l) => (
            <th key={l} scope="col">
              {l}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {FITS.map((f) => (
          <tr key={f}>
            <th scope="row">{f}</th>
            {LEVELS.map((l) => {
              const before = result.before[`${f}${l}`] ?? 0;
              const after = result.after[`${f}${l}`] ?? 0;
              return (
                <td key={l} data-grade={`${f}${l}`} className={before !== after ? 'changed' : undefined}>
                  {nf.format(before)} → {nf.format(after)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LeadList({ title, leads, s, id }: { title: string; leads: WhatIfLead[]; s: EditorStrings; id: string }) {
  return (
    <table className="what-if-leads" data-list={id}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{s.nameCol}</th>
          <th scope="col">{s.companyCol}</th>
          <th scope="col">{s.gradeCol}</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((l) => (
          <tr key={l.id}>
            <th scope="row">{l.name}</th>
            <td>{l.company ?? ''}</td>
            <td>
              {l.before} → {l.after}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
