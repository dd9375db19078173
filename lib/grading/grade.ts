import type { EngagementLevel, FitCondition, FitLetter, LeadDefinition } from '../domain/definition';
import type { Lead } from '../domain/lead';
import type { LocalizedText } from '../domain/common';
import type { Touch, TouchType } from '../domain/touch';
import { TOUCH_TYPE_LABELS } from '../domain/labels';

export interface GradeReason {
  kind: 'fit' | 'engagement' | 'summary' | 'mql';
  /** The fit rule id, the touch type, or 'fit' / 'engagement' / 'mql' for the summaries. */
  ruleId: string;
  /** Points this reason adds (0 for summaries). */
  effect: number;
  text: LocalizedText;
}

export interface GradeResult {
  fit: FitLetter;
  engagement: EngagementLevel;
  /** e.g. "A2". */
  grade: `${FitLetter}${EngagementLevel}`;
  fitPoints: number;
  /** Decayed engagement points, rounded to 0.1. */
  engagementPoints: number;
  /** fitPoints + engagementPoints, rounded: a single number for sorting. */
  score: number;
  mqlReady: boolean;
  reasons: GradeReason[];
}

type GradedLead = Pick<Lead, 'email' | 'title' | 'department' | 'firmographics'>;
type GradedTouch = Pick<Touch, 'type' | 'occurredAt'>;

const DAY_MS = 86_400_000;
const FIT_ORDER: readonly FitLetter[] = ['A', 'B', 'C', 'D'];

/**
 * Grade a lead under a definition at an instant. Pure and deterministic: the same inputs
 * give the same grade and the same explanation. Every point in the result has a reason.
 */
export function gradeLead(lead: GradedLead, touches: readonly GradedTouch[], definition: LeadDefinition, now: Date | number): GradeResult {
  const nowMs = typeof now === 'number' ? now : now.getTime();
  const reasons: GradeReason[] = [];

  // Fit: the sum of every matching rule's points.
  let fitPoints = 0;
  for (const rule of definition.fit.rules) {
    if (!matches(rule.when, lead)) continue;
    fitPoints += rule.points;
    reasons.push({
      kind: 'fit',
      ruleId: rule.id,
      effect: rule.points,
      text: { ja: `${rule.label.ja}: ${signed(rule.points)}点`, en: `${rule.label.en}: ${signed(rule.points)} pts` },
    });
  }
  const t = definition.fit.thresholds;
  const fit: FitLetter = fitPoints >= t.A ? 'A' : fitPoints >= t.B ? 'B' : fitPoints >= t.C ? 'C' : 'D';
  reasons.push({
    kind: 'summary',
    ruleId: 'fit',
    effect: 0,
    text: {
      ja: `適合度 ${fitPoints}点 → ${fit}（A ≥ ${t.A}、B ≥ ${t.B}、C ≥ ${t.C}）`,
      en: `Fit ${fitPoints} pts → ${fit} (A ≥ ${t.A}, B ≥ ${t.B}, C ≥ ${t.C})`,
    },
  });

  // Engagement: each touch's points halve every halfLifeDays; grouped by type for the explanation.
  const halfLifeMs = definition.engagement.halfLifeDays * DAY_MS;
  const byType = new Map<TouchType, { count: number; raw: number; decayed: number }>();
  for (const touch of touches) {
    const base = definition.engagement.points[touch.type] ?? 0;
    if (base === 0) continue;
    const ageMs = Math.max(0, nowMs - Date.parse(touch.occurredAt));
    const decayed = base * Math.pow(0.5, ageMs / halfLifeMs);
    const entry = byType.get(touch.type);
    if (entry) {
      entry.count += 1;
      entry.raw += base;
      entry.decayed += decayed;
    } else byType.set(touch.type, { count: 1, raw: base, decayed });
  }
  let engagementRaw = 0;
  const engagementReasons: GradeReason[] = [];
  for (const [type, { count, raw, decayed }] of byType) {
    engagementRaw += decayed;
    const effect = round1(decayed);
    const label = TOUCH_TYPE_LABELS[type];
    engagementReasons.push({
      kind: 'engagement',
      ruleId: type,
      effect,
      text: {
        ja: `${label.ja} ×${count}: +${effect}点（減衰前 ${raw}点）`,
        en: `${label.en} ×${count}: +${effect} pts (${raw} before decay)`,
      },
    });
  }
  engagementReasons.sort((a, b) => b.effect - a.effect || a.ruleId.localeCompare(b.ruleId));
  reasons.push(...engagementReasons);
  const engagementPoints = round1(engagementRaw);
  const e = definition.engagement.thresholds;
  const engagement: EngagementLevel = engagementPoints >= e[4] ? 4 : engagementPoints >= e[3] ? 3 : engagementPoints >= e[2] ? 2 : 1;
  reasons.push({
    kind: 'summary',
    ruleId: 'engagement',
    effect: 0,
    text: {
      ja: `関与度 ${engagementPoints}点 → ${engagement}（半減期 ${definition.engagement.halfLifeDays}日、2 ≥ ${e[2]}、3 ≥ ${e[3]}、4 ≥ ${e[4]}）`,
      en: `Engagement ${engagementPoints} pts → ${engagement} (half-life ${definition.engagement.halfLifeDays} days; 2 ≥ ${e[2]}, 3 ≥ ${e[3]}, 4 ≥ ${e[4]})`,
    },
  });

  const { minFit, minEngagement } = definition.mql;
  const fitOk = FIT_ORDER.indexOf(fit) <= FIT_ORDER.indexOf(minFit);
  const engagementOk = engagement >= minEngagement;
  const mqlReady = fitOk && engagementOk;
  reasons.push({
    kind: 'mql',
    ruleId: 'mql',
    effect: 0,
    text: mqlReady
      ? { ja: `MQL基準を満たす（適合度 ${minFit} 以上かつ関与度 ${minEngagement} 以上）`, en: `Meets the MQL threshold (fit ${minFit} or better and engagement ${minEngagement}+)` }
      : {
          ja: `MQL基準に未達（${[!fitOk && `適合度 ${fit} < ${minFit}`, !engagementOk && `関与度 ${engagement} < ${minEngagement}`].filter(Boolean).join('、')}）`,
          en: `Below the MQL threshold (${[!fitOk && `fit ${fit} below ${minFit}`, !engagementOk && `engagement ${engagement} below ${minEngagement}`].filter(Boolean).join(', ')})`,
        },
  });

  return {
    fit,
    engagement,
    grade: `${fit}${engagement}`,
    fitPoints,
    engagementPoints,
    score: Math.round(fitPoints + engagementPoints),
    mqlReady,
    reasons,
  };
}

