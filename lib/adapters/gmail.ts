/**
 * Gmail: `mail.google.com/mail/u/{n}/#{view}/{threadId}` (inbox, label/…, search/…, sent, …), and a
 * bare `#inbox` when the reading pane (split mode) shows a thread next to the list.
 * The URL only says which view is shown; the DOM decides whether a thread is open. Gmail keeps earlier
 * views in the DOM, hidden, so only visible elements count.
 */
import { cleanText, emailsInText, firstVisible, isVisible, makeContext, uniqueEmails, visibleAll } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOST = 'mail.google.com';
const PATH = /^\/mail(?:\/u\/\d+)?\/?$/;
// A thread id is the last hash segment: 16 hex digits (legacy) or Gmail's longer opaque ids.
const THREAD_HASH = /^#[a-z-]+(?:\/[^/]+)*\/([A-Za-z0-9]{16,})$/;

const SELECTORS = {
  subject: ['h2.hP'],
  // One per message header; collapsed messages keep `.gD` too. `email` holds the address.
  sender: ['span.gD[email]'],
  recipient: ['span.g2[email]'],
  date: ['span.g3[title]'],
} as const;

export function isHost(hostname: string): boolean {
  return hostname === HOST;
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return url.protocol === 'https:' && (anyHost || url.hostname === HOST) && PATH.test(url.pathname);
}

/** The thread id in the URL, if the view is a thread (and not split-mode `#inbox`). */
export function threadIdOf(url: URL): string | undefined {
  return THREAD_HASH.exec(url.hash)?.[1];
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  if (!matchesUrl(url, anyHost)) return null;
  const subjectEl = firstVisible(doc, SELECTORS.subject);
  if (!subjectEl) return null; // a list view: no open thread
  const thread = threadRoot(subjectEl);
  const senders = visibleAll(thread, SELECTORS.sender);
  const me = ownAddress(doc);
  let people = senders;
  let emails = uniqueEmails(people.map(addressOf), me);
  // A thread only the user wrote to: the person is whoever it went to.
  if (emails.length === 0) {
    people = visibleAll(thread, SELECTORS.recipient);
    emails = uniqueEmails(people.map(addressOf), me);
  }
  const person = people.find((el) => addressOf(el) === emails[0]);
  // The newest message is the last one shown.
  const last = senders.at(-1);
  const dates = visibleAll(thread, SELECTORS.date);
  const threadId = threadIdOf(url) ?? subjectEl.getAttribute('data-legacy-thread-id') ?? undefined;
  const date = cleanText(dates.at(-1)?.getAttribute('title'), 100);
  return makeContext({
    site: 'gmail',
    kind: 'email-thread',
    emails,
    name: person ? (cleanText(person.getAttribute('name')) ?? cleanText(person.textContent)) : undefined,
    message: {
      subject: cleanText(subjectEl.textContent, 1000) ?? '',
      from: last ? addressOf(last) : '',
      ...(date ? { date } : {}),
      ...(threadId ? { threadId: threadId.slice(0, 200) } : {}),
    },
  });
}

function addressOf(el: Element): string {
  return (el.getAttribute('email') ?? '').trim().toLowerCase().slice(0, 254);
}

/** The smallest ancestor of the subject that also holds the message headers. */
function threadRoot(subject: Element): ParentNode {
  for (let n = subject.parentElement; n; n = n.parentElement) {
    if (n.querySelector(SELECTORS.sender[0])) return n;
  }
  return subject.ownerDocument;
}

/** The signed-in address, from the title ("Inbox (3) - me@example.com - Gmail") or the account button. */
function ownAddress(doc: Document): string[] {
  const fromTitle = emailsInText(doc.title);
  if (fromTitle.length > 0) return fromTitle.slice(-1);
  const account = doc.querySelector('a[aria-label*="@"][href*="accounts.google.com"]');
  return account && isVisible(account) ? emailsInText(account.getAttribute('aria-label')).slice(-1) : [];
}

export const gmail: SiteAdapter = { site: 'gmail', isHost, matchesUrl, detect };
