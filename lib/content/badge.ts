/**
 * The badge: one `<button>` showing the lead's grade (`A2`, coloured by the fit letter), a neutral
 * `+` for a person who is not a lead yet, and hidden when the page shows no person.
 * All text goes in through `textContent`/attributes, never HTML.
 */
import type { BadgeInfo } from '../messages';
import type { Strings } from './i18n';

export function createBadgeButton(doc: Document): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'badge';
  button.hidden = true;
  button.setAttribute('aria-expanded', 'false');
  return button;
}

/** Render `info` on the button; `open` says whether the drawer it toggles is open. */
export function renderBadge(button: HTMLButtonElement, info: BadgeInfo, open: boolean, t: Strings): void {
  const verb = open ? t.close : t.open;
  button.setAttribute('aria-expanded', String(open));
  button.dataset.state = info.state;
  if (info.state === 'known') {
    const extras = [info.mqlReady ? t.mqlReady : '', info.pendingHandoff ? t.handoff : ''].filter(Boolean);
    button.textContent = info.grade;
    button.dataset.fit = info.grade.charAt(0);
    button.dataset.mql = String(info.mqlReady);
    button.dataset.handoff = String(info.pendingHandoff);
    button.setAttribute('aria-label', `${t.known(info.grade)}${extras.length ? ` (${extras.join(', ')})` : ''} — ${verb}`);
  } else {
    button.textContent = info.state === 'unknown' ? '+' : '×';
    delete button.dataset.fit;
    delete button.dataset.mql;
    delete button.dataset.handoff;
    button.setAttribute('aria-label', `${info.state === 'unknown' ? t.unknown(info.email) : 'Aun'} — ${verb}`);
  }
  // Nothing to show without a person, unless the drawer is open: then the badge is its close handle.
  button.hidden = info.state === 'none' && !open;
}
