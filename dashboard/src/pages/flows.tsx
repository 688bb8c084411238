import { useState } from 'preact/hooks';
import { query } from '../api';
import { Status } from '../components/status';
import { formatCount, formatKpi } from '../format';
import type { Range } from '../range';
import type { Breakdown, Funnel, IntentStats, VariantStats } from '../types';
import { useApi } from '../use-api';

function FunnelView(props: { funnel: Funnel; unmatched: IntentStats['topUnmatched'] }) {
  const { funnel } = props;
  const top = Math.max(1, ...funnel.steps.map((s) => s.users));
  const worst = funnel.steps.reduce((w, s) => (s.dropOff > w ? s.dropOff : w), 0);
  return (
    <>
      <p class="summary">
        <strong>{formatCount(funnel.started)}</strong> started ·{' '}
        <strong>{formatCount(funnel.completed)}</strong> completed (
        {formatKpi('percent', funnel.completionRate.value)}) · <strong>{formatCount(funnel.goals)}</strong>{' '}
        goals · <strong>{formatCount(funnel.abandoned)}</strong> abandoned, of which{' '}
        <strong>{formatCount(funnel.abandonedAfterUnmatched)}</strong> right after a message the bot did not
        understand
      </p>
      <div class="table-wrap">
        <table class="funnel">
          <caption class="visually-hidden">Users per step of {funnel.flow}</caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Users</th>
              <th scope="col">Drop-off to next</th>
              <th scope="col">Abandoned (after unmatched)</th>
              <th scope="col">Goals</th>
            </tr>
          </thead>
          <tbody>
            {funnel.steps.map((s) => {
              const share = s.users === 0 ? 0 : (s.dropOff / s.users) * 100;
              const highlight = s.dropOff > 0 && s.dropOff === worst;
              return (
                <tr key={s.step} class={highlight ? 'worst' : undefined}>
                  <th scope="row">{s.step}</th>
                  <td>
                    <span class="bar" aria-hidden="true">
                      <span class="bar-fill" style={{ width: `${(s.users / top) * 100}%` }} />
                    </span>
                    {formatCount(s.users)}
                  </td>
                  <td class={s.dropOff > 0 ? 'drop' : undefined}>
                    {s.dropOff > 0 ? `−${formatCount(s.dropOff)} (${share.toFixed(0)} %)` : '–'}
                    {highlight && <span class="tag">largest drop</span>}
                  </td>
                  <td>
                    {formatCount(s.abandoned)}
                    {s.abandonedAfterUnmatched > 0 && (
                      <span class="warn"> ({formatCount(s.abandonedAfterUnmatched)})</span>
                    )}
                  </td>
                  <td>{s.goals > 0 ? formatCount(s.goals) : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {funnel.abandonedAfterUnmatched > 0 && props.unmatched.length > 0 && (
        <details class="unmatched" open>
          <summary>Messages the bot did not understand in this range (most frequent)</summary>
          <ul>
            {props.unmatched.map((u) => (
              <li key={u.text}>
                “{u.text}” <span class="muted">× {u.count}</span>
              </li>
            ))}
          </ul>
          <p class="muted">
            Teach the bot these in the <a href="#/training">training inbox</a>.
          </p>
        </details>
      )}
    </>
  );
}

function Variants(props: { variants: readonly VariantStats[] }) {
  if (props.variants.length === 0) return <p class="muted">This flow has no A/B variants in the range.</p>;
  const best = Math.max(...props.variants.map((v) => v.conversionRate.value ?? -1));
  return (
    <div class="variants">
      {props.variants.map((v) => (
        <article key={v.variant} class="variant" aria-labelledby={`variant-${v.variant}`}>
          <h4 id={`variant-${v.variant}`}>
            {v.variant}
            {best >= 0 && v.conversionRate.value === best && props.variants.length > 1 && (
              <span class="tag good">leading</span>
            )}
          </h4>
          <dl>
            <dt>Users</dt>
            <dd>{formatCount(v.users)}</dd>
            <dt>Clicks</dt>
            <dd>{formatCount(v.clicks)}</dd>
            <dt>CTR</dt>
            <dd>{formatKpi('percent', v.ctr.value)}</dd>
            <dt>Conversions</dt>
            <dd>{formatCount(v.conversions)}</dd>
            <dt>Conversion rate</dt>
            <dd>{formatKpi('percent', v.conversionRate.value)}</dd>
            <dt>Value</dt>
            <dd>{formatCount(v.conversionValue)}</dd>
          </dl>
        </article>
      ))}
    </div>
  );
}

function FlowDetail(props: { flow: string; range: Range; unmatched: IntentStats['topUnmatched'] }) {
  const q = query({ from: props.range.from, to: props.range.to, tz: props.range.tz });
  const id = encodeURIComponent(props.flow);
  const funnel = useApi<Funnel>(`/v1/flows/${id}/funnel${q}`);
  const variants = useApi<{ variants: VariantStats[] }>(`/v1/flows/${id}/variants${q}`);
  return (
    <section class="card" aria-labelledby={`flow-${props.flow}`} data-flow={props.flow}>
      <h2 id={`flow-${props.flow}`}>{props.flow}</h2>
      <h3>Funnel</h3>
      <Status loaded={funnel} label="the funnel">
        {(f) => <FunnelView funnel={f} unmatched={props.unmatched} />}
      </Status>
      <h3>A/B variants</h3>
      <Status loaded={variants} label="the variants">
        {(v) => <Variants variants={v.variants} />}
      </Status>
    </section>
  );
}

/** Per flow with activity in the range: its funnel, goals and A/B variants side by side. */
export function FlowsPage(props: { range: Range }) {
  const r = props.range;
  const base = { from: r.from, to: r.to, tz: r.tz };
  const flows = useApi<Breakdown>(`/v1/kpis/interactionsPerUser${query({ ...base, by: 'flow' })}`);
  const stats = useApi<IntentStats>(`/v1/intents/stats${query({ ...base, limit: 5 })}`);
  const [only, setOnly] = useState('');
  const unmatched = stats.state === 'ok' ? stats.data.topUnmatched : [];
  return (
    <Status loaded={flows} label="the flows">
      {(data) => {
        const names = data.rows.map((row) => row.key).sort();
        if (names.length === 0) return <p class="muted">No flow had any activity in this range.</p>;
        const shown = only && names.includes(only) ? [only] : names;
        return (
          <>
            <div class="filters">
              <div class="field">
                <label for="flow-pick">Flow</label>
                <select id="flow-pick" value={only} onChange={(e) => setOnly(e.currentTarget.value)}>
                  <option value="">All flows</option>
                  {names.map((n) => (
                    <option key={n}>{n}</option>
                  ))}
                </select>
              </div>
            </div>
            {shown.map((name) => (
              <FlowDetail key={`${name}:${r.from}:${r.to}`} flow={name} range={r} unmatched={unmatched} />
            ))}
          </>
        );
      }}
    </Status>
  );
}
