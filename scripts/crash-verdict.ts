/**
 * The crash test's verdict: the SQLite store of a run compared with the fake Graph API's ledger.
 *
 * Every acknowledged message must be logged as processed and answered by exactly one reply (a
 * one-answer bot), and every reply must be
 * - sent: its platform message id is a success the fake gave to that contact, referenced once; or
 * - failed with a reason: a non-retryable error the fake gave to that contact (same failure code), or
 *   `outbound.delivery_unknown` (a sender died between claiming and recording: at most once).
 * A retryable error must be followed by a retry of the same message, ending in one delivery (or a
 * non-retryable error). What the fake did for a message recorded as `delivery_unknown` (delivered it,
 * failed it, or never saw it) is allowed once per such message; anything beyond is a duplicate, an
 * unrecorded failure or a retry that never came.
 */
import Database from 'better-sqlite3';
import type { Answer, FaultyGraph } from './faulty-graph';
import type { LoadResult } from './webhook-load';

const DELIVERY_UNKNOWN = 'outbound.delivery_unknown';
const RETRIES_EXHAUSTED = 'outbound.retries_exhausted';

interface Row {
  readonly psid: string;
  readonly direction: string;
  readonly status: string;
  readonly error: string | null;
  readonly pmid: string | null;
}

interface ContactTally {
  in: number;
  out: number;
  unknown: number;
  exhausted: number;
  failed: Map<string, number>;
}

/** Inbound mids of the run, and outbound rows still pending or sending. */
export function readInbound(db: Database.Database, runId: string): { inbound: Set<string>; pending: number } {
  const rows = db
    .prepare(
      `SELECT platform_message_id AS mid FROM messages WHERE direction = 'in' AND platform_message_id LIKE ?`,
    )
    .all(`m_${runId}_%`) as { mid: string }[];
  const pending = db
    .prepare(
      `SELECT count(*) AS n FROM messages WHERE direction = 'out' AND status IN ('pending', 'sending')`,
    )
    .get() as { n: number };
  return { inbound: new Set(rows.map((r) => r.mid)), pending: pending.n };
}

/** The failure code of a stored error (`code: message`), or null without a reason. */
const reasonCode = (error: string | null): string | null => {
  const m = /^([a-z_]+(?:\.[a-z_]+)+): \S/.exec(error ?? '');
  return m ? (m[1] as string) : null;
};

/** Per contact: sends the fake saw for a message it failed retryably, not followed by a retry of it. */
function ledgerStats(answers: readonly Answer[]) {
  let abandoned = 0;
  let retriedThenDelivered = 0;
  let retriedThenFailed = 0;
  const fatal = new Map<string, number>();
  // The body of a message the fake failed retryably and has not answered for good yet.
  let open: string | null = null;
  for (const a of answers) {
    if (open !== null && open !== a.body) abandoned += 1;
    if (a.kind === 'retryable') {
      open = a.body;
      continue;
    }
    if (a.kind === 'fatal') fatal.set(a.reason, (fatal.get(a.reason) ?? 0) + 1);
    if (open === a.body) {
      if (a.kind === 'ok') retriedThenDelivered += 1;
      else retriedThenFailed += 1;
    }
    open = null;
  }
  if (open !== null) abandoned += 1;
  return { abandoned, retriedThenDelivered, retriedThenFailed, fatal };
}

function tallyRows(rows: readonly Row[], graph: FaultyGraph) {
  const perContact = new Map<string, ContactTally>();
  const statuses: Record<string, number> = {};
  const failures: Record<string, number> = {};
  const referenced = new Map<string, number>();
  let sentWithoutSend = 0;
  let failedWithoutReason = 0;
  for (const r of rows) {
    let t = perContact.get(r.psid);
    if (!t) perContact.set(r.psid, (t = { in: 0, out: 0, unknown: 0, exhausted: 0, failed: new Map() }));
    if (r.direction === 'in') {
      t.in += 1;
      continue;
    }
    t.out += 1;
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    if (r.status === 'sent') {
      if (r.pmid && graph.sent.get(r.pmid) === r.psid)
        referenced.set(r.pmid, (referenced.get(r.pmid) ?? 0) + 1);
      else sentWithoutSend += 1;
    }
    if (r.status !== 'failed') continue;
    const code = reasonCode(r.error);
    if (code === null) failedWithoutReason += 1;
    failures[code ?? 'no reason'] = (failures[code ?? 'no reason'] ?? 0) + 1;
    if (code === DELIVERY_UNKNOWN) t.unknown += 1;
    else if (code === RETRIES_EXHAUSTED) t.exhausted += 1;
    else if (code !== null) t.failed.set(code, (t.failed.get(code) ?? 0) + 1);
  }
  return { perContact, statuses, failures, referenced, sentWithoutSend, failedWithoutReason };
}

