import { query } from '../api';
import { Status } from '../components/status';
import { formatCount, formatShare } from '../format';
import type { Range } from '../range';
import type { CrossValidation, IntentStats } from '../types';
import { useApi } from '../use-api';

function Usage(props: { stats: IntentStats }) {
  const { stats } = props;
  return (
    <section class="card" aria-labelledby="usage-heading">
      <h2 id="usage-heading">Matches in the range</h2>
      <p class="summary">
        <strong>{formatCount(stats.matched)}</strong> of <strong>{formatCount(stats.evaluated)}</strong>{' '}
        evaluated messages matched an intent.
      </p>
      <div class="table-wrap">
        <table class="numbers">
          <thead>
            <tr>
              <th scope="col">Intent</th>
              <th scope="col">Matches</th>
              <th scope="col">Share</th>
              <th scope="col">Mean score</th>
            </tr>
          </thead>
          <tbody>
            {stats.intents.map((i) => (
              <tr key={i.intent} data-intent={i.intent}>
                <th scope="row">{i.intent}</th>
                <td>{formatCount(i.matches)}</td>
                <td>
                  <span class="bar" aria-hidden="true">
                    <span class="bar-fill" style={{ width: `${i.share ?? 0}%` }} />
                  </span>
                  {i.share === null ? '–' : `${i.share.toFixed(1)} %`}
                </td>
                <td>{i.meanScore === null ? '–' : i.meanScore.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {stats.topUnmatched.length > 0 && (
        <>
          <h3>Most frequent unmatched messages</h3>
          <ul class="plain">
            {stats.topUnmatched.map((u) => (
              <li key={u.text}>
                “{u.text}” <span class="muted">× {u.count}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function CrossValidationReport(props: { report: CrossValidation }) {
  const m = props.report.metrics;
  return (
    <section class="card" aria-labelledby="cv-heading">
      <h2 id="cv-heading">Cross-validation</h2>
      <p class="muted">
        {props.report.folds}-fold cross-validation of {formatCount(props.report.examples)} training examples
        at threshold {m.threshold}; model <code>{props.report.version.slice(0, 12)}</code>.
      </p>
      <dl class="metrics">
        <div>
          <dt>Accuracy (in scope)</dt>
          <dd>{formatShare(m.inScopeAccuracy)}</dd>
        </div>
        <div>
          <dt>Match precision</dt>
          <dd>{formatShare(m.matchPrecision)}</dd>
        </div>
        <div>
          <dt>Macro F1</dt>
          <dd>{m.macroF1.toFixed(3)}</dd>
        </div>
        <div>
          <dt>Out-of-scope recall</dt>
          <dd>{formatShare(m.oosRecall)}</dd>
        </div>
      </dl>
      <div class="table-wrap">
        <table class="numbers">
          <thead>
            <tr>
              <th scope="col">Intent</th>
              <th scope="col">Examples</th>
              <th scope="col">Precision</th>
              <th scope="col">Recall</th>
              <th scope="col">F1</th>
            </tr>
          </thead>
          <tbody>
            {m.perIntent.map((i) => (
              <tr key={i.intent} class={i.f1 < 0.8 ? 'weak' : undefined}>
                <th scope="row">{i.intent}</th>
                <td>{formatCount(i.support)}</td>
                <td>{formatShare(i.precision)}</td>
                <td>{formatShare(i.recall)}</td>
                <td>{i.f1.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.confusions.length > 0 && (
        <>
          <h3>Most frequent confusions</h3>
          <ul class="plain">
            {m.confusions.map((c) => (
              <li key={`${c.expected}>${c.predicted}`}>
                <strong>{c.expected ?? 'out of scope'}</strong> taken for{' '}
                <strong>{c.predicted ?? 'no match'}</strong> <span class="muted">× {c.count}</span>
                {c.examples[0] && <span class="muted"> — “{c.examples[0]}”</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Per intent: matches, share and mean score in the range; the bot's cross-validation report. */
export function IntentsPage(props: { range: Range }) {
  const r = props.range;
  const stats = useApi<IntentStats>(
    `/v1/intents/stats${query({ from: r.from, to: r.to, tz: r.tz, limit: 10 })}`,
  );
  const cv = useApi<CrossValidation>('/v1/intents/cross-validation');
  return (
    <div class="two-col">
      <Status loaded={stats} label="the intent statistics">
        {(data) => <Usage stats={data} />}
      </Status>
      <Status loaded={cv} label="the cross-validation report (computed once per model)">
        {(data) => <CrossValidationReport report={data} />}
      </Status>
    </div>
  );
}
