import type { AttributeValue } from '../../../src/core';
import { captureSchema, validateCapture, validateChoice } from '../../../src/flows';
import type { Capture, ChoiceCapture } from '../../../src/flows';
import { T0 } from './flow-test-kit';

type Row = [input: string, expected: AttributeValue | { reason: string }];

const ctx = { now: T0, entities: { city: 'Paris' } };

function check(spec: Capture, rows: Row[], context: { now: number; entities?: Record<string, string> } = ctx): void {
  test.each(rows)('%j → %j', (input, expected) => {
    const result = validateCapture(input, captureSchema.parse(spec), context);
    if (typeof expected === 'object') expect(result).toEqual({ ok: false, error: expected });
    else expect(result).toEqual({ ok: true, value: expected });
  });
}

describe('text', () => {
  check({ type: 'text', attribute: 'a', minLength: 2, maxLength: 10 }, [
    ['  hello  ', 'hello'],
    ['x', { reason: 'too_short' }],
    ['   ', { reason: 'too_short' }],
    ['hello world!', { reason: 'too_long' }],
  ]);
});

describe('email', () => {
  check({ type: 'email', attribute: 'a' }, [
    ['jo@example.com', 'jo@example.com'],
    ['  Jo.Doe+news@Example.COM ', 'Jo.Doe+news@example.com'],
    ["sure, it's jo@example.co.uk.", 'jo@example.co.uk'],
    ['jo@example', { reason: 'invalid_email' }],
    ['jo at example dot com', { reason: 'invalid_email' }],
    ['jo@@example.com', { reason: 'invalid_email' }],
    ['a@example.com or b@example.com', { reason: 'ambiguous' }],
    ['', { reason: 'invalid_email' }],
  ]);
});

describe('phone', () => {
  check({ type: 'phone', attribute: 'a', defaultRegion: 'US' }, [
    ['+1 415 555 2671', '+14155552671'],
    ['(415) 555-2671', '+14155552671'],
    ['+44 20 7946 0958', '+442079460958'],
    ['12345', { reason: 'invalid_phone' }],
    ['call me maybe', { reason: 'invalid_phone' }],
  ]);
  describe('with GB as default region', () => {
    check({ type: 'phone', attribute: 'a', defaultRegion: 'GB' }, [
      ['020 7946 0958', '+442079460958'],
      ['07400 123456', '+447400123456'],
    ]);
  });
  describe('without a default region', () => {
    check({ type: 'phone', attribute: 'a' }, [
      ['+33 1 42 68 53 00', '+33142685300'],
      ['01 42 68 53 00', { reason: 'invalid_phone' }],
    ]);
  });
});

describe('number', () => {
  check({ type: 'number', attribute: 'a', min: 100, max: 5000 }, [
    ['800', 800],
    ['$1,200', 1200],
    ['about 1.5k', 1500],
    ['around 999.99 dollars', 999.99],
    ['1,5k', 1500],
    ['50', { reason: 'too_small' }],
    ['9000', { reason: 'too_large' }],
    ['between 300 and 500', { reason: 'ambiguous' }],
    ['cheap please', { reason: 'not_a_number' }],
  ]);
});

describe('integer', () => {
  check({ type: 'integer', attribute: 'a', min: 1, max: 10 }, [
    ['3', 3],
    ['I need 10 of them', 10],
    ['2.5', { reason: 'not_an_integer' }],
    ['0', { reason: 'too_small' }],
    ['-4', { reason: 'too_small' }],
    ['eleven', { reason: 'not_a_number' }],
  ]);
});

describe('date (now = 2024-05-03)', () => {
  check({ type: 'date', attribute: 'a', min: '1900-01-01', max: '2024-12-31' }, [
    ['tomorrow', '2024-05-04'],
    ['2024-12-25', '2024-12-25'],
    ['March 3rd 1990', '1990-03-03'],
    ['next friday', '2024-05-10'],
    ['2025-01-01', { reason: 'too_late' }],
    ['1800-01-01', { reason: 'too_early' }],
    ['whenever', { reason: 'invalid_date' }],
  ]);
});

describe('choice', () => {
  check(
    {
      type: 'choice',
      attribute: 'a',
      options: [
        { title: 'Twin', value: 'twin', synonyms: ['single'] },
        { title: 'Full', value: 'full', synonyms: ['double'] },
        { title: 'Queen', value: 'queen' },
        { title: 'King', value: 'king' },
      ],
    },
    [
      ['Queen', 'queen'],
      ['  KING!! ', 'king'],
      ['a queen please', 'queen'],
      ['double', 'full'],
      ['2', 'full'],
      ['queen or king', { reason: 'ambiguous' }],
      ['a hammock', { reason: 'no_option' }],
      ['9', { reason: 'no_option' }],
      ['', { reason: 'no_option' }],
    ],
  );
  describe('typed values', () => {
    check(
      {
        type: 'choice',
        attribute: 'a',
        options: [
          { title: 'Yes', value: true, synonyms: ['sure'] },
          { title: 'No', value: false },
        ],
      },
      [
        ['sure thing', true],
        ['no', false],
        ['yes and no', { reason: 'ambiguous' }],
      ],
    );
  });
});

describe('regex', () => {
  check({ type: 'regex', attribute: 'a', pattern: '^[A-Z]{2}-\\d{4}$', flags: 'i' }, [
    ['AB-1234', 'AB-1234'],
    [' ab-1234 ', 'ab-1234'],
    ['AB-12345', { reason: 'no_match' }],
    ['', { reason: 'no_match' }],
  ]);
  test('an invalid pattern is refused by the schema', () => {
    expect(captureSchema.safeParse({ type: 'regex', attribute: 'a', pattern: '([' }).success).toBe(false);
  });
  test.each(['^(a+)+$', '(\\w*)*x', '^([a-z]+\\s?){2,}$'])('a nested quantifier %s is refused by the schema', (pattern) => {
    expect(captureSchema.safeParse({ type: 'regex', attribute: 'a', pattern }).success).toBe(false);
  });
});

describe('entity', () => {
  check({ type: 'entity', attribute: 'a', entity: 'city' }, [
    ['I live in Paris', 'Paris'],
    ['anything', 'Paris'],
  ]);
  describe('when the runtime found no entity', () => {
    check({ type: 'entity', attribute: 'a', entity: 'city' }, [['I live in Paris', { reason: 'no_entity' }]], { now: T0 });
  });
});

describe('choice mentions inside sentences', () => {
  const sizes: ChoiceCapture = {
    type: 'choice',
    attribute: 'size',
    options: [
      { title: 'M', value: 'M', synonyms: ['medium'] },
      { title: 'L', value: 'L', synonyms: ['large'] },
      { title: 'XL', value: 'XL', synonyms: ['extra large', 'x large'] },
    ],
  };
  it.each([
    ["I'm a large", 'L'],
    ['extra large please', 'XL'],
    ["I'd say medium", 'M'],
  ])('%s → %s', (text, value) => {
    expect(validateChoice(text, sizes)).toEqual({ ok: true, value });
  });
  it('is still ambiguous when two options are named side by side', () => {
    expect(validateChoice('medium or large', sizes)).toEqual({ ok: false, error: { reason: 'ambiguous' } });
  });
});
