import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { can } from '../../lib/domain';
import { call } from '../../lib/messages';
import type { ReviewFilters } from '../../lib/metrics/filters';
import { DefinitionEditor } from '../definition-editor/DefinitionEditor';
import { Dashboard } from './Dashboard';
import type { LeadsRef } from './DataTable';
import { DrillDown } from './DrillDown';
import { makeContext, resolveLang, ReviewContext } from './context';
import { parseHash, toHash, type HashState } from './hash';

/** View and filters live in the URL hash, so a link reproduces what you see. */
export function useHashState(): [HashState, (next: HashState) => void] {
  const [state, setState] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onHash = () => setState(parseHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  const update = useCallback((next: HashState) => {
    history.replaceState(null, '', toHash(next));
    setState(next);
  }, []);
  return [state, update];
}

export function Review() {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => call('getSettings', {}) });
  const [hash, setHash] = useHashState();
  const [drill, setDrill] = useState<{ label: string; leads: LeadsRef } | null>(null);
  const lang = resolveLang(settings.data?.language);
  const ctx = useMemo(() => makeContext(lang, (label, leads) => setDrill({ label, leads })), [lang]);
  const { s } = ctx;
  const me = settings.data?.me ?? null;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Aun — ${s.title}`;
  }, [lang, s.title]);

  const setFilters = (filters: ReviewFilters) => setHash({ ...hash, filters });
  return (
    <ReviewContext.Provider value={ctx}>
      <header className="review-header">
        <h1>
          {s.title} <small>{s.subtitle}</small>
        </h1>
        <nav className="tabs no-print" aria-label={s.title}>
          {(['dashboard', 'definition'] as const).map((view) => (
            <a key={view} href={toHash({ ...hash, view })} aria-current={hash.view === view ? 'page' : undefined} onClick={(e) => {
              e.preventDefault();
              setHash({ ...hash, view });
            }}>
              {view === 'dashboard' ? s.tabDashboard : s.tabDefinition}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {hash.view === 'dashboard' ? (
          <Dashboard filters={hash.filters} onFilters={setFilters} />
        ) : (
          <DefinitionTab lang={lang} canEdit={!!me && can.publishDefinition(me.role)} />
        )}
      </main>
      {drill ? <DrillDown label={drill.label} leads={drill.leads} onClose={() => setDrill(null)} /> : null}
    </ReviewContext.Provider>
  );
}

function DefinitionTab({ lang, canEdit }: { lang: 'ja' | 'en'; canEdit: boolean }) {
  const { s } = makeContext(lang, () => {});
  const definition = useQuery({ queryKey: ['definition'], queryFn: () => call('getDefinition', {}) });
  if (definition.isError) return <p role="alert">{s.error}</p>;
  if (!definition.data) return <p aria-busy="true">{s.loading}</p>;
  return <DefinitionEditor key={definition.data.version} definition={definition.data} lang={lang} canEdit={canEdit} />;
}

export function ReviewApp({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }));
  return (
    <QueryClientProvider client={queryClient}>
      <Review />
    </QueryClientProvider>
  );
}
