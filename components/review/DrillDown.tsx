import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { HANDOFF_STATUS_LABELS, LIFECYCLE_STAGE_LABELS } from '../../lib/domain';
import { call } from '../../lib/messages';
import { DRILL_LIMIT } from '../../lib/metrics/drill';
import { DataTable, txt, type LeadsRef, type TableData } from './DataTable';
import { useReview } from './context';
import { channelLabel } from './sections';
import { fill } from './strings';

/** The leads behind a number: name, company, grade, source, status. */
export function DrillDown({ label, leads, onClose }: { label: string; leads: LeadsRef; onClose: () => void }) {
  const ctx = useReview();
  const { s } = ctx;
  const request = 'ids' in leads.request ? { ids: leads.request.ids.slice(0, DRILL_LIMIT) } : leads.request;
  const query = useQuery({ queryKey: ['reviewLeads', request], queryFn: () => call('getReviewLeads', request) });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  const title = fill(s.drillTitle, { label, n: leads.size });
  const table: TableData = {
    id: 'drill-down',
    title,
    columns: [s.nameCol, s.companyCol, s.gradeCol, s.sourceCol, s.statusCol, s.ownerCol],
    rows: (query.data?.leads ?? []).map((l) => [
      txt(l.name),
      txt(l.company ?? ''),
      txt(l.grade ?? '—', l.grade ?? ''),
      txt([channelLabel(ctx, l.source.channel), l.source.campaign, l.source.vendor].filter(Boolean).join(' / ')),
      txt([ctx.l(LIFECYCLE_STAGE_LABELS[l.stage], l.stage), l.handoffStatus ? ctx.l(HANDOFF_STATUS_LABELS[l.handoffStatus]) : null].filter(Boolean).join(' · ')),
      txt(l.ownerName ?? ''),
    ]),
  };
  return (
    <div role="dialog" aria-modal="false" aria-label={title} className="drill-down no-print" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <button type="button" ref={closeRef} onClick={onClose} className="close">
        {s.close}
      </button>
      {leads.size > DRILL_LIMIT ? <p className="note">{fill(s.drillTruncated, { n: DRILL_LIMIT })}</p> : null}
      {query.isPending ? <p>{s.loading}</p> : query.isError ? <p role="alert">{s.error}</p> : <DataTable table={table} />}
      {query.data && query.data.missing > 0 ? <p className="note">{fill(s.drillMissing, { n: query.data.missing })}</p> : null}
    </div>
  );
}
