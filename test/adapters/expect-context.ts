import { expect } from 'vitest';
import { detectPage } from '../../lib/adapters';
import { PageContext } from '../../lib/adapters/page-context';

/** The context must pass the schema the background validates `getBadge` with. */
export function expectValid(ctx: unknown): PageContext {
  const parsed = PageContext.safeParse(ctx);
  expect(parsed.error?.issues ?? []).toEqual([]);
  return parsed.data!;
}

/**
 * A list view (or any page without one person) gives no context: neither the site's adapter nor the
 * dispatcher the content script runs. The fixture must show addresses, so an adapter that read the
 * page instead of rejecting it would find someone.
 */
export function expectNoPerson(url: URL, doc: Document, detect: (url: URL, doc: Document) => PageContext | null): void {
  expect(doc.querySelectorAll('a[href^="mailto:"]').length, 'the fixture lists people').toBeGreaterThan(1);
  expect(detect(url, doc)).toBeNull();
  expect(detectPage(url, doc)).toBeNull();
}
