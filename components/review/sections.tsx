import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { LIFECYCLE_STAGE_LABELS, SOURCE_CHANNEL_LABELS, type SourceChannel } from '../../lib/domain';
import type { AcceptanceRow, Detached, DrillRef, OutcomeRow, ReasonGroup } from '../../lib/metrics';
import type { ReviewResponse } from '../../lib/background/review';
import { CHART_HEIGHT, CHART_WIDTH, ChartFigure, COLORS } from './Chart';
import { DataTable, numCell, txt, type LeadsRef, type TableData } from './DataTable';
import { useReview, type ReviewContextValue } from './context';
import { fill } from './strings';

type Ctx = ReviewContextValue;

export function channelLabel(ctx: Ctx, key: string): string {
  if (key === '') return ctx.s.none;
  return ctx.l(SOURCE_CHANNEL_LABELS[key as SourceChannel], key);
}

const plain = (ctx: Ctx, key: string) => (key === '' ? ctx.s.none : key);
const reasonLabel = (ctx: Ctx, data: ReviewResponse, code: string) => ctx.l(data.reasonLabels[code], code);
const round = (n: number | null, digits = 4) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);

/** Every table of the dashboard, built once: the sections render them and the CSV export writes them. */
export function buildTables(ctx: Ctx, data: ReviewResponse): Record<string, TableData> {
  const { s, f } = ctx;
  /** A number's leads, asked of the background by the response's drill reference. */
  const by = (d: DrillRef): LeadsRef => ({ size: d.size, request: { drill: { filters: data.filters, computedAt: data.computedAt, list: d.list } } });
  const acceptanceTable = (id: string, title: string, first: string, rows: Detached<AcceptanceRow>[], label: (k: string) => string): TableData => ({
    id,
    title,
    columns: [first, s.acceptedCol, s.rejectedCol, s.recycledCol, s.decidedCol, s.rateCol],
    rows: rows.map((r) => [
      txt(label(r.key), r.key === '' ? '' : label(r.key)),
      numCell(f.count(r.accepted.count), r.accepted.count, by(r.accepted.drill)),
      numCell(f.count(r.rejected.count), r.rejected.count, by(r.rejected.drill)),
      numCell(f.count(r.recycled.count), r.recycled.count, by(r.recycled.drill)),
      numCell(f.count(r.decided.count), r.decided.count, by(r.decided.drill)),
      numCell(f.pct(r.rate), round(r.rate)),
    ]),
  });
  const reasonsTable = (id: string, title: string, groups: Detached<ReasonGroup>[], label: (k: string) => string, first: string): TableData => ({
    id,
    title,
    columns: [first, s.reasonCol, s.countCol, s.shareCol],
    rows: groups.flatMap((g) =>
      g.reasons.map((r) => [
        txt(label(g.key)),
        txt(reasonLabel(ctx, data, r.code)),
        numCell(f.count(r.count), r.count, by(r.drill)),
        numCell(f.pct(r.count / g.total), round(r.count / g.total)),
      ]),
    ),
  });
  const outcomeTable = (id: string, title: string, first: string, rows: Detached<OutcomeRow>[], label: (k: string) => string): TableData => {
    const cur = data.outcomes.currency;
    return {
      id,
      title,
      columns: [first, s.leadsCol, s.opportunitiesCol, s.pipelineCol, s.wonCol, s.avgDealCol, s.revenueCol],
      rows: rows.map((r) => [
        txt(label(r.key)),
        numCell(f.count(r.leads.count), r.leads.count, by(r.leads.drill)),
        numCell(f.count(r.opportunities.count), r.opportunities.count, by(r.opportunities.drill)),
        numCell(f.money(r.pipeline, cur), r.pipeline, by(r.open.drill)),
        numCell(f.count(r.won.count), r.won.count, by(r.won.drill)),
        numCell(f.money(r.averageDeal, cur), r.averageDeal === null ? null : Math.round(r.averageDeal)),
        numCell(f.money(r.wonRevenue, cur), r.wonRevenue, by(r.won.drill)),
      ]),
    };
  };
  const timingRow = (label: string, d: ReviewResponse['timing']['toDecision']) => [
    txt(label),
    numCell(f.count(d.count), d.count, by(d.drill)),
    numCell(f.duration(d.medianMs), hours(d.medianMs)),
    numCell(f.duration(d.p90Ms), hours(d.p90Ms)),
  ];
  const reasonsTotal = data.acceptance.reasons.reduce((n, r) => n + r.count, 0);
  return {
    waterfall: {
      id: 'waterfall',
      title: s.waterfall,
      columns: [s.stageCol, s.leadsCol, s.conversionCol, s.ofInquiriesCol],
      rows: data.waterfall.map((step) => [
        txt(ctx.l(LIFECYCLE_STAGE_LABELS[step.stage], step.stage)),
        numCell(f.count(step.count), step.count, by(step.drill)),
        numCell(f.pct(step.conversion), round(step.conversion)),
        numCell(f.pct(step.ofInquiries), round(step.ofInquiries)),
      ]),
    },
    acceptanceBySource: acceptanceTable('acceptance-by-source', `${s.acceptance} · ${s.bySource}`, s.channel, [data.acceptance.overall, ...data.acceptance.bySource], (k) => (k === 'all' ? s.total : channelLabel(ctx, k))),
    acceptanceByCampaign: acceptanceTable('acceptance-by-campaign', `${s.acceptance} · ${s.byCampaign}`, s.campaign, data.acceptance.byCampaign, (k) => plain(ctx, k)),
    acceptanceByVendor: acceptanceTable('acceptance-by-vendor', `${s.acceptance} · ${s.byVendor}`, s.vendor, data.acceptance.byVendor, (k) => plain(ctx, k)),
    reasons: {
      id: 'rejection-reasons',
      title: s.reasons,
      columns: [s.reasonCol, s.countCol, s.shareCol],
      rows: data.acceptance.reasons.map((r) => [
        txt(reasonLabel(ctx, data, r.code)),
        numCell(f.count(r.count), r.count, by(r.drill)),
        numCell(f.pct(r.count / reasonsTotal), round(r.count / reasonsTotal)),
      ]),
    },
    reasonsBySource: reasonsTable('rejection-reasons-by-source', s.reasonsBySource, data.acceptance.reasonsBySource, (k) => channelLabel(ctx, k), s.channel),
    reasonsByCampaign: reasonsTable('rejection-reasons-by-campaign', s.reasonsByCampaign, data.acceptance.reasonsByCampaign, (k) => plain(ctx, k), s.campaign),
    timing: {
      id: 'time-to-decision',
      title: s.timing,
      columns: [s.measureCol, s.handoffsCol, `${s.medianCol} (h)`, `${s.p90Col} (h)`],
      rows: [
        timingRow(s.toDecision, data.timing.toDecision),
        timingRow(s.routing, data.timing.routing),
        timingRow(s.waitingUnassigned, data.timing.waitingUnassigned),
        timingRow(s.repDelay, data.timing.rep),
      ],
    },
    slaOwners: {
      id: 'sla-by-owner',
      title: `${s.sla} — ${s.ownerCol}`,
      columns: [s.ownerCol, s.countCol, `${s.maxLateCol} (h)`],
      rows: data.sla.byOwner.map((o) => [
        txt(o.ownerId ? o.ownerName : s.unassigned),
        numCell(f.count(o.count), o.count, by(o.drill)),
        numCell(f.duration(o.maxLateMs), hours(o.maxLateMs)),
      ]),
    },
    slaBreaches: {
      id: 'sla-breaches',
      title: s.sla,
      columns: [s.ownerCol, s.leadCol, s.stageCol, s.dueCol, `${s.lateCol} (h)`],
      // Most overdue first; the owners' table above counts them all.
      shownRows: SLA_BREACHES_SHOWN,
      rows: data.sla.breaches.map((b, i) => [
        txt(b.ownerId ? b.ownerName : s.unassigned),
        numCell('1', b.leadId, { size: 1, request: { ids: [b.leadId] } }),
        txt(ctx.l(data.options.stages.find((st) => st.id === b.stageId)?.label, b.stageId)),
        // Formatting a date takes ~70 µs: only the rows on screen need it, the CSV has the ISO value.
        txt(i < SLA_BREACHES_SHOWN ? f.dateTime(b.dueAt) : b.dueAt, b.dueAt),
        numCell(f.duration(b.lateMs), hours(b.lateMs)),
      ]),
    },
    outcomesBySource: outcomeTable('outcomes-by-source', `${s.outcomes} · ${s.bySource}`, s.channel, [data.outcomes.total, ...data.outcomes.bySource], (k) => (k === 'all' ? s.total : channelLabel(ctx, k))),
    outcomesByCampaign: outcomeTable('outcomes-by-campaign', `${s.outcomes} · ${s.byCampaign}`, s.campaign, data.outcomes.byCampaign, (k) => plain(ctx, k)),
    outcomesByVendor: outcomeTable('outcomes-by-vendor', `${s.outcomes} · ${s.byVendor}`, s.vendor, data.outcomes.byVendor, (k) => plain(ctx, k)),
    trend: {
      id: 'weekly-trend',
      title: s.trend,
      columns: [s.weekCol, s.acceptedCol, s.decidedCol, s.acceptanceRate, s.mqlCol, s.salCol, s.mqlToSalCol, `${s.medianDecisionCol} (h)`],
      rows: data.trend.map((w) => [
        txt(`${w.week} (${w.monday})`, w.week),
        numCell(f.count(w.accepted.count), w.accepted.count, by(w.accepted.drill)),
        numCell(f.count(w.decided.count), w.decided.count, by(w.decided.drill)),
        numCell(f.pct(w.acceptanceRate), round(w.acceptanceRate)),
        numCell(f.count(w.mql.count), w.mql.count, by(w.mql.drill)),
        numCell(f.count(w.sal.count), w.sal.count, by(w.sal.drill)),
        numCell(f.pct(w.mqlToSal), round(w.mqlToSal)),
        numCell(f.duration(w.medianDecisionMs), hours(w.medianDecisionMs)),
      ]),
    },
  };
}

