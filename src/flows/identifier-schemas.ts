import { z } from 'zod';

const ID_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * A flow id: letters, digits, `_`, `.` and `-`, at most 64 characters. Never contains `|`, so it is
 * safe inside a flow payload (see {@link encodeFlowPayload}).
 */
export const flowIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(ID_PATTERN, 'ids use letters, digits, "_", "." and "-"');

/** A step id, unique within its flow; same alphabet and length as {@link flowIdSchema}. */
export const stepIdSchema = flowIdSchema;

/**
 * An attribute name a flow captures or reads: a letter, then letters, digits or `_` (so it never
 * collides with the engine's own `_variant.*` bookkeeping attributes).
 */
export const attributeNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'attribute names start with a letter, then letters, digits or "_"');
