/**
 * Outlook on the web: `outlook.office.com`, `outlook.office365.com`, `outlook.live.com`, any `/mail/…`
 * view. The thread is whatever the reading pane shows (`/mail/inbox/id/{id}`, `/mail/0/inbox/id/{id}`,
 * `/mail/deeplink/read/{id}`, or a bare `/mail/` with the pane open); the DOM decides.
 */
import { cleanText, emailsInText, emailsOf, firstVisible, makeContext, textOf, uniqueEmails, visibleAll } from './dom';
import type { PageContext } from './page-context';
import type { SiteAdapter } from './types';

const HOSTS = new Set(['outlook.office.com', 'outlook.office365.com', 'outlook.live.com']);
const PATH = /^\/mail(?:\/|$)/;
const THREAD_ID = /\/(?:id|read)\/([^/]+)\/?$/;

const SELECTORS = {
  pane: ['#ReadingPaneContainerId', '[aria-label="Reading Pane"]', '[aria-label="閲覧ウィンドウ"]', '[role="main"]'],
  subject: ['[role="heading"][aria-level="2"]', '[role="heading"]', '.allowTextSelection'],
  // One per message in the conversation; the address sits in aria-label, title or the text.
  sender: [
    '[aria-label^="From:"]',
    '[aria-label^="差出人:"]',
    '[data-testid="SenderPersona"]',
    'span[title*="@"]',
  ],
  date: ['[data-testid="SentReceivedSavedTime"]'],
  // The message list: its sender names carry addresses too, and are not the open thread.
  list: '[role="listbox"], [role="option"]',
  me: '#mectrl_currentAccount_secondary',
} as const;

export function isHost(hostname: string): boolean {
  return HOSTS.has(hostname);
}

export function matchesUrl(url: URL, anyHost = false): boolean {
  return url.protocol === 'https:' && (anyHost || HOSTS.has(url.hostname)) && PATH.test(url.pathname);
}

export function threadIdOf(url: URL): string | undefined {
  const raw = THREAD_ID.exec(url.pathname)?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw).slice(0, 200);
  } catch {
    return raw.slice(0, 200);
  }
}

export function detect(url: URL, doc: Document, anyHost = false): PageContext | null {
  if (!matchesUrl(url, anyHost)) return null;
  const pane = firstVisible(doc, SELECTORS.pane);
  const subjectEl = pane && firstVisible(pane, SELECTORS.subject);
  if (!pane || !subjectEl) return null; // no open message
  const senders = visibleAll(pane, SELECTORS.sender).filter((el) => !el.closest(SELECTORS.list));
  const addresses = senders.map((el) => emailsOf(el)[0] ?? '');
  // The account manager holds the signed-in address, even while its menu is closed.
  const me = emailsInText(doc.querySelector(SELECTORS.me)?.textContent);
  const emails = uniqueEmails(addresses, me);
  const person = senders[addresses.indexOf(emails[0] ?? '')];
  const threadId = threadIdOf(url);
  const date = textOf(visibleAll(pane, SELECTORS.date).at(-1) ?? null, 100);
  return makeContext({
    site: 'outlook',
    kind: 'email-thread',
    emails,
    name: person ? nameOf(person) : undefined,
    message: {
      subject: textOf(subjectEl, 1000) ?? '',
      from: addresses.filter(Boolean).at(-1) ?? '',
      ...(date ? { date } : {}),
      ...(threadId ? { threadId } : {}),
    },
  });
}

/** "From: Taro Yamada <taro@acme.example>" → "Taro Yamada". */
function nameOf(el: Element): string | undefined {
  const raw = el.getAttribute('aria-label') ?? el.textContent ?? '';
  return cleanText(raw.replace(/^(?:From|差出人)\s*[:：]\s*/, '').replace(/<[^<>]*@[^<>]*>|\S+@\S+/g, ''));
}

export const outlook: SiteAdapter = { site: 'outlook', isHost, matchesUrl, detect };
