/** A 1-based line and column in a text. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where `JSON.parse` failed, from its error message (`… at position 42`, or the end of the text for
 * "Unexpected end of JSON input"), as a line and column of `text`.
 */
export function jsonErrorPosition(text: string, message: string): TextPosition {
  const match = /position (\d+)/.exec(message);
  const offset = Math.min(match?.[1] === undefined ? text.length : Number(match[1]), text.length);
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] ?? '').length + 1 };
}
