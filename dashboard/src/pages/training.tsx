import { useState } from 'preact/hooks';
import { ApiError, query, request } from '../api';
import { Status } from '../components/status';
import { formatCount, formatDate, formatShare } from '../format';
import type { Range } from '../range';
import { rangeInstants } from '../range';
import type {
  InboxEntry,
  InboxKind,
  InboxPage,
  InboxStatus,
  TrainingIntents,
  TrainingReport,
} from '../training-types';
import { useApi } from '../use-api';

type Act = (path: string, body: Record<string, unknown>, done: string) => Promise<void>;

const KIND_LABEL: Record<InboxKind, string> = {
  unmatched: 'not understood',
  review: 'unsure match',
  validate: 'check a match',
};

/** The version of the file defining `intent` (actions that write an intent file must carry it). */
function versionOf(intents: TrainingIntents, intent: string): { fileVersion: string } | null {
  const file = intents.intents.find((i) => i.intent === intent)?.file;
  const version = intents.files.find((f) => f.file === file)?.version;
  return version ? { fileVersion: version } : null;
}

function CreateIntentForm(props: { texts: string[]; act: Act; idBase: string }) {
  const [name, setName] = useState('');
  const [answer, setAnswer] = useState('');
  return (
    <form
      class="create"
      onSubmit={(e) => {
        e.preventDefault();
        void props.act(
          '/v1/training/inbox/create-intent',
          { texts: props.texts, intent: name.trim(), answer: answer.trim() },
          `Created intent ${name.trim()}.`,
        );
      }}
    >
      <div class="field">
        <label for={`${props.idBase}-name`}>New intent name</label>
        <input
          id={`${props.idBase}-name`}
          value={name}
          pattern="[A-Za-z0-9_.\-]+"
          placeholder="e.g. gift.cards"
          onInput={(e) => setName(e.currentTarget.value)}
          required
        />
      </div>
      <div class="field grow">
        <label for={`${props.idBase}-answer`}>Answer</label>
        <input
          id={`${props.idBase}-answer`}
          value={answer}
          onInput={(e) => setAnswer(e.currentTarget.value)}
          required
          maxLength={2000}
        />
      </div>
      <button type="submit" class="primary">
        Create intent
      </button>
    </form>
  );
}

