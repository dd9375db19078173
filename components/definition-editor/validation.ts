import type { z } from 'zod';
import { LeadDefinition } from '../../lib/domain/definition';
import { routingAssigneeIssues } from '../../lib/domain/routing';
import type { User } from '../../lib/domain/user';
import { fill } from '../review/strings';
import { EDITOR_STRINGS, type EditorStrings } from './strings';

export interface FieldError {
  /** The dotted path of the field, e.g. 'fit.rules.0.points'. */
  path: string;
  message: string;
}

/**
 * Run the LeadDefinition schema on a draft; every issue becomes a message in the user's language at
 * its field. With the workspace's users, routing rules are checked as the server will on publish.
 */
export function validateDraft(
  draft: unknown,
  lang: 'ja' | 'en',
  users?: ReadonlyMap<string, User>,
): { ok: true; definition: LeadDefinition; errors: [] } | { ok: false; errors: FieldError[] } {
  const parsed = LeadDefinition.safeParse(draft);
  const s = EDITOR_STRINGS[lang];
  if (parsed.success) {
    const routing = users ? routingAssigneeIssues(parsed.data, users) : [];
    if (routing.length === 0) return { ok: true, definition: parsed.data, errors: [] };
    return { ok: false, errors: routing.map((i) => ({ path: i.path, message: i.problem === 'unknown_user' ? s.errUnknownUser : s.errCannotTake })) };
  }
  return { ok: false, errors: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issueMessage(issue, s) })) };
}

export function issueMessage(issue: z.core.$ZodIssue, s: EditorStrings): string {
  const last = String(issue.path.at(-1) ?? '');
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return s.errInteger;
      if (issue.expected === 'number') return s.errNumber;
      return s.errRequired;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? s.errRequired : fill(s.errMin, { n });
      if (issue.origin === 'array' || issue.origin === 'set') return fill(s.errMinItems, { n });
      return issue.inclusive === false ? fill(s.errGreater, { n }) : fill(s.errMin, { n });
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return fill(s.errTooLong, { n });
      if (issue.origin === 'array') return fill(s.errMaxItems, { n });
      return fill(s.errMax, { n });
    }
    case 'invalid_format':
      if (issue.path[0] === 'calendar' && (last === 'start' || last === 'end')) return s.errTime;
      return last === 'code' ? s.errCode : last === 'id' || issue.path.includes('rules') || issue.path.includes('stages') ? s.errId : s.errInvalid;
    case 'invalid_value':
    case 'invalid_union':
      return s.errChoice;
    case 'custom': {
      const m = issue.message;
      if (m.includes('A > B > C')) return s.errFitOrder;
      if (m.includes('4 > 3 > 2')) return s.errEngagementOrder;
      const dup = /^duplicate .*?: (.*)$/.exec(m);
      if (dup) return fill(s.errDuplicate, { id: dup[1]! });
      if (m.includes('working day')) return s.errCalendar;
      if (m.includes('IANA time zone')) return s.errTimeZone;
      return s.errInvalid;
    }
    default:
      return s.errInvalid;
  }
}
