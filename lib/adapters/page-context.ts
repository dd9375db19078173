import { z } from 'zod';
import { CrmLink } from '../domain/lead';
import { SITES } from './sites';

/** What a site adapter found on the page: who the person is, and where. */
export const PageContext = z.strictObject({
  site: z.enum(SITES),
  kind: z.enum(['crm-record', 'email-thread']),
  /** Normalised (trimmed, lower-case), de-duplicated, in page order. */
  emails: z.array(z.string().max(254)).max(50),
  name: z.string().max(200).optional(),
  company: z.string().max(200).optional(),
  crmRecord: CrmLink.optional(),
  message: z
    .strictObject({
      subject: z.string().max(1000),
      from: z.string().max(254),
      date: z.string().max(100).optional(),
      threadId: z.string().max(200).optional(),
    })
    .optional(),
});
export type PageContext = z.infer<typeof PageContext>;