/** Compares the store of a run with what the fake Graph API answered. */
export function verify(dbFile: string, runId: string, load: LoadResult, graph: FaultyGraph) {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  let rows: Row[];
  let inbound: Set<string>;
  try {
    inbound = readInbound(db, runId).inbound;
    rows = db
      .prepare(
        `SELECT c.external_id AS psid, m.direction, m.status, m.error, m.platform_message_id AS pmid
           FROM messages m JOIN contacts c ON c.id = m.contact_id
          WHERE c.external_id LIKE ? AND m.sender IN ('user', 'bot')`,
      )
      .all(`${runId}-c%`) as Row[];
  } finally {
    db.close();
  }
  const lost = load.acked.filter((mid) => !inbound.has(mid));
  const t = tallyRows(rows, graph);
  const doubleReferenced = [...t.referenced.values()].filter((n) => n > 1).length;
  const orphans = new Map<string, number>();
  for (const [id, psid] of graph.sent) {
    if (psid.startsWith(`${runId}-c`) && !t.referenced.has(id))
      orphans.set(psid, (orphans.get(psid) ?? 0) + 1);
  }
  const c = {
    missingReplies: 0,
    extraReplies: 0,
    duplicates: 0,
    unknownDelivered: 0,
    unknownFailed: 0,
    unknownAbandoned: 0,
    fatalUnrecorded: 0,
    failureNotGiven: 0,
    notRetried: 0,
    exhausted: 0,
    retriedThenDelivered: 0,
    retriedThenFailed: 0,
  };
  const unexpected: Record<string, number> = {};
  const psids = new Set([
    ...t.perContact.keys(),
    ...[...graph.ledger.keys()].filter((p) => p.startsWith(`${runId}-c`)),
  ]);
  for (const psid of psids) {
    const tally = t.perContact.get(psid) ?? { in: 0, out: 0, unknown: 0, exhausted: 0, failed: new Map() };
    const g = ledgerStats(graph.ledger.get(psid) ?? []);
    c.missingReplies += Math.max(0, tally.in - tally.out);
    c.extraReplies += Math.max(0, tally.out - tally.in);
    c.retriedThenDelivered += g.retriedThenDelivered;
    c.retriedThenFailed += g.retriedThenFailed;
    c.exhausted += tally.exhausted;
    let slack = tally.unknown;
    const use = (n: number) => {
      const used = Math.min(n, slack);
      slack -= used;
      return used;
    };
    const orphan = orphans.get(psid) ?? 0;
    const delivered = use(orphan);
    c.unknownDelivered += delivered;
    c.duplicates += orphan - delivered;
    let missingFatal = 0;
    for (const [code, n] of tally.failed) {
      const given = g.fatal.get(code) ?? 0;
      if (given === 0) unexpected[code] = (unexpected[code] ?? 0) + n;
      else c.failureNotGiven += Math.max(0, n - given);
    }
    for (const [code, given] of g.fatal) missingFatal += Math.max(0, given - (tally.failed.get(code) ?? 0));
    const failedUnknown = use(missingFatal);
    c.unknownFailed += failedUnknown;
    c.fatalUnrecorded += missingFatal - failedUnknown;
    const abandonedUnknown = use(g.abandoned);
    c.unknownAbandoned += abandonedUnknown;
    c.notRetried += Math.max(0, g.abandoned - abandonedUnknown - tally.exhausted);
  }
  const unresolved = (t.statuses.pending ?? 0) + (t.statuses.sending ?? 0);
  return {
    acked: load.acked.length,
    processed: inbound.size,
    lost: lost.length,
    lostSample: lost.slice(0, 5),
    replies: rows.filter((r) => r.direction === 'out').length,
    statuses: t.statuses,
    failures: t.failures,
    unresolved,
    sendsAtGraph: [...graph.sent.values()].filter((p) => p.startsWith(`${runId}-c`)).length,
    sentWithoutSend: t.sentWithoutSend,
    doubleReferenced,
    failedWithoutReason: t.failedWithoutReason,
    unexpectedFailures: unexpected,
    ...c,
    ok:
      lost.length === 0 &&
      c.missingReplies === 0 &&
      c.extraReplies === 0 &&
      unresolved === 0 &&
      c.duplicates === 0 &&
      doubleReferenced === 0 &&
      t.sentWithoutSend === 0 &&
      t.failedWithoutReason === 0 &&
      Object.keys(unexpected).length === 0 &&
      c.failureNotGiven === 0 &&
      c.fatalUnrecorded === 0 &&
      c.notRetried === 0 &&
      c.exhausted === 0,
  };
}

/** The verdict of one phase. */
export type PhaseVerdict = ReturnType<typeof verify>;
