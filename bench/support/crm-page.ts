import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { displayName, type Lead } from '../../lib/domain';
import type { ReferenceServer } from './reference-server';

/**
 * The page the badge and drawer figures are measured on: a Lightning-like single-page CRM
 * (same markup the Salesforce adapter reads, as e2e/support/sites.ts serves), driven from page
 * script so the moment a person's email enters the DOM is known to the page's own clock.
 *
 * - `__aunBench.show(record, emailDelayMs)` navigates with `history.pushState` and renders the
 *   record's header at once and its Email field `emailDelayMs` later, as Lightning does; it
 *   resolves with `performance.now()` taken right before the email is inserted.
 * - `__aunBench.list()` goes to the list view (no person: the badge hides).
 * - A status line ticks every 100 ms, as real CRM and webmail pages keep mutating (presence,
 *   relative times, counters), so re-detection's coalescing is exercised as on a real page.
 */

export const BENCH_CRM_ORIGIN = 'https://benchmark.lightning.force.com';
export const BENCH_CRM_LIST = `${BENCH_CRM_ORIGIN}/lightning/o/Lead/list`;
/** How long after the record's header its Email field arrives (Lightning renders details after the highlights). */
export const EMAIL_DELAY_MS = 300;

export interface BenchRecord {
  /** A Salesforce-shaped record id (18 characters), not linked to the lead: the lookup is by email. */
  recordId: string;
  email: string;
  name: string;
  company: string;
}

const APP = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lead | Salesforce</title>
<style>.oneContent:not(.active){display:none} body{font-family:sans-serif;margin:0}
.slds-global-header{height:48px;background:#032d60;color:#fff;display:flex;align-items:center;padding:0 16px;gap:16px}
.slds-page-header{padding:16px;border-bottom:1px solid #ddd} records-record-layout-item{display:block;padding:8px 16px}</style></head>
<body class="desktop">
<div class="slds-global-header">Salesforce <span id="status"></span></div>
<div class="viewport"><div class="oneCenterStage" id="stage"></div></div>
<script>
const stage = document.getElementById('stage');
const status = document.getElementById('status');
let ticks = 0;
setInterval(() => { status.textContent = 'Online · ' + (++ticks); }, 100);
function esc(s){const d=document.createElement('div');d.textContent=s;return d.innerHTML}
function activate(host){
  for (const el of stage.querySelectorAll('.oneContent')) el.classList.remove('active');
  host.className = 'windowViewMode-normal oneContent active lafPageHost';
  stage.appendChild(host);
}
window.__aunBench = {
  list() {
    history.pushState({}, '', '/lightning/o/Lead/list');
    const host = document.createElement('div');
    host.innerHTML = '<div class="slds-page-header"><h1>All leads</h1></div><table><tr><td>List view</td></tr></table>';
    activate(host);
  },
  show(r, emailDelayMs) {
    history.pushState({}, '', '/lightning/r/Lead/' + r.recordId + '/view');
    const host = document.createElement('div');
    host.innerHTML = '<one-record-home-flexipage2><records-lwc-highlights-panel><records-highlights2><div class="slds-page-header slds-page-header_record-home"><h1><div class="entityNameTitle">Lead</div><slot name="primaryField" class="slds-page-header__title"><lightning-formatted-name slot="primaryField">' + esc(r.name) + '</lightning-formatted-name></slot></h1></div></records-highlights2></records-lwc-highlights-panel><records-record-layout-section><records-record-layout-item field-label="Company"><lightning-formatted-text>' + esc(r.company) + '</lightning-formatted-text></records-record-layout-item><div class="email-slot"></div></records-record-layout-section></one-record-home-flexipage2>';
    activate(host);
    return new Promise((resolve) => setTimeout(() => {
      const html = '<records-record-layout-item field-label="Email"><lightning-formatted-email><a href="mailto:' + esc(r.email) + '">' + esc(r.email) + '</a></lightning-formatted-email></records-record-layout-item>';
      const at = performance.now();
      host.querySelector('.email-slot').outerHTML = html;
      resolve(at);
    }, emailDelayMs));
  },
};
if (location.pathname.startsWith('/lightning/r/Lead/')) {
  const r = JSON.parse(decodeURIComponent(location.hash.slice(1)));
  history.replaceState({}, '', location.pathname);
  window.__aunBench.show(r, 0);
} else {
  window.__aunBench.list();
}
</script></body></html>`;

const served = new WeakSet<BrowserContext>();

/** Serve the bench CRM under its real host name (only that origin: the profile is shared with other suites). */
export async function serveBenchCrm(context: BrowserContext): Promise<void> {
  if (served.has(context)) return;
  served.add(context);
  await context.route(`${BENCH_CRM_ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: APP }));
}

