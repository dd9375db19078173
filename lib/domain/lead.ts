import { z } from 'zod';
import { Email, Id, ShortText, Timestamp } from './common';

export const LifecycleStage = z.enum([
  'inquiry',
  'mql',
  'sal',
  'sql',
  'opportunity',
  'won',
  'lost',
  'recycled',
  'disqualified',
]);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** The demand waterfall, in order; recycled and disqualified sit outside it. */
export const WATERFALL: readonly LifecycleStage[] = ['inquiry', 'mql', 'sal', 'sql', 'opportunity', 'won'];

export const SourceChannel = z.enum([
  'web_form',
  'seminar',
  'exhibition',
  'webinar',
  'inbound_email',
  'referral',
  'purchased_list',
  'outsourced_list',
  'partner',
  'ad',
  'organic',
  'other',
]);
export type SourceChannel = z.infer<typeof SourceChannel>;

export const Industry = z.enum([
  'software',
  'it_services',
  'manufacturing',
  'finance',
  'retail',
  'healthcare',
  'construction',
  'logistics',
  'public_sector',
  'education',
  'media',
  'consulting',
  'other',
]);
export type Industry = z.infer<typeof Industry>;

/** Employee-count bands, following the bands common in Japanese company databases. */
export const EmployeeBand = z.enum(['1-9', '10-49', '50-99', '100-299', '300-999', '1000-4999', '5000+']);
export type EmployeeBand = z.infer<typeof EmployeeBand>;

export const CrmSystem = z.enum(['salesforce', 'hubspot', 'pipedrive', 'zoho', 'dynamics', 'other']);
export type CrmSystem = z.infer<typeof CrmSystem>;

export const CrmLink = z.strictObject({
  system: CrmSystem,
  objectType: z.string().trim().min(1).max(64),
  recordId: z.string().trim().min(1).max(128),
  url: z.url({ protocol: /^https?$/ }).max(2048),
});
export type CrmLink = z.infer<typeof CrmLink>;

export const PersonName = z.strictObject({
  family: ShortText.optional(),
  given: ShortText.optional(),
});
export type PersonName = z.infer<typeof PersonName>;

export const Firmographics = z.strictObject({
  industry: Industry.optional(),
  employeeBand: EmployeeBand.optional(),
  /** ISO 3166-1 alpha-2, e.g. JP. */
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  /** Prefecture or region, e.g. 東京都 / Tokyo. */
  region: ShortText.optional(),
});
export type Firmographics = z.infer<typeof Firmographics>;

export const LeadSource = z.strictObject({
  channel: SourceChannel,
  campaign: ShortText.optional(),
  /** The vendor behind a purchased or outsourced list, an exhibition organiser, a partner. */
  vendor: ShortText.optional(),
});
export type LeadSource = z.infer<typeof LeadSource>;

export const Lead = z.strictObject({
  id: Id,
  email: Email,
  name: PersonName.default({}),
  company: ShortText.optional(),
  title: ShortText.optional(),
  department: ShortText.optional(),
  phone: z.string().trim().max(40).optional(),
  firmographics: Firmographics.default({}),
  source: LeadSource,
  stage: LifecycleStage,
  ownerId: Id.optional(),
  crmLinks: z.array(CrmLink).max(20).default([]),
  /** When the lead first crossed the MQL threshold; the server sets it on ingest. */
  mqlAt: Timestamp.optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Lead = z.infer<typeof Lead>;
export type LeadInput = z.input<typeof Lead>;

/**
 * The fields a client may send to create or update a lead; the server fills the rest.
 * `name` and `firmographics` lose their defaults here: a patch that leaves them out must not
 * replace the stored values with `{}` when it is merged.
 */
export const LeadPatch = Lead.omit({ createdAt: true, updatedAt: true, mqlAt: true, crmLinks: true })
  .extend({ name: PersonName.optional(), firmographics: Firmographics.optional() })
  .partial()
  .required({ id: true, email: true });
export type LeadPatch = z.infer<typeof LeadPatch>;

/** Japanese names are shown family-first with a space; others given-first. */
export function displayName(name: PersonName, email?: string): string {
  const family = name.family?.trim() ?? '';
  const given = name.given?.trim() ?? '';
  if (!family && !given) return email ?? '';
  const japanese = /[\u3040-\u30ff\u3400-\u9fff]/.test(family + given);
  return (japanese ? [family, given] : [given, family]).filter(Boolean).join(' ');
}

/**
 * A lead's id is derived from its normalised email, so two people creating the same
 * person offline (or an ingest racing a marketer) converge on one lead, not two.
 * Not a secret and not a security boundary: three cyrb53 lanes give 159 bits.
 */
export function leadIdForEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  return `ld_${cyrb53(normalised, 1)}${cyrb53(normalised, 2)}${cyrb53(normalised, 3)}`;
}

function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