const pctTick = (v: number) => `${Math.round(v * 100)}%`;
/** How many SLA breaches the dashboard lists (a large team has thousands; the CSV has all). */
export const SLA_BREACHES_SHOWN = 50;

/** Source and campaign names under a bar chart, slanted so long (Japanese) names do not run into each other. */
const CATEGORY_AXIS = { dataKey: 'name', interval: 0, tick: { fontSize: 11 }, angle: -30, textAnchor: 'end', height: 70 } as const;

export function Sections({ data, tables }: { data: ReviewResponse; tables: Record<string, TableData> }) {
  const ctx = useReview();
  const { s, f } = ctx;
  const t = (k: string) => tables[k]!;

  const waterfallData = data.waterfall.map((w) => ({ name: ctx.l(LIFECYCLE_STAGE_LABELS[w.stage], w.stage), value: w.count }));
  const acceptanceData = data.acceptance.bySource.map((r) => ({ name: channelLabel(ctx, r.key), value: r.rate ?? 0 }));
  const reasonData = data.acceptance.reasons.map((r) => ({ name: reasonLabel(ctx, data, r.code), value: r.count }));
  const reasonCodes = data.acceptance.reasons.map((r) => r.code);
  /** Stacked bars, one per source or campaign, a segment per reason: where each complaint comes from. */
  const reasonGroups = (groups: typeof data.acceptance.reasonsBySource, name: (key: string) => string) =>
    groups.map((g) => ({ name: name(g.key), ...Object.fromEntries(g.reasons.map((r) => [r.code, r.count])) }));
  const reasonGroupSummary = (groups: typeof data.acceptance.reasonsBySource, name: (key: string) => string) =>
    list(groups.map((g) => ({ name: name(g.key), value: g.reasons.map((r) => `${reasonLabel(ctx, data, r.code)} ${f.count(r.count)}`).join(', ') })));
  const stackedReasons = (title: string, groups: typeof data.acceptance.reasonsBySource, name: (key: string) => string) => (
    <ChartFigure title={title} summary={reasonGroupSummary(groups, name)}>
      <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={reasonGroups(groups, name)}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis {...CATEGORY_AXIS} />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Legend />
        {reasonCodes.map((code, i) => (
          <Bar key={code} dataKey={code} stackId="reasons" name={reasonLabel(ctx, data, code)} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ChartFigure>
  );
  const timingData = [
    { name: s.toDecision, median: hours(data.timing.toDecision.medianMs) ?? 0, p90: hours(data.timing.toDecision.p90Ms) ?? 0 },
    { name: s.routing, median: hours(data.timing.routing.medianMs) ?? 0, p90: hours(data.timing.routing.p90Ms) ?? 0 },
    { name: s.waitingUnassigned, median: hours(data.timing.waitingUnassigned.medianMs) ?? 0, p90: hours(data.timing.waitingUnassigned.p90Ms) ?? 0 },
    { name: s.repDelay, median: hours(data.timing.rep.medianMs) ?? 0, p90: hours(data.timing.rep.p90Ms) ?? 0 },
  ];
  const outcomeData = data.outcomes.bySource.map((r) => ({ name: channelLabel(ctx, r.key), pipeline: r.pipeline, won: r.wonRevenue }));
  const trendData = data.trend.map((w) => ({ name: w.week, acceptance: w.acceptanceRate, mqlToSal: w.mqlToSal }));
  const list = (items: { name: string; value: string }[]) => items.map((i) => `${i.name} ${i.value}`).join(', ') || s.noData;

  return (
    <>
      <section aria-labelledby="sec-waterfall">
        <h2 id="sec-waterfall">{s.waterfall}</h2>
        <p className="note">{s.waterfallNote}</p>
        <div className="pair">
          <ChartFigure title={s.waterfall} summary={list(waterfallData.map((d) => ({ name: d.name, value: f.count(d.value) })))}>
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={waterfallData} layout="vertical" margin={{ left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={110} />
              <Tooltip />
              <Bar dataKey="value" name={s.leadsCol} fill={COLORS[0]} isAnimationActive={false} />
            </BarChart>
          </ChartFigure>
          <DataTable table={t('waterfall')} />
        </div>
      </section>

      <section aria-labelledby="sec-acceptance">
        <h2 id="sec-acceptance">
          {s.acceptance}: {s.acceptanceRate} <span className="headline">{f.pct(data.acceptance.overall.rate)}</span>
        </h2>
        <div className="pair">
          <ChartFigure title={`${s.acceptanceRate} · ${s.bySource}`} summary={list(acceptanceData.map((d, i) => ({ name: d.name, value: f.pct(data.acceptance.bySource[i]!.rate) })))}>
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={acceptanceData}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis {...CATEGORY_AXIS} />
              <YAxis tickFormatter={pctTick} domain={[0, 1]} />
              <Tooltip formatter={(v) => f.pct(Number(v))} />
              <Bar dataKey="value" name={s.acceptanceRate} fill={COLORS[2]} isAnimationActive={false} />
            </BarChart>
          </ChartFigure>
          <DataTable table={t('acceptanceBySource')} />
        </div>
        <DataTable table={t('acceptanceByCampaign')} />
        <DataTable table={t('acceptanceByVendor')} />
      </section>

      <section aria-labelledby="sec-reasons">
        <h2 id="sec-reasons">{s.reasons}</h2>
        <div className="pair">
          <ChartFigure title={s.reasons} summary={list(reasonData.map((d) => ({ name: d.name, value: f.count(d.value) })))}>
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={reasonData} layout="vertical" margin={{ left: 60 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} />
              <YAxis type="category" dataKey="name" width={150} tick={{ fontSize: 11 }} />
              <Tooltip />
              <Bar dataKey="value" name={s.countCol} fill={COLORS[3]} isAnimationActive={false} />
            </BarChart>
          </ChartFigure>
          <DataTable table={t('reasons')} />
        </div>
        <div className="pair">
          {stackedReasons(s.reasonsBySource, data.acceptance.reasonsBySource, (k) => channelLabel(ctx, k))}
          <DataTable table={t('reasonsBySource')} />
        </div>
        <div className="pair">
          {stackedReasons(s.reasonsByCampaign, data.acceptance.reasonsByCampaign, (k) => plain(ctx, k))}
          <DataTable table={t('reasonsByCampaign')} />
        </div>
      </section>

      <section aria-labelledby="sec-timing">
        <h2 id="sec-timing">{s.timing}</h2>
        <div className="pair">
          <ChartFigure
            title={s.timing}
            summary={list(timingData.map((d) => ({ name: d.name, value: `${s.medianCol} ${f.duration(d.median * 3_600_000)}, ${s.p90Col} ${f.duration(d.p90 * 3_600_000)}` })))}
          >
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={timingData}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 10 }} />
              <YAxis unit="h" />
              <Tooltip />
              <Legend />
              <Bar dataKey="median" name={s.medianCol} fill={COLORS[0]} isAnimationActive={false} />
              <Bar dataKey="p90" name={s.p90Col} fill={COLORS[1]} isAnimationActive={false} />
            </BarChart>
          </ChartFigure>
          <DataTable table={t('timing')} />
        </div>
      </section>

      <section aria-labelledby="sec-sla">
        <h2 id="sec-sla">
          {s.sla} <span className="headline">{f.count(data.sla.count)}</span>
        </h2>
        {data.sla.count === 0 ? <p>{s.slaNone}</p> : null}
        <DataTable table={t('slaOwners')} />
        <DataTable table={t('slaBreaches')} />
      </section>

      <section aria-labelledby="sec-outcomes">
        <h2 id="sec-outcomes">{s.outcomes}</h2>
        <p className="note">{s.outcomesNote}</p>
        {data.outcomes.otherCurrency > 0 ? <p className="note">{fill(s.otherCurrency, { n: data.outcomes.otherCurrency })}</p> : null}
        <div className="pair">
          <ChartFigure
            title={`${s.outcomes} · ${s.bySource}`}
            summary={list(outcomeData.map((d) => ({ name: d.name, value: `${s.pipelineCol} ${f.money(d.pipeline, data.outcomes.currency)}, ${s.revenueCol} ${f.money(d.won, data.outcomes.currency)}` })))}
          >
            <BarChart width={CHART_WIDTH} height={CHART_HEIGHT} data={outcomeData} margin={{ left: 30 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis {...CATEGORY_AXIS} />
              <YAxis tickFormatter={(v: number) => new Intl.NumberFormat(ctx.lang === 'ja' ? 'ja-JP' : 'en-US', { notation: 'compact' }).format(v)} />
              <Tooltip formatter={(v) => f.money(Number(v), data.outcomes.currency)} />
              <Legend />
              <Bar dataKey="pipeline" name={s.pipelineCol} fill={COLORS[5]} isAnimationActive={false} />
              <Bar dataKey="won" name={s.revenueCol} fill={COLORS[2]} isAnimationActive={false} />
            </BarChart>
          </ChartFigure>
          <DataTable table={t('outcomesBySource')} />
        </div>
        <DataTable table={t('outcomesByCampaign')} />
        <DataTable table={t('outcomesByVendor')} />
      </section>

      <section aria-labelledby="sec-trend">
        <h2 id="sec-trend">{s.trend}</h2>
        <ChartFigure
          title={s.trend}
          summary={list(data.trend.map((w) => ({ name: w.week, value: `${s.acceptanceRate} ${f.pct(w.acceptanceRate)}, ${s.mqlToSalCol} ${f.pct(w.mqlToSal)}, ${s.medianCol} ${f.duration(w.medianDecisionMs)}` })))}
        >
          <LineChart width={CHART_WIDTH + 200} height={CHART_HEIGHT} data={trendData}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="name" tick={{ fontSize: 10 }} />
            <YAxis tickFormatter={pctTick} domain={[0, 1]} />
            <Tooltip formatter={(v) => f.pct(v === null ? null : Number(v))} />
            <Legend />
            <Line dataKey="acceptance" name={s.acceptanceRate} stroke={COLORS[0]} connectNulls isAnimationActive={false} />
            <Line dataKey="mqlToSal" name={s.mqlToSalCol} stroke={COLORS[1]} strokeDasharray="5 3" connectNulls isAnimationActive={false} />
          </LineChart>
        </ChartFigure>
        <DataTable table={t('trend')} />
      </section>
    </>
  );
}

/** The one-page printed summary: headline numbers only. */
export function PrintSummary({ data }: { data: ReviewResponse }) {
  const ctx = useReview();
  const { s, f } = ctx;
  const wf = data.waterfall;
  return (
    <section className="print-summary" aria-label={s.summary}>
      <h2>{s.summary}</h2>
      <dl>
        {wf.map((w) => (
          <div key={w.stage}>
            <dt>{ctx.l(LIFECYCLE_STAGE_LABELS[w.stage], w.stage)}</dt>
            <dd>
              {f.count(w.count)} {w.conversion !== null ? `(${f.pct(w.conversion)})` : ''}
            </dd>
          </div>
        ))}
        <div>
          <dt>{s.acceptanceRate}</dt>
          <dd>{f.pct(data.acceptance.overall.rate)}</dd>
        </div>
        <div>
          <dt>{s.toDecision}</dt>
          <dd>
            {s.medianCol} {f.duration(data.timing.toDecision.medianMs)} / {s.p90Col} {f.duration(data.timing.toDecision.p90Ms)}
          </dd>
        </div>
        <div>
          <dt>{s.sla}</dt>
          <dd>{f.count(data.sla.count)}</dd>
        </div>
        <div>
          <dt>{s.pipelineCol}</dt>
          <dd>{f.money(data.outcomes.total.pipeline, data.outcomes.currency)}</dd>
        </div>
        <div>
          <dt>{s.revenueCol}</dt>
          <dd>{f.money(data.outcomes.total.wonRevenue, data.outcomes.currency)}</dd>
        </div>
        <div>
          <dt>{s.reasons}</dt>
          <dd>
            {data.acceptance.reasons
              .slice(0, 3)
              .map((r) => `${reasonLabel(ctx, data, r.code)} ${f.count(r.count)}`)
              .join('、')}
          </dd>
        </div>
      </dl>
    </section>
  );
}
