import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import { listenForDrawerContext } from '../../lib/ui/drawer-context';
import '../../components/ui/aun.css';

// Before the first render: the drawer may post the page's latest context as soon as this frame loads.
listenForDrawerContext();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidebarApp />
  </StrictMode>,
);