function Entry(props: { entry: InboxEntry; intents: TrainingIntents; act: Act }) {
  const { entry, intents, act } = props;
  const [other, setOther] = useState('');
  const [creating, setCreating] = useState(false);
  const texts = entry.items.map((i) => i.text);
  const idBase = `e-${entry.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const predicted = entry.items[0]?.logged.intent ?? null;
  const assign = (intent: string) => {
    const version = versionOf(intents, intent);
    if (!version) return;
    void act('/v1/training/inbox/assign', { texts, intent, ...version }, `Assigned to ${intent}.`);
  };
  const open = entry.status === 'open';
  return (
    <li class="entry" data-entry={entry.id}>
      <div class="entry-head">
        <span class={`tag kind-${entry.kind}`}>{KIND_LABEL[entry.kind]}</span>
        <span class="muted">
          {formatCount(entry.count)} message{entry.count === 1 ? '' : 's'} · last {formatDate(entry.lastAt)}
          {entry.type === 'cluster' && ` · ${entry.items.length} similar texts`}
        </span>
      </div>
      <ul class="texts" aria-label="Texts">
        {entry.items.slice(0, 5).map((i) => (
          <li key={i.key}>
            “{i.text}”{i.count > 1 && <span class="muted"> × {i.count}</span>}
          </li>
        ))}
        {entry.items.length > 5 && <li class="muted">and {entry.items.length - 5} more</li>}
      </ul>
      {predicted && entry.kind !== 'unmatched' && (
        <p class="muted">
          Matched as <strong>{predicted}</strong> ({entry.items[0]?.logged.score.toFixed(2)})
        </p>
      )}
      {open && (
        <div class="actions" role="group" aria-label={`Actions for “${texts[0]}”`}>
          {entry.kind !== 'unmatched' && predicted && (
            <button
              type="button"
              class="good"
              onClick={() =>
                void act(
                  '/v1/training/inbox/validate',
                  { texts, verdict: 'correct', predicted },
                  'Marked correct.',
                )
              }
            >
              Correct: {predicted}
            </button>
          )}
          {entry.suggestions
            .filter((s) => s.intent !== predicted || entry.kind === 'unmatched')
            .map((s) => (
              <button type="button" key={s.intent} class="suggest" onClick={() => assign(s.intent)}>
                Assign to {s.intent} <span class="score">{s.score.toFixed(2)}</span>
              </button>
            ))}
          <span class="other">
            <label for={`${idBase}-other`} class="visually-hidden">
              Assign to another intent
            </label>
            <select id={`${idBase}-other`} value={other} onChange={(e) => setOther(e.currentTarget.value)}>
              <option value="">Other intent…</option>
              {intents.intents.map((i) => (
                <option key={i.intent}>{i.intent}</option>
              ))}
            </select>
            <button type="button" disabled={!other} onClick={() => assign(other)}>
              Assign
            </button>
          </span>
          <button type="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
            New intent…
          </button>
          <button
            type="button"
            class="quiet"
            onClick={() => void act('/v1/training/inbox/ignore', { texts }, 'Ignored.')}
          >
            Ignore
          </button>
        </div>
      )}
      {open && creating && <CreateIntentForm texts={texts} act={act} idBase={idBase} />}
      {!open && (
        <div class="actions">
          <span class="muted">
            {entry.items[0]?.decision?.action ?? entry.status}
            {entry.items[0]?.decision?.intent ? ` → ${entry.items[0].decision.intent}` : ''}
          </span>
          <button type="button" onClick={() => void act('/v1/training/inbox/reopen', { texts }, 'Reopened.')}>
            Reopen
          </button>
        </div>
      )}
    </li>
  );
}

function Report(props: { report: TrainingReport }) {
  const { report } = props;
  const v = report.validation;
  return (
    <section class="card" aria-labelledby="report-heading">
      <h2 id="report-heading">Report</h2>
      <dl class="metrics">
        <div>
          <dt>Validated precision</dt>
          <dd>
            {formatShare(v.precision)} <span class="muted small">n = {formatCount(v.correct + v.wrong)}</span>
          </dd>
        </div>
        <div>
          <dt>Open</dt>
          <dd>{formatCount(report.inbox.open)}</dd>
        </div>
        <div>
          <dt>Done</dt>
          <dd>{formatCount(report.inbox.done)}</dd>
        </div>
        <div>
          <dt>Ignored</dt>
          <dd>{formatCount(report.inbox.ignored)}</dd>
        </div>
      </dl>
      <div class="table-wrap">
        <table class="numbers">
          <caption>Matched response rate per model version</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Serving</th>
              <th scope="col">Messages</th>
              <th scope="col">Matched</th>
            </tr>
          </thead>
          <tbody>
            {report.models.map((m) => (
              <tr key={m.modelVersion}>
                <th scope="row">
                  <code>{m.modelVersion.slice(0, 10)}</code>
                </th>
                <td>
                  {formatDate(m.firstAt)} – {formatDate(m.lastAt)}
                </td>
                <td>{formatCount(m.messages)}</td>
                <td>{formatShare(m.matchedRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The training inbox: clusters and items with suggestions, one-click actions, and the training report. */
export function TrainingPage(props: { range: Range }) {
  const [status, setStatus] = useState<InboxStatus>('open');
  const [kind, setKind] = useState<InboxKind | ''>('');
  const [nonce, setNonce] = useState(0);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [limit, setLimit] = useState(12);
  const span = rangeInstants(props.range);
  const inbox = useApi<InboxPage>(`/v1/training/inbox${query({ status, kind, ...span, limit })}`, nonce);
  const intents = useApi<TrainingIntents>('/v1/training/intents', nonce);
  const report = useApi<TrainingReport>(`/v1/training/report${query(span)}`, nonce);

  const act: Act = async (path, body, done) => {
    setBusy(true);
    setNote(null);
    try {
      await request('POST', path, body);
      setNote({ ok: true, text: done });
    } catch (err) {
      const stale = err instanceof ApiError && err.status === 409;
      setNote({
        ok: false,
        text: stale
          ? 'The intent file changed meanwhile; the page is reloaded, please try again.'
          : err instanceof ApiError
            ? err.message
            : 'The server did not answer.',
      });
    } finally {
      setBusy(false);
      setNonce((n) => n + 1);
    }
  };

  return (
    <div class="two-col wide-left">
      <section class="card" aria-labelledby="inbox-heading" aria-busy={busy}>
        <h2 id="inbox-heading">Inbox</h2>
        <div class="filters">
          <div class="field">
            <label for="inbox-status">Status</label>
            <select
              id="inbox-status"
              value={status}
              onChange={(e) => setStatus(e.currentTarget.value as InboxStatus)}
            >
              <option value="open">Open</option>
              <option value="done">Done</option>
              <option value="ignored">Ignored</option>
            </select>
          </div>
          <div class="field">
            <label for="inbox-kind">Kind</label>
            <select
              id="inbox-kind"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as InboxKind | '')}
            >
              <option value="">All kinds</option>
              <option value="unmatched">Not understood</option>
              <option value="review">Unsure matches</option>
              <option value="validate">Matches to check</option>
            </select>
          </div>
        </div>
        <p class={note ? (note.ok ? 'ok' : 'alert') : 'visually-hidden'} role="status" aria-live="polite">
          {busy ? 'Saving and retraining…' : (note?.text ?? '')}
        </p>
        <Status loaded={inbox} label="the inbox">
          {(page) => (
            <Status loaded={intents} label="the intents">
              {(known) =>
                page.entries.length === 0 ? (
                  <p class="muted">Nothing here. The bot understood everything in this range.</p>
                ) : (
                  <>
                    <p class="muted">
                      {formatCount(page.total)} entr{page.total === 1 ? 'y' : 'ies'}; suggestions by model{' '}
                      <code>{page.modelVersion.slice(0, 10)}</code>.
                    </p>
                    <ul class="entries">
                      {page.entries.map((e) => (
                        <Entry key={e.id} entry={e} intents={known} act={act} />
                      ))}
                    </ul>
                    {page.nextCursor && (
                      <button type="button" onClick={() => setLimit(limit + 12)}>
                        Show more
                      </button>
                    )}
                  </>
                )
              }
            </Status>
          )}
        </Status>
      </section>
      <Status loaded={report} label="the training report">
        {(data) => <Report report={data} />}
      </Status>
    </div>
  );
}
