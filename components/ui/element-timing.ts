/**
 * Element Timing (https://w3c.github.io/element-timing/): an element with `elementtiming="name"`
 * gets a PerformanceElementTiming entry when it is first painted, readable only by the page's own
 * origin (the extension's, for the sidebar). The sidebar names what "the lead is on screen"
 * means, so its first paint can be measured (npm run bench, DevTools, or a real-user probe)
 * without any timing code in the UI. React passes the attribute through; this types it.
 */
declare module 'react' {
  // The type parameter must be named as React declares it, for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface HTMLAttributes<T> {
    elementtiming?: string;
  }
}

/** The lead's name in the sidebar header. */
export const LEAD_NAME_TIMING = 'aun-lead-name';
/** The newest touch of the timeline (or its "no touches" line). */
export const TIMELINE_TIMING = 'aun-timeline';
