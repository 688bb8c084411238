import type { TrainingCorpus } from '../../../../src/nlu';

/** Four small, clearly separated intents. */
export const toyCorpus: TrainingCorpus = {
  locale: 'en',
  examples: [
    ...['hello there', 'hi', 'good morning', 'hey, how are you?', 'hello bot', 'good evening to you'].map(
      (text) => ({ text, intent: 'greeting' }),
    ),
    ...[
      'I want to order a pizza',
      'can I get a large pepperoni pizza',
      'order pizza for delivery',
      'I would like two pizzas please',
      'get me a margherita pizza',
      'pizza order for tonight',
    ].map((text) => ({ text, intent: 'order.pizza' })),
    ...[
      'what is the weather like today',
      'will it rain tomorrow',
      'is it sunny outside',
      'weather forecast for the weekend',
      'how cold is it today',
      'do I need an umbrella, is it raining',
    ].map((text) => ({ text, intent: 'weather' })),
    ...[
      'cancel my order',
      'I want to cancel the order',
      'please cancel it',
      'stop my order, cancel everything',
      'cancel the delivery',
      'I changed my mind, cancel',
    ].map((text) => ({ text, intent: 'order.cancel' })),
  ],
};

/** Messages none of the toy intents covers. */
export const outOfScopeTexts = [
  'explain quantum chromodynamics and gluon fields',
  'my printer keeps jamming paper',
  'who won the chess championship',
];