/** The URL that loads the bench CRM straight on a record (the record rides in the hash, read by the page). */
export function recordUrl(record: BenchRecord): string {
  return `${BENCH_CRM_ORIGIN}/lightning/r/Lead/${record.recordId}/view#${encodeURIComponent(JSON.stringify(record))}`;
}

/**
 * `count` leads spread evenly over the workspace (by id, which is a hash of the email, so no
 * clustering by source or age), each with a record id of its own. `phase` (0..1) shifts the
 * picks within each stride, so two suites can use different leads.
 */
export async function pickLeads(server: ReferenceServer, count: number, phase = 0.5): Promise<BenchRecord[]> {
  const { db } = server.database;
  const rows = await db
    .selectFrom('records')
    .select('data')
    .where('workspace_id', '=', server.seed.workspaceId)
    .where('entity', '=', 'lead')
    .where('deleted', '=', false)
    .orderBy('id')
    .execute();
  if (rows.length < count) throw new Error(`only ${rows.length} leads to pick ${count} from`);
  const step = rows.length / count;
  return Array.from({ length: count }, (_, i) => {
    const lead = rows[Math.floor(i * step + step * phase)]!.data as Lead;
    return {
      recordId: `00Q${String(i + 1).padStart(15, '0')}`,
      email: lead.email,
      name: displayName(lead.name, lead.email),
      company: lead.company ?? '',
    };
  });
}

interface DomNode {
  nodeId: number;
  nodeName: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
}

function findNode(node: DomNode, match: (n: DomNode) => boolean): DomNode | null {
  if (match(node)) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = findNode(child, match);
    if (found) return found;
  }
  return null;
}

/**
 * Give the page's main world a watcher on the badge button, which lives in a closed shadow root
 * no page script can reach: DevTools (CDP) can, and hands the node to a function of ours. The
 * watcher is a MutationObserver on the button (its text and attributes), so it notes the moment
 * the content script renders the expected grade, in the page's clock, without polling; and the
 * next animation frame, the frame that paints it. The product exposes nothing for this.
 */
export async function installBadgeProbe(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const host = findNode(root, (n) => n.nodeName === 'AUN-PAGE-UI');
  const button = host && findNode(host, (n) => n.nodeName === 'BUTTON' && (n.attributes ?? []).join(' ').includes('badge'));
  if (!button) throw new Error('no badge button in the page (is the extension loaded and the badge shown?)');
  const { object } = (await cdp.send('DOM.resolveNode', { nodeId: button.nodeId })) as { object: { objectId: string } };
  await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () {
      const button = this;
      let want = null;
      const visible = () => !button.hidden && button.isConnected;
      const check = () => {
        if (!want) return;
        if (want.hidden ? !visible() : visible() && button.textContent === want.text) {
          const w = want; want = null;
          const at = performance.now();
          requestAnimationFrame(() => w.resolve({ at, frame: performance.now(), text: button.textContent }));
        }
      };
      new MutationObserver(check).observe(button, { attributes: true, childList: true, characterData: true, subtree: true });
      window.__aunBadgeProbe = {
        /** Resolves when the badge shows exactly text (visible). */
        shows(text) { return new Promise((resolve) => { want = { text, resolve }; check(); }); },
        hidden() { return new Promise((resolve) => { want = { hidden: true, resolve }; check(); }); },
        text() { return visible() ? button.textContent : null; },
      };
    }`,
  });
  return cdp;
}
