import { Entity, type EntityName } from '../../lib/domain';
import { AppError, unstorablePath } from './errors';

/**
 * The pull cursor is the key of the last change sent: (version, entity, id). Changes are ordered
 * by that key, so a page may end inside a version and the next page resumes right after it.
 * Written as `version:entity:id` (ids may contain ':', so only the first two separate).
 */
export interface CursorKey {
  version: number;
  entity: EntityName | '';
  id: string;
}

export const START: CursorKey = { version: 0, entity: '', id: '' };

export function encodeCursor(key: CursorKey): string {
  return key.version === 0 && !key.entity ? '' : `${key.version}:${key.entity}:${key.id}`;
}

export function decodeCursor(cursor: string): CursorKey {
  if (cursor === '') return START;
  const match = /^(\d{1,18}):([a-z]+):(.{1,64})$/.exec(cursor);
  const entity = match && Entity.safeParse(match[2]);
  if (!match || !entity?.success || unstorablePath(match[3]) !== undefined) throw new AppError('bad_request', 'The cursor is not one this server made.');
  return { version: Number(match[1]), entity: entity.data, id: match[3]! };
}
