import { useEffect, useState } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { PageContext } from '../../lib/adapters/page-context';
import { I18nProvider, resolveLocale } from '../../lib/i18n';
import { createQueryClient, useSettings } from '../../lib/ui/queries';
import { contextFromHash, inDrawer, requestDrawerClose, usePageContext } from '../../lib/ui/drawer-context';
import { PinnedBar } from './PinnedBar';
import { Sidebar } from './Sidebar';

/**
 * The sidebar: in the drawer iframe it follows the page's context (URL hash, then messages);
 * as a side panel without a context it explains what to open.
 */
export function SidebarApp({ queryClient, context }: { queryClient?: QueryClient; context?: PageContext | null }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <QueryClientProvider client={client}>
      {context !== undefined ? <SidebarWithLanguage ctx={context} /> : <DrawerSidebar />}
    </QueryClientProvider>
  );
}

function DrawerSidebar() {
  const ctx = usePageContext();
  // A side panel opened on one lead (from the popup) carries it in its URL hash.
  const [pinned, setPinned] = useState(() => !inDrawer() && contextFromHash(window.location.hash) !== null);
  useEffect(() => {
    const onHash = () => setPinned(!inDrawer() && contextFromHash(window.location.hash) !== null);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return <SidebarWithLanguage ctx={ctx} pinned={pinned} />;
}

function SidebarWithLanguage({ ctx, pinned = false }: { ctx: PageContext | null; pinned?: boolean }) {
  const settings = useSettings();
  const locale = resolveLocale(settings.data?.language);

  // Esc anywhere in the drawer (not handled by a dialog) asks the page to close it.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) requestDrawerClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  return (
    <I18nProvider locale={locale}>
      {pinned ? <PinnedBar /> : null}
      <Sidebar ctx={ctx} />
    </I18nProvider>
  );
}
