import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { ROOT } from './chromium';

/**
 * Faithful fake CRM and webmail pages, served under their real host names through
 * `context.route`. Every other request is aborted, so nothing ever leaves the machine.
 */

export interface Person {
  email: string;
  name: string;
  company: string;
}

const fixture = (path: string) => readFileSync(join(ROOT, 'test/fixtures', path), 'utf8');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A fixture page with its person swapped for ours (email, name, company). */
function personalise(path: string, person: Person): string {
  return fixture(path)
    .replace(/taro(\.yamada)?@acme\.example/gi, person.email)
    .replace(/Taro\s+Yamada/g, escapeHtml(person.name))
    .replace(/Acme KK|Acme Inc\.?|Acme Corporation/g, escapeHtml(person.company));
}

/** The page for each site's person record, and the URL it lives at. */
export const SITE_PAGES = {
  hubspot: { url: 'https://app-eu1.hubspot.com/contacts/4812345/record/0-1/901', fixture: 'hubspot/contact.html' },
  pipedrive: { url: 'https://acme.pipedrive.com/person/1234', fixture: 'pipedrive/person.html' },
  zoho: { url: 'https://crm.zoho.jp/crm/org90001234567/tab/Leads/4876876000000323001', fixture: 'zoho/lead.html' },
  dynamics: {
    url: 'https://acme.crm7.dynamics.com/main.aspx?appid=0A1B2C3D-1111-2222-3333-444455556666&pagetype=entityrecord&etn=contact&id=%7B3F2504E0-4F89-11D3-9A0C-0305E82C3301%7D',
    fixture: 'dynamics/contact.html',
  },
  outlook: { url: 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM0MDAAMi1iNDg0LTEwMDItMDACLTAwCgAQAJ%2F8Yd1cPpxLhqJ8%2FXKHs6w%3D', fixture: 'outlook/thread.html' },
} as const;

export type OtherSite = keyof typeof SITE_PAGES;

export interface SalesforceRecord extends Person {
  id: string;
}

/**
 * A small Lightning-like single-page app: records render from the URL, navigation between
 * them is `history.pushState` (no reload), earlier records stay in the DOM hidden like
 * Lightning's tabs, and the email field arrives after the header, as Lightning's does.
 */
function salesforceApp(records: SalesforceRecord[]): string {
  const data = JSON.stringify(Object.fromEntries(records.map((r) => [r.id, r]))).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Lead | Salesforce</title>
<style>.oneContent:not(.active){display:none} body{font-family:sans-serif;margin:0}
.slds-global-header{height:48px;background:#032d60;color:#fff;display:flex;align-items:center;padding:0 16px}
.slds-page-header{padding:16px;border-bottom:1px solid #ddd} records-record-layout-item{display:block;padding:8px 16px}
nav a{display:block;padding:4px 16px}</style></head>
<body class="desktop">
<div class="slds-global-header">Salesforce</div>
<nav aria-label="Recent records">${records.map((r) => `<a href="/lightning/r/Lead/${r.id}/view" data-record="${r.id}">${escapeHtml(r.name)}</a>`).join('')}
<a href="/lightning/o/Lead/list" data-list="1">All leads</a></nav>
<div class="viewport"><div class="oneCenterStage" id="stage"></div></div>
<script>
const RECORDS = ${data};
const stage = document.getElementById('stage');
function esc(s){const d=document.createElement('div');d.textContent=s;return d.innerHTML}
function render(){
  for (const el of stage.querySelectorAll('.oneContent')) el.classList.remove('active');
  const m = location.pathname.match(/^\\/lightning\\/r\\/Lead\\/([A-Za-z0-9]+)\\/view/);
  const host = document.createElement('div');
  host.className = 'windowViewMode-normal oneContent active lafPageHost';
  if (!m) { host.innerHTML = '<div class="slds-page-header"><h1>All leads</h1></div><table><tr><td>List view</td></tr></table>'; stage.appendChild(host); return; }
  const r = RECORDS[m[1]];
  host.innerHTML = '<one-record-home-flexipage2><records-lwc-highlights-panel><records-highlights2><div class="slds-page-header slds-page-header_record-home"><h1><div class="entityNameTitle">Lead</div><slot name="primaryField" class="slds-page-header__title"><lightning-formatted-name slot="primaryField">' + esc(r.name) + '</lightning-formatted-name></slot></h1></div></records-highlights2></records-lwc-highlights-panel><records-record-layout-section><records-record-layout-item field-label="Company"><lightning-formatted-text>' + esc(r.company) + '</lightning-formatted-text></records-record-layout-item><div class="email-slot"></div></records-record-layout-section></one-record-home-flexipage2>';
  stage.appendChild(host);
  // Lightning renders detail fields after the highlights panel.
  setTimeout(() => {
    host.querySelector('.email-slot').outerHTML = '<records-record-layout-item field-label="Email"><lightning-formatted-email><a href="mailto:' + esc(r.email) + '">' + esc(r.email) + '</a></lightning-formatted-email></records-record-layout-item>';
  }, 400);
}
document.addEventListener('click', (e) => {
  const a = e.target.closest('a[data-record], a[data-list]');
  if (!a) return;
  e.preventDefault();
  history.pushState({}, '', a.getAttribute('href'));
  render();
});
addEventListener('popstate', render);
render();
</script></body></html>`;
}

export interface GmailThread {
  threadId: string;
  subject: string;
  from: Person;
  body: string;
}

/** Gmail with one thread open: the structure the Gmail adapter reads (h2.hP, span.gD[email]). */
function gmailPage(thread: GmailThread | null): string {
  const open = thread
    ? `<div class="nH"><div class="ha"><h2 class="hP" data-legacy-thread-id="${thread.threadId}">${escapeHtml(thread.subject)}</h2></div>
      <div role="list"><div role="listitem" class="adn ads" data-message-id="#msg-f:1"><div class="gE iv gt">
      <h3 class="iw"><span class="qu"><span class="gD" email="${escapeHtml(thread.from.email)}" name="${escapeHtml(thread.from.name)}">${escapeHtml(thread.from.name)}</span> <span class="go">&lt;${escapeHtml(thread.from.email)}&gt;</span></span></h3>
      <span class="g3" title="${new Date(Date.now() - 3_600_000).toLocaleString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' })}">1 hour ago</span>
      <div class="iw ajw"><span class="hb">to <span class="g2" email="me@our.example" name="me">me</span></span></div></div>
      <div class="a3s aiL">${escapeHtml(thread.body)}<br><br>${escapeHtml(thread.from.name)}<br>${escapeHtml(thread.from.company)}</div></div></div></div>`
    : `<div class="nH"><table class="F cf zt"><tbody><tr class="zA zE"><td class="yX"><span class="bA4"><span class="zF" email="someone@beta.example" name="Someone">Someone</span></span></td><td><span class="bog">Hello</span></td></tr></tbody></table></div>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${thread ? escapeHtml(thread.subject) + ' - ' : ''}Inbox - me@our.example - Mail</title>
<style>body{font-family:sans-serif;margin:0} .ha{padding:16px} .adn{padding:16px;border-top:1px solid #eee}</style></head>
<body><div class="nH w-asV aiw"><header class="gb_Sa"><a class="gb_A" aria-label="Google Account: Me Myself (me@our.example)" href="#"><img alt=""></a></header>
<div class="nH" role="navigation"><a href="#inbox" title="Inbox">Inbox</a></div><div class="nH" role="main">${open}</div></div></body></html>`;
}

export interface SiteWorld {
  salesforce: SalesforceRecord[];
  gmail: GmailThread[];
  others: Partial<Record<OtherSite, Person>>;
  /** Pages of a site Aun is not configured for. */
  unconfiguredHost: string;
  /** Hosts a local server answers for through --host-resolver-rules (see https-site.ts): let them through. */
  mappedHosts?: string[];
}

/** Route the fake sites into a browser context; every other outside request is aborted. */
export async function serveSites(context: BrowserContext, world: SiteWorld): Promise<{ blocked: string[] }> {
  const blocked: string[] = [];
  const html = (body: string) => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:') return route.fallback();
    if (world.mappedHosts?.includes(url.hostname)) return route.fallback();
    if (url.hostname.endsWith('.lightning.force.com')) return route.fulfill(html(salesforceApp(world.salesforce)));
    if (url.hostname === 'mail.google.com') {
      // Gmail is one page; the thread comes from the hash, which the server never sees. The
      // page for the first thread is served at /mail/u/0/?thread=<id> style paths too.
      const id = url.searchParams.get('th');
      return route.fulfill(html(gmailPage(world.gmail.find((t) => t.threadId === id) ?? world.gmail[0] ?? null)));
    }
    for (const [site, page] of Object.entries(SITE_PAGES) as Array<[OtherSite, (typeof SITE_PAGES)[OtherSite]]>) {
      const person = world.others[site];
      if (person && url.hostname === new URL(page.url).hostname) return route.fulfill(html(personalise(page.fixture, person)));
    }
    if (url.hostname === world.unconfiguredHost) return route.fulfill(html(`<!doctype html><html><body><h1>Intranet</h1><a href="mailto:${escapeHtml(world.salesforce[0]?.email ?? 'x@y.example')}">mail</a></body></html>`));
    blocked.push(url.hostname);
    return route.abort('blockedbyclient');
  });
  return { blocked };
}
