import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { SidebarApp } from '../../components/sidebar/SidebarApp';
import '../../components/ui/aun.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SidebarApp />
  </StrictMode>,
);
