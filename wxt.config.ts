import { defineConfig } from 'wxt';

// Host patterns of the sites Aun knows. Required host permissions are exactly these plus the
// loopback server `npm start` runs; a remote sync server and custom CRM hosts are asked for at
// run time through optional_host_permissions.
import { KNOWN_SITE_MATCHES } from './lib/adapters/sites';

const LOCAL_SERVER_MATCHES = ['http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    short_name: 'Aun',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'alarms', 'notifications', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    host_permissions: [...KNOWN_SITE_MATCHES, ...LOCAL_SERVER_MATCHES],
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
    web_accessible_resources: [
      { resources: ['sidebar.html'], matches: ['https://*/*', 'http://*/*'] },
    ],
    // The sidebar also runs as Chrome's side panel and Firefox's sidebar.
    ...(browser === 'firefox'
      ? { sidebar_action: { default_panel: 'sidebar.html', default_title: 'Aun' } }
      : { side_panel: { default_path: 'sidebar.html' } }),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'aun@aun.example', strict_min_version: '128.0' } } }
      : {}),
  }),
});
