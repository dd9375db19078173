import { z } from 'zod';
import { Email, Id, Timestamp } from './common';

export const Role = z.enum(['admin', 'manager', 'marketer', 'sales', 'integration']);
export type Role = z.infer<typeof Role>;

/** A workspace member as every client sees it (no token, nothing secret). */
export const User = z.strictObject({
  id: Id,
  email: Email,
  name: z.string().trim().min(1).max(200),
  role: Role,
  /** Queues this user takes handoffs from. */
  queueIds: z.array(Id).max(50).default([]),
  /** Round-robin routing skips users who are away. */
  away: z.boolean().default(false),
  /** Territory for rule-based routing: prefectures / countries this rep covers. */
  territories: z.array(z.string().max(64)).max(100).default([]),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

export const Queue = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(200),
  memberIds: z.array(Id).max(500).default([]),
});
export type Queue = z.infer<typeof Queue>;

/** Who may do what. One table, read by the server's rules and the UI's gating alike. */
export const can = {
  decideHandoff: (role: Role) => role === 'sales' || role === 'manager' || role === 'admin',
  tagLead: (role: Role) => role === 'marketer' || role === 'manager' || role === 'admin',
  createHandoff: (role: Role) => role === 'marketer' || role === 'manager' || role === 'admin' || role === 'sales',
  publishDefinition: (role: Role) => role === 'admin',
  eraseLead: (role: Role) => role === 'admin',
  recordOutcome: (role: Role) => role === 'sales' || role === 'manager' || role === 'admin',
  useApp: (role: Role) => role !== 'integration',
  ingest: (role: Role) => role === 'integration' || role === 'admin',
} as const;
