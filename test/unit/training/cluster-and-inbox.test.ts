import type { LoggedMessage, NluResult } from '../../../src/core';
import { normalizeUtterance } from '../../../src/nlu';
import { clusterTexts, kindOf } from '../../../src/training';
import { createAggregator, toEntries, toItems } from '../../../src/training/build-inbox';
import { inboxQuerySchema } from '../../../src/training';

const orderish = [
  { intent: 'order.status', score: 0.17 },
  { intent: 'shipping.time', score: 0.05 },
];

describe('clusterTexts', () => {
  it('puts paraphrases the model reads alike together and keeps unrelated texts apart', () => {
    const texts = [
      'where is my parcel',
      "where's my package",
      'purple monkey dishwasher',
      'wheres my parcel??',
    ].map((t, i) => ({ key: normalizeUtterance(t), suggestions: i === 2 ? [] : orderish }));
    expect(clusterTexts(texts)).toEqual([[0, 1, 3], [2]]);
  });

  it('is deterministic and keeps input order for leaders', () => {
    const texts = ['a b c', 'x y z', 'a b c d'].map((key) => ({ key, suggestions: [] }));
    expect(clusterTexts(texts)).toEqual(clusterTexts(texts));
    expect(clusterTexts(texts)[0]).toEqual([0, 2]);
  });
});

describe('kindOf', () => {
  const rules = { threshold: 0.2, reviewBand: 0.15, validateSampleRate: 0 };
  it('sorts results into unmatched, review band and (sampled) validation', () => {
    expect(kindOf('x', { matched: false, score: 0.1 }, rules)).toBe('unmatched');
    expect(kindOf('x', { matched: true, score: 0.3 }, rules)).toBe('review');
    expect(kindOf('x', { matched: true, score: 0.35 }, rules)).toBeNull();
    expect(kindOf('x', { matched: true, score: 0.9 }, { ...rules, validateSampleRate: 1 })).toBe('validate');
  });
});

function message(text: string, at: number, nlu: Partial<NluResult>): LoggedMessage {
  return {
    id: `m-${at}`,
    contactId: 'c',
    channel: 'web',
    direction: 'in',
    sender: 'user',
    kind: 'text',
    platformMessageId: null,
    text,
    payload: null,
    message: null,
    nlu: { intent: null, score: 0.1, matched: false, candidates: [], modelVersion: 'v1', ...nlu },
    flowId: null,
    stepId: null,
    status: 'received',
    error: null,
    at,
  };
}

describe('inbox items and entries', () => {
  const rules = { threshold: 0.2, reviewBand: 0.15, validateSampleRate: 0 };
  const build = () => {
    const agg = createAggregator(rules);
    // Visited newest first, like the store lists them.
    agg.add(message('Where is my parcel?', 50, {}));
    agg.add(message('where is my parcel', 40, {}));
    agg.add(message("where's my package", 30, {}));
    agg.add(message('hello', 20, { matched: true, score: 0.25, intent: 'greeting' }));
    agg.add(message('hello there', 10, { matched: true, score: 0.9, intent: 'greeting' }));
    return toItems(agg.aggregates.values(), new Map(), () => orderish);
  };

  it('merges identical normalised texts into one item with a count and the latest text', () => {
    const items = build();
    expect(items.map((i) => [i.key, i.count, i.text, i.kind])).toEqual([
      ['where is my parcel', 2, 'Where is my parcel?', 'unmatched'],
      ['wheres my package', 1, "where's my package", 'unmatched'],
      ['hello', 1, 'hello', 'review'],
    ]);
    expect(items[0]!.firstAt).toBe(40);
    expect(items[0]!.lastAt).toBe(50);
  });

  it('clusters unmatched items, sorts by frequency and filters by kind and intent', () => {
    const query = inboxQuerySchema.parse({});
    const entries = toEntries(build(), query);
    expect(entries.map((e) => [e.type, e.count, e.items.length])).toEqual([
      ['cluster', 3, 2],
      ['item', 1, 1],
    ]);
    expect(entries[0]!.suggestions[0]!.intent).toBe('order.status');
    expect(toEntries(build(), inboxQuerySchema.parse({ kind: 'review' })).map((e) => e.id)).toEqual([
      'item:hello',
    ]);
    expect(toEntries(build(), inboxQuerySchema.parse({ intent: 'nope' }))).toEqual([]);
    expect(toEntries(build(), inboxQuerySchema.parse({ cluster: 'false' }))).toHaveLength(3);
    expect(
      toEntries(build(), inboxQuerySchema.parse({ sort: 'newest', cluster: 'false' })).map((e) => e.id),
    ).toEqual(['item:where is my parcel', 'item:wheres my package', 'item:hello']);
  });
});
