/**
 * The generic adapter, for a custom host the user added: the person's addresses come from the
 * elements a CSS selector the user gave picks out, or else from the page's visible `mailto:` links.
 * It has no URL shape of its own: the custom host's match pattern decides where it runs.
 */
import { cleanText, makeContext, visibleEmails } from './dom';
import type { PageContext } from './page-context';

const MAILTO = 'a[href^="mailto:" i]';

export function detect(url: URL, doc: Document, selector?: string): PageContext | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const custom = cleanText(selector, 500);
  return makeContext({ site: 'generic', kind: 'crm-record', emails: visibleEmails(doc, [custom ?? MAILTO]) });
}

/** Whether a selector parses (checked when the user saves it; an invalid one would find nothing). */
export function isValidSelector(selector: string, doc: Document = document): boolean {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}
