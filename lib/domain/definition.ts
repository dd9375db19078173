import { z } from 'zod';
import { Id, LocalizedText, Timestamp, TimeZone } from './common';
import { TouchType } from './touch';

export const FitLetter = z.enum(['A', 'B', 'C', 'D']);
export type FitLetter = z.infer<typeof FitLetter>;
export const EngagementLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type EngagementLevel = z.infer<typeof EngagementLevel>;

/** Lead fields a fit rule can look at. `emailDomain` is the part after @. */
export const FitField = z.enum(['industry', 'employeeBand', 'country', 'region', 'title', 'department', 'emailDomain']);
export type FitField = z.infer<typeof FitField>;

/**
 * A fit condition. `contains_any` is a case-insensitive substring test (for titles such as
 * 部長 / director) in which a Latin term must stand as a word ('CTO' does not match 'Director');
 * there are deliberately no user regular expressions, which could hang a grader.
 */
export const FitCondition = z.strictObject({
  field: FitField,
  op: z.enum(['in', 'not_in', 'contains_any']),
  values: z.array(z.string().trim().min(1).max(100)).min(1).max(200),
});
export type FitCondition = z.infer<typeof FitCondition>;

export const FitRule = z.strictObject({
  id: Id,
  label: LocalizedText,
  when: FitCondition,
  /** Points added when the condition holds (negative to penalise). */
  points: z.number().int().min(-100).max(100),
});
export type FitRule = z.infer<typeof FitRule>;

export const ChecklistItem = z.strictObject({
  id: Id,
  label: LocalizedText,
  required: z.boolean(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const RoutingRule = z.strictObject({
  field: z.enum(['region', 'country', 'industry', 'employeeBand']),
  values: z.array(z.string().trim().min(1).max(100)).min(1).max(200),
  assignTo: Id,
});
export type RoutingRule = z.infer<typeof RoutingRule>;

export const Routing = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('manual') }),
  z.strictObject({ mode: z.literal('round_robin') }),
  z.strictObject({ mode: z.literal('rules'), rules: z.array(RoutingRule).max(500), fallback: z.enum(['manual', 'round_robin']) }),
]);
export type Routing = z.infer<typeof Routing>;

export const Team = z.enum(['marketing', 'inside_sales', 'sales', 'customer_success']);
export type Team = z.infer<typeof Team>;

export const HandoffStage = z.strictObject({
  id: Id,
  label: LocalizedText,
  from: Team,
  to: Team,
  slaHours: z.number().positive().max(24 * 90),
  /** Count the SLA in business hours (the definition's calendar) rather than wall-clock hours. */
  businessHoursOnly: z.boolean().default(false),
  checklist: z.array(ChecklistItem).max(30),
  routing: Routing.default({ mode: 'manual' }),
});
export type HandoffStage = z.infer<typeof HandoffStage>;

export const RejectionReason = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  label: LocalizedText,
});
export type RejectionReason = z.infer<typeof RejectionReason>;

export const BusinessCalendar = z.strictObject({
  timezone: TimeZone,
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days. */
  workdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  end: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
  /** Public-holiday calendar to skip. */
  holidays: z.enum(['jp', 'none']),
});
export type BusinessCalendar = z.infer<typeof BusinessCalendar>;

const TouchPoints = z.partialRecord(TouchType, z.number().min(0).max(100));

/** The agreement between marketing and sales. Versioned; handoffs keep the version they were made under. */
export const LeadDefinition = z
  .strictObject({
    version: z.number().int().positive(),
    publishedAt: Timestamp,
    publishedBy: Id.optional(),
    fit: z.strictObject({
      rules: z.array(FitRule).max(200),
      /** Minimum fit points for each letter; below C is D. */
      thresholds: z.strictObject({ A: z.number(), B: z.number(), C: z.number() }),
    }),
    engagement: z.strictObject({
      points: TouchPoints,
      /** A touch's points halve every this many days. */
      halfLifeDays: z.number().positive().max(3650),
      /** Minimum decayed points for levels 2, 3 and 4; below level 2 is 1. */
      thresholds: z.strictObject({ 2: z.number().positive(), 3: z.number().positive(), 4: z.number().positive() }),
    }),
    /** A lead is MQL-ready when its fit is at least `minFit` and its engagement at least `minEngagement`. */
    mql: z.strictObject({ minFit: FitLetter, minEngagement: EngagementLevel }),
    stages: z.array(HandoffStage).min(1).max(10),
    rejectionReasons: z.array(RejectionReason).min(1).max(50),
    calendar: BusinessCalendar,
  })
  .superRefine((def, ctx) => {
    const { A, B, C } = def.fit.thresholds;
    if (!(A > B && B > C)) ctx.addIssue({ code: 'custom', path: ['fit', 'thresholds'], message: 'thresholds must satisfy A > B > C' });
    const t = def.engagement.thresholds;
    if (!(t[4] > t[3] && t[3] > t[2])) ctx.addIssue({ code: 'custom', path: ['engagement', 'thresholds'], message: 'thresholds must satisfy 4 > 3 > 2' });
    reportDuplicates(def.fit.rules.map((r) => r.id), ['fit', 'rules'], 'fit rule id', ctx);
    reportDuplicates(def.stages.map((s) => s.id), ['stages'], 'stage id', ctx);
    reportDuplicates(def.rejectionReasons.map((r) => r.code), ['rejectionReasons'], 'reason code', ctx);
    def.stages.forEach((stage, i) => reportDuplicates(stage.checklist.map((c) => c.id), ['stages', i, 'checklist'], 'checklist item id', ctx));
    if (def.calendar.start >= def.calendar.end) ctx.addIssue({ code: 'custom', path: ['calendar'], message: 'the working day must end after it starts' });
  });
export type LeadDefinition = z.infer<typeof LeadDefinition>;

function reportDuplicates(ids: string[], path: (string | number)[], what: string, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path, message: `duplicate ${what}: ${id}` });
    seen.add(id);
  }
}

export function stageById(def: LeadDefinition, stageId: string): HandoffStage | undefined {
  return def.stages.find((s) => s.id === stageId);
}
