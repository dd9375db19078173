import { AppError } from '../errors';
import { recordKey, touchKey } from '../store';
import { requireRole, type MutationHandler } from './context';

/** Record a touch. Idempotent by id and by (origin, externalId): a touch is never recorded twice. */
export const addTouch: MutationHandler<'touch.add'> = async ({ store, user }, { touch }) => {
  requireRole(user);
  const live = await store.liveKeys([
    { entity: 'lead', id: touch.leadId },
    { entity: 'touch', id: touch.id },
  ]);
  if (!live.has(recordKey('lead', touch.leadId))) throw new AppError('not_found', 'Lead not found.', { leadId: touch.leadId });
  if (live.has(recordKey('touch', touch.id))) return;
  if (touch.externalId) {
    const existing = await store.existingTouchKeys([{ origin: touch.origin, externalId: touch.externalId }]);
    if (existing.has(touchKey(touch.origin, touch.externalId))) return;
  }
  await store.put('touch', { ...touch, createdBy: user.id });
};
