import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KNOWN_SITE_MATCHES } from '../../lib/adapters/sites';
import { CONTENT_SCRIPT_FILE } from '../../lib/custom-hosts';
import { manifestFor, type Manifest } from '../security/manifest-pin';

/**
 * The manifests WXT actually built, Chrome's and Firefox's, held to the pinned config
 * (test/security/manifest.test.ts). This project runs after `npm run build && npm run build:firefox`
 * in `npm test`; a missing build fails here, it is never skipped.
 */

const OUTPUT = resolve(import.meta.dirname, '../../.output');
const BUILDS = [
  { dir: 'chrome-mv3', browser: 'chrome', build: 'npm run build' },
  { dir: 'firefox-mv3', browser: 'firefox', build: 'npm run build:firefox' },
] as const;

function builtManifest(dir: string, build: string): Manifest {
  const file = join(OUTPUT, dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`.output/${dir}/manifest.json is missing: run "${build}" first`);
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

describe.each(BUILDS)('the built $browser manifest (.output/$dir)', ({ dir, browser, build }) => {
  const built = builtManifest(dir, build);
  const expected = manifestFor(browser);

  it('asks for exactly the permissions and hosts of the config, no more', () => {
    expect(built.manifest_version).toBe(3);
    for (const key of ['permissions', 'host_permissions', 'optional_host_permissions'] as const) expect(built[key], key).toEqual(expected[key]);
    expect(built.optional_permissions).toBeUndefined();
    expect(built.externally_connectable).toBeUndefined();
    expect(built.content_security_policy).toEqual(expected.content_security_policy);
    expect(built.web_accessible_resources).toEqual(expected.web_accessible_resources);
  });

  it('runs one content script, on the known sites only, from the file custom hosts register', () => {
    expect(built.content_scripts).toHaveLength(1);
    const [script] = built.content_scripts!;
    expect([...script!.matches!].sort()).toEqual([...KNOWN_SITE_MATCHES].sort());
    expect(script!.js).toEqual([CONTENT_SCRIPT_FILE]);
    expect(existsSync(join(OUTPUT, dir, CONTENT_SCRIPT_FILE))).toBe(true);
  });

  it("has the browser's own background, sidebar and add-on id, and every page it names", () => {
    if (browser === 'chrome') {
      expect(built.background).toEqual({ service_worker: 'background.js' });
      expect(built.side_panel).toEqual({ default_path: 'sidebar.html' });
      expect(built.sidebar_action).toBeUndefined();
    } else {
      // Firefox runs MV3 backgrounds as event pages, not service workers.
      expect(built.background).toEqual({ scripts: ['background.js'] });
      expect(built.sidebar_action).toEqual({ default_panel: 'sidebar.html', default_title: 'Aun' });
      expect(built.side_panel).toBeUndefined();
      expect(built.browser_specific_settings).toEqual(expected.browser_specific_settings);
    }
    const action = built.action as { default_popup?: string } | undefined;
    const options = built.options_ui as { page?: string } | undefined;
    for (const page of ['background.js', 'sidebar.html', 'popup.html', 'options.html', 'review.html', action?.default_popup, options?.page]) {
      expect(existsSync(join(OUTPUT, dir, page!)), page).toBe(true);
    }
  });
});
