import { useMemo, useState } from 'preact/hooks';
import { query } from '../api';
import { LineChart } from '../components/line-chart';
import { Sparkline } from '../components/sparkline';
import { Status } from '../components/status';
import type { KpiMeta } from '../format';
import { KPIS, change, formatChange, formatCount, formatKpi, formatTick } from '../format';
import type { Range } from '../range';
import type { Breakdown, Campaigns, KpiName, KpiReport, KpiSet, ListInfo } from '../types';
import { useApi } from '../use-api';

/** The charts of the overview: the KPIs whose trend matters most. */
const CHARTS: readonly KpiName[] = [
  'matchedResponseRate',
  'interactionsPerUser',
  'ctr',
  'conversionRate',
  'outboundVolume',
  'responseRate',
];

interface Filters {
  channel: string;
  flow: string;
  campaign: string;
  list: string;
}

const NO_FILTERS: Filters = { channel: '', flow: '', campaign: '', list: '' };

function KpiCard(props: { meta: KpiMeta; report: KpiReport; currency: string }) {
  const { meta, report } = props;
  const kpi = report.kpis[meta.name];
  const previous = report.previous?.kpis[meta.name];
  const pct = change(kpi, previous);
  const good = pct === null || pct === 0 ? 'flat' : pct > 0 === meta.higherIsBetter ? 'up' : 'down';
  const values = report.series.map((s) => s.kpis[meta.name].value);
  return (
    <article class="kpi" data-kpi={meta.name}>
      <h3>{meta.label}</h3>
      <p class="kpi-value">{formatKpi(meta.unit, kpi.value, props.currency)}</p>
      <p class={`kpi-change ${good}`}>
        {pct === null ? 'no comparison' : `${formatChange(pct)} vs previous`}
      </p>
      <Sparkline values={values} />
      {meta.parts && (
        <p class="kpi-parts muted">
          <span data-part="numerator">{formatCount(Math.round(kpi.numerator))}</span> {meta.parts[0]} /{' '}
          <span data-part="denominator">{formatCount(Math.round(kpi.denominator))}</span> {meta.parts[1]}
        </p>
      )}
    </article>
  );
}

function Select(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (v: string) => void;
}) {
  const id = `filter-${props.label.toLowerCase()}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">All</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function keysOf(loaded: ReturnType<typeof useApi<Breakdown>>): { value: string; label: string }[] {
  return loaded.state === 'ok' ? loaded.data.rows.map((r) => ({ value: r.key, label: r.key })) : [];
}

function Charts(props: { report: KpiReport; currency: string }) {
  const { report } = props;
  const times = useMemo(() => report.series.map((s) => Date.parse(s.start) / 1000), [report]);
  return (
    <div class="charts">
      {CHARTS.map((name) => {
        const meta = KPIS.find((k) => k.name === name)!;
        const values = report.series.map((s) => (s.kpis as KpiSet)[name].value);
        const previous = report.previous?.series.map((s) => s.kpis[name].value) ?? [];
        const total = formatKpi(meta.unit, report.kpis[name].value, props.currency);
        return (
          <LineChart
            key={name}
            title={meta.label}
            summary={`${total} over the range, ${values.length} periods`}
            times={times}
            format={(v) => formatKpi(meta.unit, v, props.currency)}
            axis={(v) => formatTick(meta.unit, v)}
            lines={[
              { label: 'This period', values, color: '#1d4ed8' },
              ...(previous.length === values.length
                ? [{ label: 'Previous', values: previous, color: '#6b7280', dash: true }]
                : []),
            ]}
          />
        );
      })}
    </div>
  );
}

/** The twelve KPIs with their change against the previous period, and the trend charts. */
export function OverviewPage(props: { range: Range }) {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [granularity, setGranularity] = useState<'day' | 'week' | 'month'>('day');
  const r = props.range;
  const base = { from: r.from, to: r.to, tz: r.tz };
  const report = useApi<KpiReport>(
    `/v1/kpis${query({ ...base, ...filters, granularity, compare: 'previous' })}`,
  );
  const flows = useApi<Breakdown>(`/v1/kpis/interactionsPerUser${query({ ...base, by: 'flow' })}`);
  const campaigns = useApi<Breakdown>(`/v1/kpis/interactionsPerUser${query({ ...base, by: 'campaign' })}`);
  const lists = useApi<{ lists: ListInfo[] }>('/v1/lists');
  const currency = useApi<Campaigns>(`/v1/campaigns${query(base)}`);
  const money = currency.state === 'ok' ? currency.data.currency : 'USD';
  const set = (key: keyof Filters) => (value: string) => setFilters({ ...filters, [key]: value });

  return (
    <>
      <section aria-label="Filters" class="filters">
        <Select
          label="Channel"
          value={filters.channel}
          options={['web', 'messenger', 'instagram'].map((c) => ({ value: c, label: c }))}
          onChange={set('channel')}
        />
        <Select label="Flow" value={filters.flow} options={keysOf(flows)} onChange={set('flow')} />
        <Select
          label="Campaign"
          value={filters.campaign}
          options={keysOf(campaigns)}
          onChange={set('campaign')}
        />
        <Select
          label="List"
          value={filters.list}
          options={lists.state === 'ok' ? lists.data.lists.map((l) => ({ value: l.id, label: l.name })) : []}
          onChange={set('list')}
        />
        <div class="field">
          <label for="granularity">Charts by</label>
          <select
            id="granularity"
            value={granularity}
            onChange={(e) => setGranularity(e.currentTarget.value as 'day' | 'week' | 'month')}
          >
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </div>
      </section>
      <Status loaded={report} label="the KPIs">
        {(data) => (
          <>
            <section aria-labelledby="kpi-heading">
              <h2 id="kpi-heading" class="visually-hidden">
                Key performance indicators
              </h2>
              <div class="kpis">
                {KPIS.map((meta) => (
                  <KpiCard key={meta.name} meta={meta} report={data} currency={money} />
                ))}
              </div>
            </section>
            <section aria-labelledby="trend-heading">
              <h2 id="trend-heading">Trends</h2>
              <Charts report={data} currency={money} />
            </section>
          </>
        )}
      </Status>
    </>
  );
}
