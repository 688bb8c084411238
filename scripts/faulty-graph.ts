/**
 * The crash test's fake Graph API: it fails a seeded, reproducible share of message sends with
 * retryable and non-retryable Meta errors and keeps a ledger of every answer per recipient, so the
 * verdict can tell a reply delivered once from one delivered twice, failed with a reason, or dropped.
 *
 * A send's fate is a hash of (seed, recipient, n-th send to that recipient): one contact's replies are
 * sent strictly in order (the outbound queue is ordered per contact), so a seed gives the same faults
 * to the same messages from run to run, whatever the interleaving of contacts.
 */
import type { ScriptedResponse } from '../src/cli/fake-graph-api';
import type { BenchGraph } from './bench-parley';
import { startBenchGraph } from './bench-parley';

/** How often sends fail. */
export interface FaultPlan {
  readonly seed: number;
  /** Share of sends answered with a retryable error (0–1). */
  readonly retryableRate: number;
  /** Share of sends answered with a non-retryable, per-message error (0–1). */
  readonly fatalRate: number;
  /**
   * At most this many retryable failures in a row per contact, so a retried message is delivered
   * within the outbound queue's 6 attempts (a retryable failure must end in one delivery).
   */
  readonly maxConsecutiveRetryable: number;
}

/** An injected error and the failure code Parley must record for it (`classifyGraphError`). */
interface Fault {
  readonly label: string;
  readonly reason: string;
  readonly response: ScriptedResponse;
}

/** Retryable: the send certainly did not happen; Parley must retry it with backoff. */
export const RETRYABLE_FAULTS: readonly Fault[] = [
  {
    label: 'code 2 (HTTP 500)',
    reason: 'meta.transient',
    response: { error: { code: 2, message: 'An unexpected error has occurred. Please retry.' } },
  },
  {
    label: 'code 613 (HTTP 400)',
    reason: 'meta.rate_limited',
    response: { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } },
  },
  {
    label: 'code 1200 (HTTP 400)',
    reason: 'meta.transient',
    response: { error: { code: 1200, message: 'Temporary send message failure. Please try again later.' } },
  },
  { label: 'HTTP 503, no Graph error', reason: 'meta.server_error', response: { status: 503, body: {} } },
];

/**
 * Non-retryable and about this one message only: code 551 ("user unavailable") is left out on purpose,
 * as it marks the contact unreachable and so refuses every later reply to it as well.
 */
export const FATAL_FAULTS: readonly Fault[] = [
  {
    label: 'code 100 (HTTP 400)',
    reason: 'meta.bad_request',
    response: { error: { code: 100, message: '(#100) Invalid parameter' } },
  },
  {
    label: 'code 10 / subcode 2018278 (HTTP 400)',
    reason: 'meta.outside_window',
    response: {
      error: {
        code: 10,
        subcode: 2018278,
        message: '(#10) This message is sent outside of allowed window.',
      },
    },
  },
];

/** One answer the fake gave to a message send. */
export type Answer =
  | { readonly kind: 'ok'; readonly id: string; readonly body: string }
  | { readonly kind: 'retryable'; readonly label: string; readonly body: string }
  | { readonly kind: 'fatal'; readonly label: string; readonly reason: string; readonly body: string };

/** The fake Graph API with its ledger. */
export interface FaultyGraph extends BenchGraph {
  /** Platform message id → recipient psid, for every send answered with success. */
  readonly sent: Map<string, string>;
  /** Every answer to a message send, per recipient psid, in order. */
  readonly ledger: Map<string, Answer[]>;
}

/** A uniform number in [0, 1) from a string (FNV-1a, then a murmur3 finaliser). */
export function hashUnit(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

const pick = <T>(list: readonly T[], unit: number): T => list[Math.floor(unit * list.length)] as T;

/** Starts the fake Graph API failing sends as `plan` says (no faults with both rates 0). */
export async function startFaultyGraph(plan: FaultPlan): Promise<FaultyGraph> {
  const sent = new Map<string, string>();
  const ledger = new Map<string, Answer[]>();
  const streak = new Map<string, number>();
  let n = 0;
  const graph = await startBenchGraph();
  graph.api.script((call) => {
    const psid = (call.body as { recipient?: { id?: string } }).recipient?.id ?? '';
    const body = JSON.stringify((call.body as { message?: unknown }).message);
    const answers = ledger.get(psid) ?? [];
    ledger.set(psid, answers);
    const key = `${plan.seed}:${psid}:${answers.length}`;
    const roll = hashUnit(key);
    const inRow = streak.get(psid) ?? 0;
    if (roll < plan.retryableRate && inRow < plan.maxConsecutiveRetryable) {
      const fault = pick(RETRYABLE_FAULTS, hashUnit(`${key}:fault`));
      answers.push({ kind: 'retryable', label: fault.label, body });
      streak.set(psid, inRow + 1);
      return fault.response;
    }
    streak.set(psid, 0);
    if (roll >= plan.retryableRate && roll < plan.retryableRate + plan.fatalRate) {
      const fault = pick(FATAL_FAULTS, hashUnit(`${key}:fault`));
      answers.push({ kind: 'fatal', label: fault.label, reason: fault.reason, body });
      return fault.response;
    }
    const id = `m_crash_${++n}`;
    sent.set(id, psid);
    answers.push({ kind: 'ok', id, body });
    return { body: { recipient_id: psid, message_id: id } };
  });
  return { ...graph, sent, ledger };
}

/** Totals of what the fake answered to the recipients of a run. */
export function injectedTotals(graph: FaultyGraph, psidPrefix: string) {
  const byLabel: Record<string, number> = {};
  let sends = 0;
  let ok = 0;
  let retryable = 0;
  let fatal = 0;
  for (const [psid, answers] of graph.ledger) {
    if (!psid.startsWith(psidPrefix)) continue;
    for (const a of answers) {
      sends += 1;
      if (a.kind === 'ok') ok += 1;
      else {
        if (a.kind === 'retryable') retryable += 1;
        else fatal += 1;
        byLabel[`${a.kind}: ${a.label}`] = (byLabel[`${a.kind}: ${a.label}`] ?? 0) + 1;
      }
    }
  }
  return { sends, ok, retryable, fatal, byLabel };
}
