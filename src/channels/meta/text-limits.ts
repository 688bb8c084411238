/** How long a piece of text may be: UTF-16 code units and, optionally, UTF-8 bytes. */
export interface TextLimit {
  readonly maxChars: number;
  readonly maxBytes?: number;
}

const ELLIPSIS = '…';
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function fits(text: string, limit: TextLimit): boolean {
  if (text.length > limit.maxChars) return false;
  return limit.maxBytes === undefined || Buffer.byteLength(text, 'utf8') <= limit.maxBytes;
}

/** The longest prefix of whole graphemes (never half an emoji) that fits in `limit`. */
function fittingPrefix(text: string, limit: TextLimit): string {
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (out.length + segment.length > limit.maxChars) break;
    if (limit.maxBytes !== undefined && bytes + size > limit.maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/**
 * `text` unchanged when it fits, else cut at a grapheme boundary with an ellipsis so the result
 * (ellipsis included) never exceeds the limit.
 */
export function truncateText(text: string, limit: TextLimit): string {
  if (fits(text, limit)) return text;
  const room: TextLimit = {
    maxChars: limit.maxChars - ELLIPSIS.length,
    ...(limit.maxBytes !== undefined ? { maxBytes: limit.maxBytes - Buffer.byteLength(ELLIPSIS) } : {}),
  };
  return `${fittingPrefix(text, room).trimEnd()}${ELLIPSIS}`;
}

/**
 * Splits `text` into parts that each fit `limit`, breaking at the last line break or space in the
 * second half of a part when there is one (words survive), else at a grapheme boundary. Nothing is
 * lost apart from the whitespace at the breaks; empty parts are never produced.
 */
export function splitText(text: string, limit: TextLimit): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 0 && !fits(rest, limit)) {
    let head = fittingPrefix(rest, limit);
    if (head.length === 0) break; // a limit smaller than one grapheme: give up rather than loop
    const breakAt = Math.max(head.lastIndexOf('\n'), head.lastIndexOf(' '));
    if (breakAt >= head.length / 2) head = head.slice(0, breakAt);
    const trimmed = head.trimEnd();
    if (trimmed.length > 0) parts.push(trimmed);
    rest = rest.slice(head.length).trimStart();
  }
  if (rest.trim().length > 0) parts.push(rest);
  return parts;
}
