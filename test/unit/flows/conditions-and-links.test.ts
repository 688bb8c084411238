import type { AttributeValue } from '../../../src/core';
import { addUtm, conditionSchema, evaluateCondition, extractUrls, interpolate, replaceUrls } from '../../../src/flows';

describe('branch conditions', () => {
  test.each<[Record<string, unknown>, AttributeValue | undefined, boolean]>([
    [{ equals: 'queen' }, 'queen', true],
    [{ equals: 'queen' }, 'king', false],
    [{ equals: true }, true, true],
    [{ equals: 1 }, '1', true],
    [{ equals: 'queen' }, undefined, false],
    [{ notEquals: 'queen' }, 'king', true],
    [{ notEquals: 'queen' }, undefined, true],
    [{ in: ['queen', 'king'] }, 'king', true],
    [{ in: ['queen', 'king'] }, 'twin', false],
    [{ exists: true }, '', true],
    [{ exists: true }, undefined, false],
    [{ exists: false }, undefined, true],
    [{ exists: false }, 0, false],
    [{ lt: 900 }, 800, true],
    [{ lt: 900 }, 900, false],
    [{ lte: 900 }, 900, true],
    [{ gt: 2 }, '3', true],
    [{ gte: 5 }, 4.99, false],
    [{ gte: 100, lt: 500 }, 250, true],
    [{ gte: 100, lt: 500 }, 500, false],
    [{ lt: 10 }, 'cheap', false],
    [{ lt: 10 }, undefined, false],
    [{ matches: '^[^@]+@example\\.com$' }, 'jo@example.com', true],
    [{ matches: '^[^@]+@example\\.com$' }, 'jo@other.com', false],
  ])('%j on %j → %s', (operators, value, expected) => {
    const condition = conditionSchema.parse({ attribute: 'x', ...operators });
    expect(evaluateCondition(condition, value)).toBe(expected);
  });

  test('a condition needs an operator, and a safe regex', () => {
    expect(conditionSchema.safeParse({ attribute: 'x' }).success).toBe(false);
    expect(conditionSchema.safeParse({ attribute: 'x', matches: '(a*)*' }).success).toBe(false);
  });
});

describe('interpolate', () => {
  const scope = { firstName: 'Jo', attributes: { size: 'queen', budget: 800 }, defaults: { style: 'any' } };
  test.each([
    ['Hi {{first_name}}!', 'Hi Jo!'],
    ['{{ size }} at ${{budget}}', 'queen at $800'],
    ['{{style}} feel', 'any feel'],
    ['{{missing}}|', '|'],
    ['{{missing|there}}', 'there'],
    ['{{size|there}}', 'queen'],
    ['{{not a placeholder}}', '{{not a placeholder}}'],
  ])('%s → %s', (template, expected) => {
    expect(interpolate(template, scope)).toBe(expected);
  });
  test('an empty first name falls back to the default', () => {
    expect(interpolate('Hi {{first_name|there}}', { firstName: '', attributes: {} })).toBe('Hi there');
  });
  test('values are encoded when asked (URLs)', () => {
    expect(interpolate('https://x.example.com/?q={{q}}', { attributes: { q: 'a b&c' } }, encodeURIComponent)).toBe(
      'https://x.example.com/?q=a%20b%26c',
    );
  });
});

describe('addUtm', () => {
  const utm = { source: 'parley', medium: 'messenger', campaign: 'summer sale', content: 'product-finder/value_picks' };
  test.each([
    [
      'https://shop.example.com/mattresses',
      'https://shop.example.com/mattresses?utm_source=parley&utm_medium=messenger&utm_campaign=summer%20sale&utm_content=product-finder%2Fvalue_picks',
    ],
    [
      'https://shop.example.com/m?size=queen&sort=price%20asc#reviews',
      'https://shop.example.com/m?size=queen&sort=price%20asc&utm_source=parley&utm_medium=messenger&utm_campaign=summer%20sale&utm_content=product-finder%2Fvalue_picks#reviews',
    ],
    [
      'https://shop.example.com/?utm_source=newsletter&x=1',
      'https://shop.example.com/?utm_source=newsletter&x=1&utm_medium=messenger&utm_campaign=summer%20sale&utm_content=product-finder%2Fvalue_picks',
    ],
    ['https://shop.example.com/?', 'https://shop.example.com/?utm_source=parley&utm_medium=messenger&utm_campaign=summer%20sale&utm_content=product-finder%2Fvalue_picks'],
  ])('%s', (url, expected) => {
    expect(addUtm(url, utm)).toBe(expected);
  });
  test('no parameters leaves the URL unchanged', () => {
    expect(addUtm('https://shop.example.com/a?b=c', {})).toBe('https://shop.example.com/a?b=c');
  });
});

describe('extractUrls / replaceUrls', () => {
  test.each<[string, string[]]>([
    ['Use code DREAM10 at https://shop.example.com/checkout.', ['https://shop.example.com/checkout']],
    ['(see https://en.wikipedia.org/wiki/Foo_(bar)) and http://x.example.com/a?b=1,', ['https://en.wikipedia.org/wiki/Foo_(bar)', 'http://x.example.com/a?b=1']],
    ['twice: https://a.example.com https://a.example.com!', ['https://a.example.com']],
    ['no links, just www.example.com or ftp://x', []],
  ])('%s', (text, expected) => {
    expect(extractUrls(text)).toEqual(expected);
  });
  test('replaceUrls rewrites each link and keeps the punctuation around it', () => {
    expect(replaceUrls('Go to https://shop.example.com/a. Or (https://b.example.com)!', (url) => `<${url.length}>`)).toBe(
      'Go to <26>. Or (<21>)!',
    );
  });
});
