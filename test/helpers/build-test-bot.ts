import type { FlowCatalog } from '../../src/flows';
import { createFlowCatalog } from '../../src/flows';
import type { IntentDefinition } from '../../src/nlu';
import { createIntentMatcher, createNlpjsEngine } from '../../src/nlu';
import type { Bot } from '../../src/runtime';
import { createBot } from '../../src/runtime';

/** A small shop bot covering every runtime behaviour (answers, chips, buttons, global actions). */
export const TEST_INTENTS: IntentDefinition[] = [
  {
    intent: 'greeting',
    utterances: ['hello', 'hi there', 'good morning', 'hey'],
    answers: [
      {
        text: 'Hi {{first_name}}! How can I help?',
        quickReplies: [{ title: 'Shipping', intent: 'shipping' }],
      },
    ],
  },
  {
    intent: 'shipping',
    suggest: 'Shipping',
    utterances: [
      'how long does shipping take',
      'when will my parcel arrive',
      'delivery time',
      'how fast do you ship',
    ],
    answers: ['Shipping takes 3-5 days.', 'We ship within 3-5 days.'],
  },
  {
    intent: 'returns',
    suggest: 'Returns',
    utterances: ['how do I return an item', 'return policy', 'can I send it back', 'refund please'],
    answers: [
      {
        text: 'You have 30 days to return items.',
        buttons: [{ type: 'url', title: 'Start a return', url: 'https://shop.example.com/returns' }],
      },
    ],
  },
  {
    intent: 'stop',
    action: 'unsubscribe',
    utterances: ['stop', 'unsubscribe', 'stop sending me messages', 'opt out'],
    answers: ['You are unsubscribed. Send START to subscribe again.'],
  },
  {
    intent: 'start',
    action: 'subscribe',
    utterances: ['start', 'subscribe me', 'resubscribe', 'opt in'],
    answers: ['Welcome back!'],
  },
  {
    intent: 'human',
    action: 'handoff',
    utterances: ['talk to a human', 'real person please', 'customer service agent', 'speak to someone'],
    answers: ['Connecting you to a person.'],
  },
  {
    intent: 'restart',
    action: 'restart',
    utterances: ['restart', 'start over', 'reset', 'begin again'],
    answers: ['Fresh start!'],
  },
  { intent: 'silent', utterances: ['tell me a secret', 'secret please', 'any secrets', 'whisper something'] },
];

/** Trains {@link TEST_INTENTS} (or `intents`) with the real NLP.js engine into a {@link Bot}. */
export async function buildTestBot(
  intents: IntentDefinition[] = TEST_INTENTS,
  threshold = 0.5,
  flows: FlowCatalog = createFlowCatalog([]),
): Promise<Bot> {
  const engine = createNlpjsEngine();
  const model = await engine.train({
    locale: 'en',
    examples: intents.flatMap((i) => i.utterances.map((text) => ({ text, intent: i.intent }))),
  });
  const matcher = createIntentMatcher({ model, threshold, version: 'test-model' });
  return createBot({ matcher, intents: new Map(intents.map((i) => [i.intent, i])), flows, loadedAt: 0 });
}
