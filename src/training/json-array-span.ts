/** Where one array of a JSON text is, and where each of its elements is (offsets into the text). */
export interface JsonArraySpan {
  /** Offset of `[`. */
  readonly open: number;
  /** Offset of `]`. */
  readonly close: number;
  /** Each element's first and one-past-last character. */
  readonly elements: readonly { readonly start: number; readonly end: number }[];
}

type PathKey = string | number;

const WS = new Set([' ', '\t', '\n', '\r']);
const VALUE_END = new Set([' ', '\t', '\n', '\r', ',', ']', '}']);

/**
 * Finds the array at `path` (e.g. `['data', 2, 'utterances']`) in a JSON text that `JSON.parse`
 * accepts, or null when there is no array there. A scanner, not a parser: it only tracks positions, so
 * an edit can touch exactly those characters and leave the rest of the file byte for byte.
 */
export function findJsonArray(text: string, path: readonly PathKey[]): JsonArraySpan | null {
  let found: JsonArraySpan | null = null;
  const skip = (i: number): number => {
    while (i < text.length && WS.has(text[i]!)) i++;
    return i;
  };
  const string = (i: number): number => {
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    return i + 1;
  };
  const onPath = (depth: number, key: PathKey): boolean => depth < path.length && path[depth] === key;
  // `tracking` is true while every key so far equals the path's; only then can the target be inside.
  const value = (start: number, depth: number, tracking: boolean): number => {
    let i = skip(start);
    const c = text[i];
    if (c === '"') return string(i);
    if (c === '{') {
      i = skip(i + 1);
      if (text[i] === '}') return i + 1;
      for (;;) {
        i = skip(i);
        const keyEnd = string(i);
        const key = JSON.parse(text.slice(i, keyEnd)) as string;
        i = skip(keyEnd) + 1; // the colon
        i = skip(value(i, depth + 1, tracking && onPath(depth, key)));
        if (text[i] === ',') {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    if (c === '[') {
      const open = i;
      const elements: { start: number; end: number }[] = [];
      i = skip(i + 1);
      if (text[i] !== ']') {
        for (let k = 0; ; k++) {
          const elementStart = skip(i);
          const end = value(elementStart, depth + 1, tracking && onPath(depth, k));
          elements.push({ start: elementStart, end });
          i = skip(end);
          if (text[i] !== ',') break;
          i++;
        }
      }
      if (tracking && depth === path.length) found = { open, close: i, elements };
      return i + 1;
    }
    while (i < text.length && !VALUE_END.has(text[i]!)) i++;
    return i;
  };
  value(0, 0, true);
  return found;
}
