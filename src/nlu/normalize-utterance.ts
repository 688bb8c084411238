/**
 * The form two utterances are compared in when looking for duplicates: Unicode-normalised (NFKC),
 * lowercase, punctuation and symbols removed, whitespace collapsed and trimmed. "Where's my order?!"
 * and "wheres my  ORDER" are the same utterance. Letters and digits of every script are kept.
 */
export function normalizeUtterance(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** True when `text` has at least one letter or digit (so it is worth classifying). */
export function hasWordCharacters(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