/**
 * A condition's values in lower case, made once per values array rather than for every lead a
 * regrade grades (a replaced array, as the definition editor makes, is lowered again).
 */
const loweredValues = new WeakMap<readonly string[], readonly string[]>();

function lowered(cond: FitCondition): readonly string[] {
  let values = loweredValues.get(cond.values);
  if (!values) loweredValues.set(cond.values, (values = cond.values.map((v) => v.toLowerCase())));
  return values;
}

function matches(cond: FitCondition, lead: GradedLead): boolean {
  const value = fieldValue(cond.field, lead);
  if (value === undefined || value === '') return cond.op === 'not_in';
  const lower = value.toLowerCase();
  switch (cond.op) {
    case 'in':
      return lowered(cond).includes(lower);
    case 'not_in':
      return !lowered(cond).includes(lower);
    case 'contains_any':
      return lowered(cond).some((v) => containsTerm(lower, v));
  }
}

const ASCII_WORD = /[a-z0-9]/;

/**
 * Substring test where a Latin needle must not run into Latin letters or digits around it:
 * 'CTO' is not in 'Director', 'Intern' not in 'International', 'IT' not in 'Security'.
 * Japanese needles (部長, 情シス) match anywhere, as Japanese has no spaces between words.
 */
function containsTerm(haystack: string, needle: string): boolean {
  const edgeStart = ASCII_WORD.test(needle.charAt(0));
  const edgeEnd = ASCII_WORD.test(needle.charAt(needle.length - 1));
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack.charAt(at - 1);
    const after = haystack.charAt(at + needle.length);
    if ((!edgeStart || !ASCII_WORD.test(before)) && (!edgeEnd || !ASCII_WORD.test(after))) return true;
  }
  return false;
}

function fieldValue(field: FitCondition['field'], lead: GradedLead): string | undefined {
  switch (field) {
    case 'industry':
      return lead.firmographics.industry;
    case 'employeeBand':
      return lead.firmographics.employeeBand;
    case 'country':
      return lead.firmographics.country;
    case 'region':
      return lead.firmographics.region;
    case 'title':
      return lead.title;
    case 'department':
      return lead.department;
    case 'emailDomain':
      return lead.email.slice(lead.email.lastIndexOf('@') + 1);
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
