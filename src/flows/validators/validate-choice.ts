import { z } from 'zod';
import { err, MESSAGE_LIMITS as L, ok } from '../../core';
import type { AttributeValue } from '../../core';
import { attributeNameSchema } from '../identifier-schemas';
import type { ValidatorResult } from './validator';

/** One option of a choice: shown as a quick reply titled `title`; `value` is what gets stored. */
export const choiceOptionSchema = z.strictObject({
  title: z
    .string()
    .min(1)
    .max(L.quickReplyTitleChars, `quick-reply titles are limited to ${L.quickReplyTitleChars} characters`),
  value: z.union([z.string().min(1).max(200), z.number(), z.boolean()]),
  /** Other words that name this option in free text ("double" for "Full"). */
  synonyms: z.array(z.string().min(1).max(100)).max(20).optional(),
});
/** One option of a choice. */
export type ChoiceOption = z.infer<typeof choiceOptionSchema>;

/** Capture one of a fixed set of options, offered as quick replies. */
export const choiceCaptureSchema = z.strictObject({
  type: z.literal('choice'),
  attribute: attributeNameSchema,
  options: z
    .array(choiceOptionSchema)
    .min(1)
    .max(L.quickReplies, `at most ${L.quickReplies} quick replies per message`),
});
/** A choice capture. */
export type ChoiceCapture = z.infer<typeof choiceCaptureSchema>;

/** Lower-cases, strips accents and punctuation, collapses spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    // "I'm" is one word ("im"), not "i m" — a lone "m" would name the size M.
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function labels(option: ChoiceOption): string[] {
  return [option.title, String(option.value), ...(option.synonyms ?? [])].map(normalizeText).filter(Boolean);
}

/**
 * Accepts an option named exactly (title, value or synonym, ignoring case/accents/punctuation), its
 * 1-based number ("2", as channels may degrade quick replies to a numbered list), or free text naming
 * exactly one option ("a queen please"). `ambiguous` when the text names several, `no_option` when none.
 */
export function validateChoice(raw: string, spec: ChoiceCapture): ValidatorResult {
  const text = normalizeText(raw.slice(0, 500));
  if (text === '') return err({ reason: 'no_option' });
  const exact = spec.options.find((option) => labels(option).includes(text));
  if (exact !== undefined) return ok(exact.value);
  const byNumber = /^\d{1,2}$/.test(text) ? spec.options[Number(text) - 1] : undefined;
  if (byNumber !== undefined) return ok(byNumber.value);
  const named = namedOptions(text, spec.options);
  if (named.size > 1) return err({ reason: 'ambiguous' });
  const [only] = named;
  return only === undefined ? err({ reason: 'no_option' }) : ok(only.value);
}

interface Mention {
  readonly option: ChoiceOption;
  readonly start: number;
  readonly end: number;
}

/**
 * The options a text names as whole words. A mention inside a longer mention of another option does
 * not count ("extra large" names XL, not also L).
 */
function namedOptions(text: string, options: readonly ChoiceOption[]): Set<ChoiceOption> {
  const padded = ` ${text} `;
  const mentions: Mention[] = [];
  for (const option of options) {
    for (const label of labels(option)) {
      for (let at = padded.indexOf(` ${label} `); at !== -1; at = padded.indexOf(` ${label} `, at + 1)) {
        mentions.push({ option, start: at + 1, end: at + 1 + label.length });
      }
    }
  }
  const inside = (m: Mention) =>
    mentions.some((o) => o.option !== m.option && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start);
  return new Set(mentions.filter((m) => !inside(m)).map((m) => m.option));
}

/** The option whose value's string form is `value` (how a quick-reply payload names it), if any. */
export function findOptionByValue(spec: ChoiceCapture, value: string): AttributeValue | undefined {
  const option = spec.options.find((candidate) => String(candidate.value) === value);
  return option?.value;
}
