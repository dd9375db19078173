import { can, leadIdForEmail, type Lead } from '../../../lib/domain';
import { AppError } from '../errors';
import { definedOnly, requireRole, type MutationHandler } from './context';

const mayCorrectLifecycle = (role: string) => role === 'manager' || role === 'admin';

/**
 * Create a lead or merge a patch into it. The id is derived from the email, so offline creators
 * converge. Stage and owner move through handoffs and outcomes; only managers and admins may set
 * them directly (a manual correction), others' values are ignored.
 */
export const upsertLead: MutationHandler<'lead.upsert'> = async ({ store, user, now }, { lead: patch }) => {
  requireRole(user);
  const expectedId = leadIdForEmail(patch.email);
  if (patch.id !== expectedId) throw new AppError('validation_failed', 'A lead id must be leadIdForEmail(email).', { expectedId });
  const sameEmail = (await store.leadsByEmail([patch.email])).get(patch.email);
  if (sameEmail && sameEmail.id !== patch.id) throw new AppError('email_taken', 'Another lead has this email.', { leadId: sameEmail.id });

  const { stage, ownerId, ...fields } = patch;
  const lifecycle = mayCorrectLifecycle(user.role) ? definedOnly({ stage, ownerId }) : {};
  const existing = await store.get('lead', patch.id);
  const next: Lead = existing
    ? { ...existing, ...definedOnly(fields), ...lifecycle, updatedAt: now }
    : {
        name: {},
        firmographics: {},
        source: { channel: 'other' },
        stage: 'inquiry',
        crmLinks: [],
        ...definedOnly(fields),
        ...lifecycle,
        id: patch.id,
        email: patch.email,
        createdAt: now,
        updatedAt: now,
      };
  if (existing && sameContent(existing, next)) return;
  await store.put('lead', next);
};

/** Add a CRM link, or replace the one with the same system and record id. */
export const linkCrm: MutationHandler<'lead.linkCrm'> = async ({ store, user, now }, { leadId, link }) => {
  requireRole(user);
  const lead = await store.get('lead', leadId);
  if (!lead) throw new AppError('not_found', 'Lead not found.', { leadId });
  const links = lead.crmLinks.filter((l) => !(l.system === link.system && l.recordId === link.recordId));
  if (links.length >= 20) throw new AppError('validation_failed', 'A lead has at most 20 CRM links.');
  await store.put('lead', { ...lead, crmLinks: [...links, link], updatedAt: now });
};

/** Erase a person: the lead and its touches, handoffs and outcomes become tombstones. */
export const eraseLead: MutationHandler<'lead.erase'> = async ({ store, user }, { leadId }) => {
  requireRole(user, can.eraseLead);
  const lead = await store.get('lead', leadId);
  if (!lead) return; // already erased (or never here): erasing is idempotent
  for (const child of await store.childrenOf(leadId)) await store.remove(child.entity, child.id);
  await store.remove('lead', leadId);
};

function sameContent(a: Lead, b: Lead): boolean {
  return JSON.stringify({ ...a, updatedAt: '' }) === JSON.stringify({ ...b, updatedAt: '' });
}
