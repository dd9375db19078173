import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { ReviewFilters } from '../../lib/metrics/filters';
import { call } from '../../lib/messages';
import { useReview } from './context';
import { FilterBar } from './FilterBar';
import { buildTables, PrintSummary, Sections } from './sections';
import { fill } from './strings';

export function Dashboard({ filters, onFilters }: { filters: ReviewFilters; onFilters: (f: ReviewFilters) => void }) {
  const ctx = useReview();
  const { s, f } = ctx;
  const client = useQueryClient();
  const [refreshing, setRefreshing] = useState(false);
  const query = useQuery({
    queryKey: ['review', filters],
    queryFn: () => call('getReview', { filters }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const tables = useMemo(() => (data ? buildTables(ctx, data) : null), [ctx, data]);

  // Opening the review syncs first, so both sides look at the same, current numbers.
  useEffect(() => {
    void call('syncNow', { reason: 'review' })
      .then(() => client.invalidateQueries({ queryKey: ['review'] }))
      .catch(() => undefined);
  }, [client]);

  const refresh = async () => {
    setRefreshing(true);
    try {
      await call('syncNow', { reason: 'review' }).catch(() => undefined);
      const fresh = await call('getReview', { filters, refresh: true });
      client.setQueryData(['review', filters], fresh);
      await client.invalidateQueries({ queryKey: ['review'], predicate: (q) => q.queryKey[1] !== filters });
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <div className="dashboard">
      <FilterBar filters={filters} options={data?.options} onChange={onFilters} />
      <div className="toolbar no-print">
        <button type="button" onClick={() => void refresh()} disabled={refreshing}>
          {s.refresh}
        </button>
        <button type="button" onClick={() => window.print()}>
          {s.print}
        </button>
      </div>
      {query.isError && !data ? (
        <div role="alert">
          <p>{s.error}</p>
          <button type="button" onClick={() => void query.refetch()}>
            {s.retry}
          </button>
        </div>
      ) : !data || !tables ? (
        <p aria-busy="true">{s.loading}</p>
      ) : (
        <div aria-busy={query.isFetching}>
          <p className="note" aria-live="polite">
            {fill(s.computedAt, { at: f.dateTime(data.computedAt), leads: f.count(data.totals.leads), handoffs: f.count(data.totals.handoffs) })}
          </p>
          <PrintSummary data={data} />
          <Sections data={data} tables={tables} />
        </div>
      )}
    </div>
  );
}
