/**
 * The content script: on a known CRM/webmail host (or a custom host the user added), detect the person,
 * ask the background for their badge, and show the badge and drawer. The entrypoint is a thin wrapper;
 * custom hosts register the same built script (`content-scripts/crm.js`), so `main` serves both.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CUSTOM_HOSTS_KEY, findCustomHost, type CustomHostConfig } from '../adapters/custom-host';
import { adapterForHost, detectPage } from '../adapters/index';
import type { PageContext } from '../adapters/page-context';
import type { Site } from '../adapters/sites';
import type { BadgeInfo } from '../messages';
import { call } from './messaging';
import { DATA_CHANGED, GET_CONTEXT } from './messages-from-background';
import { drawerKey } from './drawer';
import { pickLang, type Lang } from './i18n';
import { createShadowHost, type ShadowHost } from './shadow-host';
import { watchPage } from './observer';
import { UI_CSS } from './styles';
import { createPageUi, type PageUi } from './ui';

export async function main(ctx: ContentScriptContext): Promise<void> {
  const url = new URL(location.href);
  const known = adapterForHost(url.hostname);
  // Only a host outside the known list needs the custom host entry (and its adapter or selector).
  const custom = known ? null : await loadCustomHost(url);
  if ((!known && !custom) || !ctx.isValid) return;
  const site: Site = known?.site ?? custom!.adapter;
  const wasOpen = await loadDrawerOpen(site);
  let current: PageContext | null = null;
  let seq = 0;

  let ui: PageUi | null = null;
  let host: ShadowHost | null = null;
  // Asked for with the first badge, so a page without a person never wakes the background for it.
  let lang: Promise<Lang> | null = null;
  // Mounted at the first person, so pages without one get no element at all.
  const mount = (language: Lang): PageUi => {
    if (ui) return ui;
    host = createShadowHost(document, 'aun-page-ui', UI_CSS);
    ui = createPageUi(host.container, {
      // Typed loosely: sidebar.html is another entrypoint, absent from PublicPath until it is built.
      sidebarUrl: (browser.runtime.getURL as (path: string) => string)('/sidebar.html'),
      lang: language,
      preload: true,
      onToggle: (open) => {
        void browser.storage.local.set({ [drawerKey(site)]: open }).catch(() => undefined);
        // The sidebar may have changed the lead (tracked, handed off): refresh the badge.
        if (!open && current) void showBadge(current);
      },
    });
    if (wasOpen) ui.open();
    return ui;
  };
  const onBackgroundMessage = (message: unknown, _sender: unknown, sendResponse: (reply: unknown) => void) => {
    const type = (message as { type?: unknown } | null)?.type;
    // Synced data changed (a lead arrived, a handoff was decided): re-ask for the badge.
    if (type === DATA_CHANGED && current) void showBadge(current);
    // The side panel asks who is on this page.
    if (type === GET_CONTEXT) sendResponse(current);
    return false;
  };
  browser.runtime.onMessage.addListener(onBackgroundMessage);
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(onBackgroundMessage);
    ui?.destroy();
    host?.remove();
  });

  async function showBadge(page: PageContext): Promise<void> {
    const mine = ++seq;
    const [info, language] = await Promise.all([badgeFor(page), (lang ??= uiLanguage())]);
    // A newer detection (or the end of this script) won: drop this answer.
    if (mine === seq && ctx.isValid) mount(language).update(page, info);
  }

  const watcher = watchPage({
    ctx,
    detect: () => detectPage(new URL(location.href), document, custom),
    onChange: (page) => {
      current = page;
      if (page) void showBadge(page);
      else {
        seq++;
        ui?.update(null, { state: 'none' });
      }
    },
  });
  watcher.check();
}

/** The background's badge; one retry covers a service worker that was still starting. */
async function badgeFor(page: PageContext): Promise<BadgeInfo> {
  if (page.emails.length === 0 && !page.crmRecord) return { state: 'none' };
  for (let attempt = 0; ; attempt++) {
    try {
      return await call('getBadge', page);
    } catch {
      if (attempt >= 1) return { state: 'none' };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/**
 * The language chosen in the options page, as the extension pages use it; 'auto' (or no answer)
 * follows the browser. Asked of the background: the stored settings also hold the token, which
 * the content script has no business reading.
 */
async function uiLanguage(): Promise<Lang> {
  try {
    const { language } = await call('getSettings', {});
    if (language === 'ja' || language === 'en') return language;
  } catch {
    // no background yet: the browser's language is the best guess
  }
  return pickLang(navigator.language);
}

async function loadCustomHost(url: URL): Promise<CustomHostConfig | null> {
  try {
    const stored = await browser.storage.local.get(CUSTOM_HOSTS_KEY);
    return findCustomHost(stored[CUSTOM_HOSTS_KEY], url);
  } catch {
    return null;
  }
}

async function loadDrawerOpen(site: Site): Promise<boolean> {
  try {
    const key = drawerKey(site);
    return (await browser.storage.local.get(key))[key] === true;
  } catch {
    return false;
  }
}
