import { defineContentScript } from 'wxt/utils/define-content-script';
import { KNOWN_SITE_MATCHES } from '../lib/adapters/sites';
import { main } from '../lib/content/main';

// Thin on purpose: the logic is in lib/content (tested there). Custom hosts register this same
// built file (content-scripts/crm.js) at run time, see lib/custom-hosts.ts.
export default defineContentScript({
  matches: [...KNOWN_SITE_MATCHES],
  runAt: 'document_idle',
  main,
});
