const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)(?:[+*]|\{\d*,)/;

/**
 * True when `pattern` compiles (with `flags`) and has no quantified group containing a quantifier
 * (`(a+)+`, `(\w*)*`): the shape behind catastrophic backtracking. Regexes come from trainers and run
 * on user text, so the risky shape is refused at load time.
 */
export function isSafePattern(pattern: string, flags?: string): boolean {
  try {
    new RegExp(pattern, flags);
  } catch {
    return false;
  }
  return !NESTED_QUANTIFIER.test(pattern);
}

/** The message for a pattern {@link isSafePattern} refuses. */
export const UNSAFE_PATTERN_MESSAGE = 'not a valid regular expression, or a nested quantifier such as "(a+)+" (slow on some inputs)';
