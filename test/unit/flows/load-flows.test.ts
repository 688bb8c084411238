import { join } from 'node:path';
import { isParleyError } from '../../../src/core';
import { flowProblemsError, loadFlows, parseFlowFiles } from '../../../src/flows';
import type { FlowProblem } from '../../../src/flows';
import { KNOWN_INTENTS } from './flow-test-kit';

const FIXTURES = join(__dirname, '../../fixtures/flows');
const opts = { knownIntents: KNOWN_INTENTS };

/** A minimal valid flow, overridable. */
function flow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'f',
    name: 'F',
    entry: 'q',
    steps: [
      { id: 'q', kind: 'ask', prompt: 'Name?', capture: { type: 'text', attribute: 'name' }, next: 'bye' },
      { id: 'bye', kind: 'end', text: 'Bye {{name}}' },
    ],
    ...overrides,
  };
}

function problemsOf(...flows: unknown[]): FlowProblem[] {
  const files = flows.map((content, index) => ({
    path: `flows/f${index}.json`,
    content: typeof content === 'string' ? content : JSON.stringify(content),
  }));
  const result = parseFlowFiles(files, opts);
  return result.ok ? result.value.warnings : result.error;
}

const pick = (problem: FlowProblem) => ({ code: problem.code, severity: problem.severity, file: problem.file, path: problem.path });

