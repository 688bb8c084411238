import type { AttributeValue, Result } from '../../core';

/** What a validator may know besides the raw answer. */
export interface ValidatorContext {
  /** Epoch ms of "now", the reference for relative dates ("tomorrow"). */
  readonly now: number;
  /** Entities the runtime's NLU extracted from the message, by entity name. */
  readonly entities?: Readonly<Record<string, string>>;
}

/** Why an answer was refused; `reason` is a stable snake_case code (`invalid_email`, `too_large`…). */
export interface ValidationFailure {
  readonly reason: string;
}

/** The outcome of validating one answer: the normalised value to store, or why it was refused. */
export type ValidatorResult = Result<AttributeValue, ValidationFailure>;
