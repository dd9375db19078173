import config from '../../wxt.config';

/** The manifest shape the pins read, and the config's manifest per browser (shared by the config pin and test/built). */
export type Manifest = {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
  content_security_policy?: { extension_pages?: string; sandbox?: string } | string;
  web_accessible_resources?: { resources: string[]; matches: string[]; use_dynamic_url?: boolean }[];
  externally_connectable?: unknown;
  content_scripts?: { matches?: string[]; js?: string[] }[];
  [key: string]: unknown;
};

export const LOCAL_SERVER = ['http://127.0.0.1/*', 'http://localhost/*'];
export const BROWSERS = ['chrome', 'firefox'] as const;

export function manifestFor(browser: (typeof BROWSERS)[number]): Manifest {
  const m = config.manifest;
  const env = { browser, manifestVersion: 3 as const, mode: 'production', command: 'build' as const };
  return (typeof m === 'function' ? (m as (env: unknown) => Manifest)(env) : m) as Manifest;
}

