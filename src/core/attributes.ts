import { z } from 'zod';

/** A captured attribute value (declared data: size, budget, email…). */
export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean()]);
/** A captured attribute value. */
export type AttributeValue = z.infer<typeof attributeValueSchema>;

/** A contact's attributes by name. */
export const attributesSchema = z.record(z.string(), attributeValueSchema);
/** A contact's attributes by name. */
export type Attributes = z.infer<typeof attributesSchema>;
