import type { ReviewFilters } from '../../lib/metrics/filters';
import type { ReviewOptions } from '../../lib/background/review';
import { useReview } from './context';
import { channelLabel } from './sections';

type Key = Exclude<keyof ReviewFilters, 'period' | 'from' | 'to'>;

/** Period, source, campaign, vendor, rep and stage. Every change goes to the URL hash. */
export function FilterBar({ filters, options, onChange }: { filters: ReviewFilters; options: ReviewOptions | undefined; onChange: (next: ReviewFilters) => void }) {
  const ctx = useReview();
  const { s } = ctx;
  const set = (key: keyof ReviewFilters, value: string) => {
    const next: Record<string, string | undefined> = { ...filters, [key]: value === '' ? undefined : value };
    if (key === 'period' && value !== 'custom') {
      delete next.from;
      delete next.to;
    }
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    onChange(next as ReviewFilters);
  };
  const select = (key: Key, label: string, items: { value: string; label: string }[]) => {
    const current = filters[key] ?? '';
    // A value from a link that this replica does not know still shows, so the link is honest.
    const all = current && !items.some((i) => i.value === current) ? [...items, { value: current, label: current }] : items;
    return (
      <label>
        {label}
        <select name={key} value={current} onChange={(e) => set(key, e.target.value)}>
          <option value="">{s.any}</option>
          {all.map((i) => (
            <option key={i.value} value={i.value}>
              {i.label}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <fieldset className="filters no-print">
      <legend>{s.filters}</legend>
      <label>
        {s.period}
        <select name="period" value={filters.period} onChange={(e) => set('period', e.target.value)}>
          <option value="week">{s.periodWeek}</option>
          <option value="month">{s.periodMonth}</option>
          <option value="quarter">{s.periodQuarter}</option>
          <option value="custom">{s.periodCustom}</option>
          <option value="all">{s.periodAll}</option>
        </select>
      </label>
      {filters.period === 'custom' ? (
        <>
          <label>
            {s.from}
            <input type="date" name="from" value={filters.from ?? ''} onChange={(e) => set('from', e.target.value)} />
          </label>
          <label>
            {s.to}
            <input type="date" name="to" value={filters.to ?? ''} onChange={(e) => set('to', e.target.value)} />
          </label>
        </>
      ) : null}
      {select('channel', s.channel, (options?.channels ?? []).map((c) => ({ value: c, label: channelLabel(ctx, c) })))}
      {select('campaign', s.campaign, (options?.campaigns ?? []).map((c) => ({ value: c, label: c })))}
      {select('vendor', s.vendor, (options?.vendors ?? []).map((c) => ({ value: c, label: c })))}
      {select('rep', s.rep, (options?.reps ?? []).map((r) => ({ value: r.id, label: r.name })))}
      {select('stage', s.stage, (options?.stages ?? []).map((st) => ({ value: st.id, label: ctx.l(st.label, st.id) })))}
      <p className="note">{s.periodNote}</p>
    </fieldset>
  );
}
