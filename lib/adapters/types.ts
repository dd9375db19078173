import type { PageContext } from './page-context';
import type { Site } from './sites';

/**
 * One site: pure URL predicates plus `detect`, which reads the page only as far as it needs to
 * name the person. `anyHost` is for a custom host the user mapped to this adapter (e.g. a CRM on
 * its own domain): the path shape must still match, the host is not checked.
 */
export interface SiteAdapter {
  readonly site: Exclude<Site, 'generic'>;
  /** The site's own hosts (any page on them): picks the adapter. */
  isHost(hostname: string): boolean;
  /** A page this adapter can find a person on: a record, a thread, or a mail view with a reading pane. */
  matchesUrl(url: URL, anyHost?: boolean): boolean;
  detect(url: URL, doc: Document, anyHost?: boolean): PageContext | null;
}
