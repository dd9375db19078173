import { z } from 'zod';
import { Id, ShortText, Timestamp } from './common';

export const TouchType = z.enum([
  'email_open',
  'email_click',
  'web_visit',
  'form_submit',
  'content_download',
  'webinar_registered',
  'webinar_attended',
  'event_visit',
  'seminar_attended',
  'exhibition_booth',
  'inbound_email',
  'ad_click',
  'call',
  'meeting',
  'list_import',
]);
export type TouchType = z.infer<typeof TouchType>;

export const Touch = z.strictObject({
  id: Id,
  leadId: Id,
  type: TouchType,
  occurredAt: Timestamp,
  campaign: ShortText.optional(),
  /** What was touched: a page, an asset title, an email subject. */
  detail: z.string().trim().max(500).optional(),
  /** The system the touch came from: 'aun', 'marketo', 'csv', a webhook name. */
  origin: z.string().trim().min(1).max(64),
  /** The id in the origin system; (origin, externalId) makes ingest idempotent. */
  externalId: z.string().trim().min(1).max(200).optional(),
  createdBy: Id.optional(),
});
export type Touch = z.infer<typeof Touch>;
