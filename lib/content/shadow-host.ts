/**
 * A closed shadow root for the badge and drawer: what WXT's `createShadowRootUi(ctx, {mode: 'closed',
 * isolateEvents: true})` does, minus the ~4 KB gzip it bundles for `autoMount` (wait-element,
 * many-keys-map, defu), which this UI does not use: a third of the content script's budget.
 *
 * - `:host { all: initial }` so page styles don't leak in (as WXT does);
 * - key events stop at the shadow root, so typing in our UI never triggers Gmail/Outlook shortcuts;
 * - closed, so page scripts can't reach the drawer's frame or read the badge.
 */
export interface ShadowHost {
  /** Where the UI renders. */
  readonly container: HTMLElement;
  readonly host: HTMLElement;
  remove(): void;
}

const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

export function createShadowHost(doc: Document, name: string, css: string): ShadowHost {
  const host = doc.createElement(name);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = `:host{all:initial!important}\n${css}`;
  const container = doc.createElement('div');
  for (const type of ISOLATED_EVENTS) container.addEventListener(type, (event) => event.stopPropagation());
  shadow.append(style, container);
  (doc.body ?? doc.documentElement).append(host);
  return { container, host, remove: () => host.remove() };
}
