import type { AttributeValue, Attributes, FlowPosition, NewEvent, NluResult, OutboundMessage } from '../core';
import type { FlowCatalog } from './flow-catalog';

/** What reaches a flow in one turn. */
export type FlowInput =
  /** A trigger matched (intent, payload, ref, ad, keyword): start `flowId` at its entry (or `stepId`). */
  | {
      readonly kind: 'start';
      readonly flowId: string;
      readonly stepId?: string;
      /** What started it (`intent:product.finder`, `ref:summer-ad`…), logged on `flow_started`. */
      readonly trigger?: string;
      /** The entry point / ad campaign, set as `campaign` on `flow_started`. */
      readonly campaign?: string;
    }
  /** Free text while in a flow; the runtime computed NLU (and entities) beforehand. */
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly nlu: NluResult | null;
      readonly entities?: Readonly<Record<string, string>>;
    }
  /** A quick-reply or postback tap (`text` is its title when the channel tells it). */
  | { readonly kind: 'payload'; readonly payload: string; readonly text?: string };

/** Everything the engine may know in one turn. Time and identity are injected; nothing is read globally. */
export interface FlowContext {
  readonly catalog: FlowCatalog;
  readonly contact: {
    readonly id: string;
    readonly firstName?: string;
    readonly attributes: Readonly<Attributes>;
  };
  /** Epoch ms of this turn. */
  readonly now: number;
  /** A position idle longer than this is abandoned (runtime default: 24 h). */
  readonly ttlMs: number;
  /** Strong-match score: an NLU intent at or above it may interrupt a question. */
  readonly threshold: number;
  /** Intents handled globally (stop, help, restart, human) even in the middle of a question. */
  readonly globalIntents: ReadonlySet<string>;
  /** Steps run per turn before the engine gives up on the flow (default 100). */
  readonly maxStepsPerTurn?: number;
}

/** A message a flow sends, with the step (and A/B variant) it came from, for link tracking and logs. */
export interface FlowMessage {
  readonly message: OutboundMessage;
  readonly flowId: string;
  readonly stepId: string;
  readonly variant: string | null;
}

/** Attribute changes of a turn: a value to store, or `null` to remove it. */
export type AttributePatch = Record<string, AttributeValue | null>;

/**
 * What a turn did. Every outcome carries the position to store and the events to log (an expired
 * position yields `flow_abandoned` even when the input was not for the flow).
 */
export type FlowOutcome =
  /** The flow consumed the input and moved on (maybe to its end: `position` null). */
  | {
      readonly kind: 'advanced';
      readonly position: FlowPosition | null;
      readonly messages: FlowMessage[];
      readonly events: NewEvent[];
      readonly attributes: AttributePatch;
      /** A handoff step ran: pause the bot for this contact and notify a human. */
      readonly handoff: boolean;
    }
  /**
   * The text strongly matched `intent` instead of answering the question. The runtime answers the
   * intent (or, when `global`, applies stop/help/restart/human), then sends `resume` if the flow goes on.
   */
  | {
      readonly kind: 'interrupt';
      readonly intent: string;
      readonly global: boolean;
      readonly resume: FlowMessage[];
      readonly position: FlowPosition | null;
      readonly events: NewEvent[];
    }
  /** Not a flow input (no active flow, not a flow payload, free text at a menu): handle it normally. */
  | { readonly kind: 'not_for_flow'; readonly position: FlowPosition | null; readonly events: NewEvent[] };
