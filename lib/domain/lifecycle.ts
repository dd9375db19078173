import type { LifecycleStage } from './lead';
import type { DecisionKind, OutcomeKind } from './handoff';
import type { BusinessCalendar, HandoffStage } from './definition';
import { addBusinessHours } from './business-hours';

/**
 * How a lead's lifecycle stage moves. Pure and shared, so the server's rules and the
 * extension's optimistic updates agree on every transition.
 */
const RANK: Record<LifecycleStage, number> = {
  inquiry: 0,
  recycled: 0,
  disqualified: 0,
  mql: 1,
  sal: 2,
  sql: 3,
  opportunity: 4,
  won: 5,
  lost: 5,
};

/** Moves forward along the waterfall only; never back (a won lead stays won). */
function forward(current: LifecycleStage, target: LifecycleStage): LifecycleStage {
  if (current === 'won' || current === 'lost') return current;
  return RANK[target] > RANK[current] ? target : current;
}

export function stageAfterHandoffCreated(current: LifecycleStage): LifecycleStage {
  return current === 'recycled' || current === 'disqualified' ? 'mql' : forward(current, 'mql');
}

export function stageAfterDecision(current: LifecycleStage, kind: DecisionKind): LifecycleStage {
  switch (kind) {
    case 'accept':
      return forward(current, 'sal');
    case 'reject':
      // Back to marketing, still qualified: marketing recycles it or hands it over again after fixing.
      return current === 'won' || current === 'lost' ? current : 'mql';
    case 'recycle':
      return current === 'won' || current === 'lost' ? current : 'recycled';
  }
}

export function stageAfterOutcome(current: LifecycleStage, kind: OutcomeKind): LifecycleStage {
  switch (kind) {
    case 'contacted':
      return forward(current, 'sal');
    case 'meeting':
      return forward(current, 'sql');
    case 'opportunity':
      return forward(current, 'opportunity');
    case 'won':
      return current === 'lost' ? current : 'won';
    case 'lost':
      return current === 'won' ? current : 'lost';
  }
}

/**
 * The SLA due time of a handoff assigned at `assignedAt`: wall-clock hours, or working hours of
 * the definition's calendar when the stage counts business hours only.
 */
export function slaDueAt(assignedAt: string, stage: Pick<HandoffStage, 'slaHours' | 'businessHoursOnly'>, calendar?: BusinessCalendar): string {
  if (stage.businessHoursOnly && calendar) return addBusinessHours(assignedAt, stage.slaHours, calendar);
  return new Date(Date.parse(assignedAt) + stage.slaHours * 3_600_000).toISOString();
}
