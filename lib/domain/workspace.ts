import { z } from 'zod';
import { Currency, Id, Timestamp, TimeZone } from './common';

export const Workspace = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(200),
  /** Currency for amounts recorded in this workspace (JPY for most Japanese companies). */
  currency: Currency.default('JPY'),
  timezone: TimeZone.default('Asia/Tokyo'),
  createdAt: Timestamp,
});
export type Workspace = z.infer<typeof Workspace>;
