import { AppError } from '../errors';
import { touchKey } from '../store';
import { requireRole, type MutationHandler } from './context';

/** Record a touch. Idempotent by id and by (origin, externalId): a touch is never recorded twice. */
export const addTouch: MutationHandler<'touch.add'> = async ({ store, user }, { touch }) => {
  requireRole(user);
  if (!(await store.get('lead', touch.leadId))) throw new AppError('not_found', 'Lead not found.', { leadId: touch.leadId });
  if (await store.get('touch', touch.id)) return;
  if (touch.externalId) {
    const existing = await store.existingTouchKeys([{ origin: touch.origin, externalId: touch.externalId }]);
    if (existing.has(touchKey(touch.origin, touch.externalId))) return;
  }
  await store.put('touch', { ...touch, createdBy: user.id });
};
