import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attributes, FlowPosition, NluResult } from '../../../src/core';
import { parseFlowFiles, runFlow } from '../../../src/flows';
import type { FlowCatalog, FlowContext, FlowInput, FlowOutcome } from '../../../src/flows';

/** Intents the demo and fixture flows may trigger on. */
export const KNOWN_INTENTS: ReadonlySet<string> = new Set([
  'product.finder',
  'newsletter.signup',
  'feedback',
  'stop',
  'help',
  'restart',
  'human',
  'shipping.time',
]);
export const GLOBAL_INTENTS: ReadonlySet<string> = new Set(['stop', 'help', 'restart', 'human']);
export const T0 = Date.UTC(2024, 4, 3, 10, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;

/** Builds a catalog from flow objects (one per file), failing the test on any error. */
export function catalogOf(...flows: object[]): FlowCatalog {
  const files = flows.map((flow, index) => ({ path: `flows/f${index}.json`, content: JSON.stringify(flow) }));
  const parsed = parseFlowFiles(files, { knownIntents: KNOWN_INTENTS });
  if (!parsed.ok) throw new Error(`flows invalid: ${JSON.stringify(parsed.error, null, 2)}`);
  return parsed.value.catalog;
}

/** Reads every `*.json` of a directory as flow files. */
export function readFlowDir(dir: string): { path: string; content: string }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ path: join(dir, name), content: readFileSync(join(dir, name), 'utf8') }));
}

/** The demo flows in `flows/` plus the kitchen-sink fixture. */
export function demoCatalog(withFixture = false): FlowCatalog {
  const files = [...readFlowDir(join(__dirname, '../../../flows'))];
  if (withFixture) files.push(...readFlowDir(join(__dirname, '../../fixtures/flows/kitchen-sink')));
  const parsed = parseFlowFiles(files, { knownIntents: KNOWN_INTENTS });
  if (!parsed.ok) throw new Error(`flows invalid: ${JSON.stringify(parsed.error, null, 2)}`);
  return parsed.value.catalog;
}

/** An NLU result for `intent` with `score`. */
export function nlu(intent: string | null, score = 0.95): NluResult {
  return { intent, score, matched: intent !== null && score >= 0.5, candidates: [], modelVersion: 'test' };
}

/**
 * A contact talking to flows: keeps position, attributes and the clock between turns like the runtime
 * would, and records every outcome.
 */
export class Chat {
  position: FlowPosition | null = null;
  attributes: Attributes = {};
  now = T0;
  readonly outcomes: FlowOutcome[] = [];

  constructor(
    readonly catalog: FlowCatalog,
    readonly contactId = 'contact-1',
    readonly firstName: string | undefined = 'Jo',
  ) {}

  context(): FlowContext {
    return {
      catalog: this.catalog,
      contact: { id: this.contactId, firstName: this.firstName, attributes: this.attributes },
      now: this.now,
      ttlMs: DAY,
      threshold: 0.8,
      globalIntents: GLOBAL_INTENTS,
    };
  }

  send(input: FlowInput): FlowOutcome {
    const outcome = runFlow(this.position, input, this.context());
    this.outcomes.push(outcome);
    this.position = outcome.position;
    if (outcome.kind === 'advanced') {
      const next: Attributes = { ...this.attributes };
      for (const [name, value] of Object.entries(outcome.attributes)) {
        if (value === null) delete next[name];
        else next[name] = value;
      }
      this.attributes = next;
    }
    return outcome;
  }

  start(flowId: string): FlowOutcome {
    return this.send({ kind: 'start', flowId });
  }

  text(text: string, intent: NluResult | null = null): FlowOutcome {
    return this.send({ kind: 'text', text, nlu: intent });
  }

  tap(payload: string, text?: string): FlowOutcome {
    return this.send({ kind: 'payload', payload, text });
  }
}

/** The texts of an outcome's messages (text, buttons text, card titles). */
export function textsOf(outcome: FlowOutcome): string[] {
  const messages = outcome.kind === 'advanced' ? outcome.messages : outcome.kind === 'interrupt' ? outcome.resume : [];
  return messages.map(({ message }) =>
    message.type === 'carousel' ? message.cards.map((card) => card.title).join(' | ') : message.type === 'media' ? message.url : message.text,
  );
}

/** The quick replies (title → payload) of an outcome's last message. */
export function quickRepliesOf(outcome: FlowOutcome): Record<string, string> {
  const messages = outcome.kind === 'advanced' ? outcome.messages : outcome.kind === 'interrupt' ? outcome.resume : [];
  const last = messages[messages.length - 1]?.message;
  return Object.fromEntries((last?.quickReplies ?? []).map((qr) => [qr.title, qr.payload]));
}

/** The event types of an outcome, in order. */
export function eventTypes(outcome: FlowOutcome): string[] {
  return outcome.kind === 'interrupt' || outcome.kind === 'advanced' || outcome.kind === 'not_for_flow'
    ? outcome.events.map((event) => event.type)
    : [];
}
