import { browser } from 'wxt/browser';
import Dexie from 'dexie';
import { displayName, stageById, type BusinessCalendar, type Handoff, type Lead, type LeadDefinition, type User } from '../domain';
import { definitionByVersion } from '../db/queries';
import type { AunDatabase } from '../db/database';
import { stripDerived, type LeadRow } from '../db/rows';
import { iconBadge, marketingHandoffs, overdueHandoffs, salesQueue, type QueueRow } from '../queue/queue';
import { planNotifications, type NotificationPrefs } from '../queue/notifications';
import type { MyQueue, QueueItem } from '../messages';

/**
 * What needs a person's attention: their queue for the popup, the toolbar badge, and the
 * notifications. Recomputed after every sync and on the alarm, from the local replica.
 */

async function pendingAndMine(db: AunDatabase, me: User): Promise<Handoff[]> {
  const pending = await db.handoffs.where('[status+_due]').between(['pending', Dexie.minKey], ['pending', Dexie.maxKey]).toArray();
  const mine = me.role === 'marketer' || me.role === 'admin' || me.role === 'manager' ? await db.handoffs.where('fromUserId').equals(me.id).toArray() : [];
  const byId = new Map<string, Handoff>();
  for (const h of [...pending, ...mine]) byId.set(h.id, stripDerived(h));
  return [...byId.values()];
}

async function leadsFor(db: AunDatabase, handoffs: readonly Handoff[]): Promise<{ leads: Map<string, Lead>; rows: Map<string, LeadRow> }> {
  const ids = [...new Set(handoffs.map((h) => h.leadId))];
  const found = (await db.leads.bulkGet(ids)).filter((l): l is LeadRow => !!l);
  return { leads: new Map(found.map((l) => [l.id, stripDerived(l)])), rows: new Map(found.map((l) => [l.id, l])) };
}

function toItem(row: QueueRow, leadRows: Map<string, LeadRow>): QueueItem {
  const lead = row.lead;
  return {
    handoff: row.handoff,
    leadId: row.handoff.leadId,
    name: lead ? displayName(lead.name, lead.email) : '',
    email: lead?.email ?? '',
    company: lead?.company ?? null,
    source: lead?.source ?? null,
    stage: lead?.stage ?? null,
    grade: leadRows.get(row.handoff.leadId)?._grade ?? null,
    crmUrl: lead?.crmLinks[0]?.url ?? null,
    dueInMs: row.dueInMs,
    overdue: row.overdue,
  };
}

/** `me` is the signed-in user now (lib/background/signed-in.ts), so role and queues are current. */
export async function myQueue(db: AunDatabase, me: User, now: number): Promise<MyQueue> {
  const handoffs = await pendingAndMine(db, me);
  const { leads, rows } = await leadsFor(db, handoffs);
  const items = (list: QueueRow[]) => list.map((r) => toItem(r, rows));
  return {
    role: me.role,
    away: me.away,
    assigned: items(salesQueue(handoffs, leads, me, now)),
    handedOver: items(marketingHandoffs(handoffs, leads, me, now)),
    overdue: me.role === 'manager' || me.role === 'admin' ? items(overdueHandoffs(handoffs, leads, now)) : [],
  };
}

const SENT_KEY = 'notified';

/** Update the toolbar badge and send the notifications that are due, for the signed-in user now. */
export async function refreshAttention(db: AunDatabase, me: User, prefs: NotificationPrefs, now: number, locale: 'ja' | 'en'): Promise<void> {
  const handoffs = await pendingAndMine(db, me);
  const { leads } = await leadsFor(db, handoffs);
  const badge = iconBadge(salesQueue(handoffs, leads, me, now));
  await browser.action.setBadgeText({ text: badge.text });
  await browser.action.setBadgeBackgroundColor({ color: badge.color });

  const sent = new Set(((await db.meta.get(SENT_KEY))?.value as string[] | undefined) ?? []);
  const slaCalendar = await slaCalendars(db, handoffs);
  const planned = planNotifications({ handoffs, me, now, prefs, sent, slaCalendar });
  for (const n of planned) {
    const lead = leads.get(n.leadId);
    const who = lead ? [displayName(lead.name, lead.email), lead.company].filter(Boolean).join(' · ') : '';
    const title = {
      assigned: { ja: '新しい引き渡しがあります', en: 'New handoff for you' },
      queued: { ja: 'キューに新しい引き渡しがあります', en: 'New handoff in your queue' },
      'sla-warning': { ja: 'SLA期限が近づいています', en: 'Handoff about to breach its SLA' },
      breach: { ja: 'SLA超過の引き渡し', en: 'Handoff past its SLA' },
    }[n.kind][locale];
    await browser.notifications.create(`aun:${n.id}`, { type: 'basic', iconUrl: extensionUrl('/icon/128.png'), title, message: who, priority: n.kind === 'assigned' || n.kind === 'queued' ? 0 : 1 });
    sent.add(n.id);
  }
  // Keep only ids of handoffs that still exist, so the list cannot grow without bound.
  const live = new Set(handoffs.map((h) => h.id));
  await db.meta.put({ key: SENT_KEY, value: [...sent].filter((id) => live.has(id.slice(id.indexOf(':') + 1))) });
}

/** The business calendar each handoff's SLA counts in (its stage, in its own definition version), or null. */
async function slaCalendars(db: AunDatabase, handoffs: readonly Handoff[]): Promise<(h: Handoff) => BusinessCalendar | null> {
  const versions = [...new Set(handoffs.map((h) => h.definitionVersion))];
  const definitions = new Map<number, LeadDefinition | undefined>();
  for (const v of versions) definitions.set(v, await definitionByVersion(db, v));
  return (h) => {
    const definition = definitions.get(h.definitionVersion);
    const stage = definition && stageById(definition, h.stageId);
    return definition && stage?.businessHoursOnly ? definition.calendar : null;
  };
}

/** Where a click on a notification or an "Open" button goes: the CRM record, else the sidebar. False when the lead is gone. */
export async function openLead(db: AunDatabase, leadId: string): Promise<boolean> {
  const lead = await db.leads.get(leadId);
  if (!lead) return false;
  const url = lead.crmLinks[0]?.url;
  if (url) {
    await browser.tabs.create({ url });
    return true;
  }
  const ctx = { site: 'generic', kind: 'crm-record', emails: [lead.email] };
  await browser.tabs.create({ url: `${extensionUrl('/sidebar.html')}#ctx=${encodeURIComponent(JSON.stringify(ctx))}` });
  return true;
}

/** runtime.getURL for a path WXT's generated types may not list yet. */
const extensionUrl = (path: string) => (browser.runtime.getURL as (p: string) => string)(path);
