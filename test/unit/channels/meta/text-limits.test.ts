import { splitText, truncateText } from '../../../../src/channels/meta';

describe('truncateText', () => {
  it('leaves fitting text alone', () => {
    expect(truncateText('Hello', { maxChars: 5 })).toBe('Hello');
  });

  it('cuts with an ellipsis and never exceeds the limit', () => {
    const out = truncateText('Hello wonderful world', { maxChars: 10 });
    expect(out).toBe('Hello won…');
    expect(out.length).toBeLessThanOrEqual(10);
  });

  it('never splits an emoji and respects a byte limit', () => {
    const out = truncateText('👍🏽👍🏽👍🏽👍🏽', { maxChars: 100, maxBytes: 18 });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(18);
    expect(out).toBe('👍🏽…');
  });
});

describe('splitText', () => {
  it('splits at spaces, keeping every word', () => {
    const text = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const parts = splitText(text, { maxChars: 40 });
    expect(parts.every((p) => p.length <= 40)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });

  it('splits on bytes for multi-byte text', () => {
    const text = 'é'.repeat(1500);
    const parts = splitText(text, { maxChars: 999, maxBytes: 1000 });
    expect(parts.every((p) => Buffer.byteLength(p) <= 1000)).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('returns a single part when the text fits', () => {
    expect(splitText('short', { maxChars: 10 })).toEqual(['short']);
  });
});
