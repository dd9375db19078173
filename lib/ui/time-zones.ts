/** The browser's IANA time zone, e.g. Asia/Tokyo. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Zones to offer in a picker: every zone Intl knows, plus the current and the browser's, sorted. */
export function timeZones(current: string, browser: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  return [...new Set([current, browser, 'Asia/Tokyo', 'UTC', ...zones])].sort((a, b) => a.localeCompare(b));
}
