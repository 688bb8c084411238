/** Whether an item of the training inbox still needs a trainer. */
export type InboxStatus = 'open' | 'done' | 'ignored';

/** What a trainer did with an inbox item. */
export type InboxAction = 'assign' | 'create-intent' | 'ignore' | 'validate';

/** A trainer's verdict on a matched message. */
export type InboxVerdict = 'correct' | 'wrong';

/**
 * A trainer's decision about one inbox item: every logged message whose text has the same normalised
 * form (`key`). Items without a decision are `open`.
 */
export interface InboxDecision {
  /** The normalised text (lowercase, no punctuation, single spaces); unique: one decision per key. */
  readonly key: string;
  /** `done` (assigned, created or validated) or `ignored`. */
  readonly status: 'done' | 'ignored';
  readonly action: InboxAction;
  /** The intent the text was assigned to or created as; for a validation, the right intent if known. */
  readonly intent: string | null;
  /** Validations only: the intent the model had matched. */
  readonly predicted: string | null;
  /** Validations only. */
  readonly verdict: InboxVerdict | null;
  /** Epoch ms of the decision. */
  readonly at: number;
}

/** Filters of {@link InboxStore.listInboxDecisions}; all optional, all must hold. */
export interface InboxDecisionQuery {
  /** Only these keys. */
  readonly keys?: readonly string[];
  /** Decided at or after (epoch ms, inclusive). */
  readonly from?: number;
  /** Decided before (epoch ms, exclusive). */
  readonly to?: number;
}

/** Decisions of the training inbox (part of every `Store`). The inbox itself is computed from the message log. */
export interface InboxStore {
  /**
   * Saves decisions atomically (all or none). A decision replaces any earlier one with the same key
   * (last write wins); within one call, a later entry for the same key wins.
   */
  saveInboxDecisions(decisions: readonly InboxDecision[]): Promise<void>;
  /** The decisions matching `query`, ordered by key. An empty `keys` array matches nothing. */
  listInboxDecisions(query: InboxDecisionQuery): Promise<InboxDecision[]>;
  /** Removes the decisions of these keys (their items are open again); returns how many existed. */
  deleteInboxDecisions(keys: readonly string[]): Promise<number>;
}
