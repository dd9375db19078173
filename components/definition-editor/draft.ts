import type { LeadDefinition } from '../../lib/domain/definition';

/** A definition being edited: the same shape, but numbers may be NaN and value lists may hold blank lines. */
export type Draft = LeadDefinition;

/** What gets validated, previewed and published: blank values dropped, text trimmed by the schema. */
export function cleanDraft(draft: Draft): Draft {
  return {
    ...draft,
    fit: { ...draft.fit, rules: draft.fit.rules.map((r) => ({ ...r, when: { ...r.when, values: nonBlank(r.when.values) } })) },
    stages: draft.stages.map((stage) =>
      stage.routing.mode === 'rules' ? { ...stage, routing: { ...stage.routing, rules: stage.routing.rules.map((r) => ({ ...r, values: nonBlank(r.values) })) } } : stage,
    ),
  };
}

const nonBlank = (values: readonly string[]) => values.map((v) => v.trim()).filter(Boolean);

export const parseNumber = (raw: string): number => (raw.trim() === '' ? Number.NaN : Number(raw));

/** A fresh id that is not taken yet: prefix_2, prefix_3, … */
export function freshId(prefix: string, taken: readonly string[]): string {
  for (let n = taken.length + 1; ; n++) if (!taken.includes(`${prefix}_${n}`)) return `${prefix}_${n}`;
}
