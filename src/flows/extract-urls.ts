const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"*_]+$/;

function trim(candidate: string): string {
  let url = candidate.replace(TRAILING, '');
  // A closing bracket belongs to the URL only when the URL opened one: "(see https://x.com/a)".
  while (/[)\]}]$/.test(url)) {
    const close = url.slice(-1);
    const open = close === ')' ? '(' : close === ']' ? '[' : '{';
    if (url.split(open).length >= url.split(close).length) break;
    url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

/**
 * Replaces every http(s) URL in `text` with `replace(url)`, leaving surrounding punctuation alone
 * ("See https://x.com/a." keeps the final dot outside).
 */
export function replaceUrls(text: string, replace: (url: string) => string): string {
  return text.replace(URL_IN_TEXT, (candidate) => {
    const url = trim(candidate);
    return url.length <= 'https://'.length ? candidate : `${replace(url)}${candidate.slice(url.length)}`;
  });
}

/** The http(s) URLs in `text`, in order of appearance, without duplicates. */
export function extractUrls(text: string): string[] {
  const found: string[] = [];
  replaceUrls(text, (url) => {
    if (!found.includes(url)) found.push(url);
    return url;
  });
  return found;
}