describe('parseFlowFiles', () => {
  test('a valid flow loads into the catalog with its trigger index', () => {
    const result = parseFlowFiles([{ path: 'flows/f.json', content: JSON.stringify(flow({ triggers: { intents: ['feedback'] } })) }], opts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.value.catalog.flows.keys()]).toEqual(['f']);
    expect(result.value.catalog.triggers.intents.get('feedback')).toBe('f');
    expect(result.value.warnings).toEqual([]);
  });

  test.each<[string, unknown[], Partial<FlowProblem>]>([
    [
      'a jump to a missing step',
      [flow(), flow({ id: 'g', entry: 'j', steps: [{ id: 'j', kind: 'jump', flow: 'f', step: 'nope' }] })],
      { code: 'flows.unknown_step', severity: 'error', file: 'flows/f1.json', path: 'steps[0].step' },
    ],
    [
      'a next to a missing step',
      [flow({ steps: [{ id: 'q', kind: 'ask', prompt: 'Name?', capture: { type: 'text', attribute: 'name' }, next: 'gone' }] })],
      { code: 'flows.unknown_step', file: 'flows/f0.json', path: 'steps[0].next' },
    ],
    ['a missing entry', [flow({ entry: 'x' })], { code: 'flows.unknown_step', path: 'entry' }],
    ['a jump to a missing flow', [flow({ entry: 'j', steps: [{ id: 'j', kind: 'jump', flow: 'zzz' }] })], { code: 'flows.unknown_flow', path: 'steps[0].flow' }],
    ['an unknown intent trigger', [flow({ triggers: { intents: ['feedback', 'no.such.intent'] } })], { code: 'flows.unknown_intent', path: 'triggers.intents[1]' }],
    [
      'the same trigger in two flows',
      [flow({ triggers: { refs: ['summer'] } }), flow({ id: 'g', triggers: { refs: ['summer'] } })],
      { code: 'flows.duplicate_trigger', file: 'flows/f1.json', path: 'triggers.refs[0]' },
    ],
    [
      'the same keyword (any case) in two flows',
      [flow({ triggers: { keywords: ['Mattress Finder'] } }), flow({ id: 'g', triggers: { keywords: ['mattress finder!'] } })],
      { code: 'flows.duplicate_trigger', file: 'flows/f1.json', path: 'triggers.keywords[0]' },
    ],
    [
      'a loop without user input',
      [
        flow({
          entry: 'a',
          steps: [
            { id: 'a', kind: 'say', text: 'A', next: 'b' },
            { id: 'b', kind: 'set', attribute: 'x', value: 1, next: 'c' },
            { id: 'c', kind: 'branch', cases: [{ when: { attribute: 'x', equals: 2 }, next: 'd' }], else: 'a' },
            { id: 'd', kind: 'end' },
          ],
        }),
      ],
      { code: 'flows.loop_without_input', severity: 'error', path: 'steps[0]' },
    ],
    [
      'a loop without input across flows (jumps)',
      [flow({ entry: 'j', steps: [{ id: 'j', kind: 'jump', flow: 'g' }] }), flow({ id: 'g', entry: 'k', steps: [{ id: 'k', kind: 'jump', flow: 'f' }] })],
      { code: 'flows.loop_without_input' },
    ],
    [
      'a quick-reply title over 20 characters',
      [flow({ entry: 's', steps: [{ id: 's', kind: 'say', text: 'Hi', quickReplies: [{ title: 'A title that is far too long', payload: 'X' }] }] })],
      { code: 'flows.limit_exceeded', path: 'steps[0].quickReplies[0].title' },
    ],
    [
      'more than 3 buttons',
      [
        flow({
          entry: 's',
          steps: [{ id: 's', kind: 'say', text: 'Hi', buttons: [1, 2, 3, 4].map((n) => ({ type: 'url', title: `B${n}`, url: 'https://x.example.com' })) }],
        }),
      ],
      { code: 'flows.limit_exceeded', path: 'steps[0].buttons' },
    ],
    [
      'more than 10 cards',
      [flow({ entry: 's', steps: [{ id: 's', kind: 'say', cards: Array.from({ length: 11 }, (_, n) => ({ title: `C${n}` })) }] })],
      { code: 'flows.limit_exceeded', path: 'steps[0].cards' },
    ],
    [
      'a button text over 640 characters',
      [flow({ entry: 's', steps: [{ id: 's', kind: 'say', text: 'x'.repeat(641), buttons: [{ type: 'url', title: 'Go', url: 'https://x.example.com' }] }] })],
      { code: 'flows.limit_exceeded', path: 'steps[0].text' },
    ],
    [
      'more than 13 quick replies with skip',
      [
        flow({
          entry: 'q',
          steps: [
            {
              id: 'q',
              kind: 'ask',
              prompt: 'Pick',
              capture: { type: 'choice', attribute: 'c', options: Array.from({ length: 13 }, (_, n) => ({ title: `O${n}`, value: n })) },
              skip: {},
            },
          ],
        }),
      ],
      { code: 'flows.limit_exceeded', path: 'steps[0].capture.options' },
    ],
    ['an unknown field', [flow({ colour: 'blue' })], { code: 'flows.invalid_schema', path: 'colour' }],
    ['an unknown step kind', [flow({ steps: [{ id: 'q', kind: 'dance' }] })], { code: 'flows.invalid_schema', path: 'steps[0].kind' }],
    [
      'duplicate step ids',
      [flow({ steps: [{ id: 'q', kind: 'end' }, { id: 'q', kind: 'end' }] })],
      { code: 'flows.duplicate_step', path: 'steps[1].id' },
    ],
    ['the same flow id in two files', [flow(), flow()], { code: 'flows.duplicate_flow', file: 'flows/f1.json', path: 'id' }],
    ['an undeclared goal', [flow({ entry: 'g', steps: [{ id: 'g', kind: 'goal', goal: 'sale' }] })], { code: 'flows.unknown_goal', path: 'steps[0].goal' }],
    ['a say option naming two targets', [flow({ entry: 's', steps: [{ id: 's', kind: 'say', text: 'Hi', quickReplies: [{ title: 'A', next: 's', payload: 'P' }] }] })], { code: 'flows.invalid_schema', path: 'steps[0].quickReplies[0]' }],
    ['a reserved FLOW| payload', [flow({ triggers: { payloads: ['FLOW|x'] } })], { code: 'flows.invalid_schema', path: 'triggers.payloads[0]' }],
  ])('%s is an error naming file and JSON path', (_name, flows, expected) => {
    const problems = problemsOf(...flows);
    expect(problems.map(pick)).toContainEqual(expect.objectContaining(expected));
    expect(parseFlowFiles(flows.map((f, i) => ({ path: `flows/f${i}.json`, content: JSON.stringify(f) })), opts).ok).toBe(false);
  });

  test.each<[string, unknown, Partial<FlowProblem>]>([
    [
      'an unreachable step',
      flow({ steps: [{ id: 'q', kind: 'end' }, { id: 'orphan', kind: 'say', text: 'Nobody sees me' }] }),
      { code: 'flows.unreachable_step', severity: 'warning', path: 'steps[1]' },
    ],
    [
      'a branch on an attribute never captured',
      flow({
        entry: 'b',
        steps: [
          { id: 'b', kind: 'branch', cases: [{ when: { attribute: 'vip', equals: true }, next: 'e' }], else: 'e' },
          { id: 'e', kind: 'end' },
        ],
      }),
      { code: 'flows.uncaptured_attribute', severity: 'warning', path: 'steps[0].cases[0].when.attribute' },
    ],
  ])('%s is a warning; the flows still load', (_name, content, expected) => {
    const result = parseFlowFiles([{ path: 'flows/w.json', content: JSON.stringify(content) }], opts);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.warnings.map(pick)).toContainEqual(expect.objectContaining({ ...expected, file: 'flows/w.json' }));
  });

  test('malformed JSON names the line and column', () => {
    const [problem] = problemsOf('{\n  "id": "f",\n  "name": "F",,\n}');
    expect(problem).toMatchObject({ code: 'flows.invalid_json', file: 'flows/f0.json', line: 3 });
    expect(problem?.column).toBeGreaterThan(1);
    expect(problem?.message).toMatch(/^line 3, column \d+/);
  });

  test('every problem of every file is collected', () => {
    const problems = problemsOf('{', flow({ entry: 'nope', triggers: { intents: ['nope.intent'] } }), flow({ id: 'h', colour: 1 }));
    expect(new Set(problems.map((p) => p.code))).toEqual(
      new Set(['flows.invalid_json', 'flows.unknown_step', 'flows.unknown_intent', 'flows.invalid_schema', 'flows.unreachable_step']),
    );
  });

  test('flowProblemsError wraps the problems in a flows.invalid ParleyError', () => {
    const problems = problemsOf(flow({ entry: 'nope' }));
    const error = flowProblemsError(problems);
    expect(isParleyError(error, 'flows.invalid')).toBe(true);
    expect(error.message).toContain('flows/f0.json entry');
    expect(error.details).toEqual({ problems });
  });
});

describe('loadFlows', () => {
  test('loads the demo flows without problems', async () => {
    const result = await loadFlows(join(__dirname, '../../../flows'), opts);
    expect(result.ok && result.value.warnings).toEqual([]);
    expect(result.ok && [...result.value.catalog.flows.keys()].sort()).toEqual(['feedback', 'newsletter', 'product-finder']);
  });

  test('a missing directory is an empty catalog', async () => {
    const result = await loadFlows(join(FIXTURES, 'does-not-exist'), opts);
    expect(result.ok && result.value.catalog.flows.size).toBe(0);
  });

  test('a broken file is reported with its path, line and column', async () => {
    const result = await loadFlows(join(FIXTURES, 'broken'), opts);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      expect.objectContaining({ code: 'flows.invalid_json', file: join(FIXTURES, 'broken', 'broken.json'), line: 6, column: 33 }),
    ]);
  });
});
