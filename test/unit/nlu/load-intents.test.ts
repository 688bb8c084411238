import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  catalogToCorpus,
  formatIntentProblem,
  intentProblemsError,
  loadIntents,
  parseIntentFiles,
} from '../../../src/nlu';
import type { IntentCatalog, IntentFileProblem } from '../../../src/nlu';
import { FIXTURES, makeTempDir, writeFiles } from './nlu-test-helpers';

const intent = (name: string, utterances: string[], extra: object = {}) => ({
  intent: name,
  utterances,
  ...extra,
});
const file = (data: object[], extra: object = {}) => ({ name: 'test', locale: 'en', data, ...extra });

function problemsOf(result: { ok: true; value: IntentCatalog } | { ok: false; error: IntentFileProblem[] }) {
  if (result.ok) throw new Error('expected problems, got a catalog');
  return result.error;
}

function catalogOf(result: { ok: true; value: IntentCatalog } | { ok: false; error: IntentFileProblem[] }) {
  if (!result.ok)
    throw new Error(`expected a catalog, got ${result.error.map(formatIntentProblem).join('; ')}`);
  return result.value;
}

describe('loadIntents', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('loads every intent of a directory in file-name order, with per-file and overall hashes', async () => {
    const catalog = catalogOf(await loadIntents(path.join(FIXTURES, 'shop')));
    expect(catalog.locale).toBe('en');
    expect([...catalog.intents.keys()]).toEqual(['greeting', 'stop', 'pricing', 'shipping', 'hours']);
    expect(catalog.intents.get('pricing')?.file).toBe('orders.json');
    expect(catalog.intents.get('stop')?.definition.action).toBe('unsubscribe');
    expect(catalog.files.map((f) => f.path)).toEqual(['greetings.json', 'orders.json']);
    for (const f of catalog.files) expect(f.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(catalog.warnings).toEqual([]);
  });

  it('loads a plain NLP.js corpus (no Parley fields) unchanged', async () => {
    const source = path.join(FIXTURES, 'nlpjs-plain');
    const raw = JSON.parse(await readFile(path.join(source, 'corpus-en.json'), 'utf8')) as {
      data: { intent: string }[];
    };
    const catalog = catalogOf(await loadIntents(source));
    expect(catalog.locale).toBe('en-US');
    expect([...catalog.intents.values()].map((i) => i.definition)).toEqual(raw.data);
  });

  it('ignores other extensions, hidden files and subdirectories', async () => {
    await mkdir(path.join(dir, 'nested'));
    await writeFiles(dir, {
      'a.json': file([intent('a', ['alpha'])]),
      'notes.txt': 'not json',
      '.draft.json': '{ broken',
      'nested/b.json': '{ broken',
    });
    const catalog = catalogOf(await loadIntents(dir));
    expect([...catalog.intents.keys()]).toEqual(['a']);
  });

  it('reports malformed JSON with the file, absolute path, line and column', async () => {
    await writeFiles(dir, {
      'good.json': file([intent('a', ['alpha'])]),
      'broken.json': '{\n  "name": "x",\n  "data": [],\n}\n',
    });
    const problems = problemsOf(await loadIntents(dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'intents.invalid_json',
      severity: 'error',
      file: 'broken.json',
      absolutePath: path.join(dir, 'broken.json'),
      path: '',
      line: 4,
      column: 1,
    });
  });

  it('reports a file cut short at its last line', async () => {
    await writeFiles(dir, { 'cut.json': '{\n  "name": "x",\n  "data": [' });
    expect(problemsOf(await loadIntents(dir))[0]).toMatchObject({
      code: 'intents.invalid_json',
      line: 3,
      column: 12,
    });
  });

  it('names the JSON path of unknown fields, missing fields and empty intents', async () => {
    await writeFiles(dir, {
      'faq.json': file([
        intent('ok', ['fine']),
        { intent: 'typo', utterance: ['hello'] },
        intent('empty', []),
        intent('answer', ['answer me'], { answers: [{ txt: 'hi' }] }),
      ]),
    });
    const problems = problemsOf(await loadIntents(dir));
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p]));
    expect(problems.every((p) => p.code === 'intents.invalid_schema' && p.file === 'faq.json')).toBe(true);
    expect(byPath['data[1].utterance']?.message).toMatch(/unknown field "utterance"/);
    expect(byPath['data[1].utterances']).toBeDefined();
    expect(byPath['data[2].utterances']?.message).toMatch(/at least one utterance/);
    expect(byPath['data[3].answers[0].txt']?.message).toMatch(/unknown field "txt"/);
  });

  it('reports an unknown top-level field and a bad locale', async () => {
    await writeFiles(dir, { 'a.json': file([intent('a', ['alpha'])], { locale: 'English', version: 2 }) });
    const paths = problemsOf(await loadIntents(dir)).map((p) => p.path);
    expect(paths.sort()).toEqual(['locale', 'version']);
  });

  it('reports the same intent in two files, in the later file', async () => {
    await writeFiles(dir, {
      'a.json': file([intent('greeting', ['hello'])]),
      'b.json': file([intent('other', ['something else']), intent('greeting', ['hi there'])]),
    });
    const problems = problemsOf(await loadIntents(dir));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'intents.duplicate_intent',
        file: 'b.json',
        path: 'data[1].intent',
        message: expect.stringContaining('a.json'),
      }),
    ]);
  });

  it('reports the same normalised utterance in two intents', async () => {
    await writeFiles(dir, {
      'a.json': file([
        intent('order_status', ["Where's my order?"]),
        intent('shipping', ['  wheres my   ORDER ']),
      ]),
    });
    const problems = problemsOf(await loadIntents(dir));
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'intents.duplicate_utterance',
        severity: 'error',
        path: 'data[1].utterances[0]',
        message: expect.stringContaining('order_status'),
      }),
    ]);
  });

  it('warns about an utterance repeated in one intent and trains it once', async () => {
    await writeFiles(dir, { 'a.json': file([intent('greeting', ['hello', 'Hello!', 'hi'])]) });
    const catalog = catalogOf(await loadIntents(dir));
    expect(catalog.warnings).toEqual([
      expect.objectContaining({
        code: 'intents.duplicate_utterance',
        severity: 'warning',
        path: 'data[0].utterances[1]',
      }),
    ]);
    expect(catalogToCorpus(catalog).examples).toEqual([
      { intent: 'greeting', text: 'hello' },
      { intent: 'greeting', text: 'hi' },
    ]);
  });

  it('reports files of different languages', async () => {
    await writeFiles(dir, {
      'a.json': file([intent('a', ['alpha'])]),
      'b.json': file([intent('b', ['bravo'])], { locale: 'fr' }),
      'c.json': file([intent('c', ['charlie'])], { locale: 'en-GB' }),
    });
    const problems = problemsOf(await loadIntents(dir));
    expect(problems).toEqual([
      expect.objectContaining({ code: 'intents.mixed_locales', file: 'b.json', path: 'locale' }),
    ]);
  });

  it('collects every problem of every file, not just the first', async () => {
    await writeFiles(dir, {
      'a.json': '{ nope',
      'b.json': file([{ intent: 'x', utterances: ['one'], colour: 'red' }]),
      'c.json': file([intent('y', ['same']), intent('z', ['same'])]),
    });
    const problems = problemsOf(await loadIntents(dir));
    expect(problems.map((p) => [p.file, p.code])).toEqual([
      ['a.json', 'intents.invalid_json'],
      ['b.json', 'intents.invalid_schema'],
      ['c.json', 'intents.duplicate_utterance'],
    ]);
  });

  it('reports a directory without intents as empty', async () => {
    expect(problemsOf(await loadIntents(dir))).toEqual([
      expect.objectContaining({ code: 'intents.empty', severity: 'error' }),
    ]);
    await writeFiles(dir, { 'a.json': file([]) });
    expect(problemsOf(await loadIntents(dir))).toEqual([expect.objectContaining({ code: 'intents.empty' })]);
  });

  it('reports a missing directory as unreadable', async () => {
    const missing = path.join(dir, 'nope');
    expect(problemsOf(await loadIntents(missing))).toEqual([
      expect.objectContaining({ code: 'intents.read_failed', file: '', absolutePath: missing }),
    ]);
  });
});

describe('parseIntentFiles', () => {
  const a = file([intent('a', ['alpha', 'apple']), intent('b', ['bravo'], { answers: ['B!'] })]);

  it('builds the same catalog from strings, whatever their order', () => {
    const one = catalogOf(parseIntentFiles([{ path: 'a.json', content: JSON.stringify(a) }]));
    const two = catalogOf(
      parseIntentFiles([
        { path: 'z.json', content: JSON.stringify(file([intent('c', ['charlie'])])) },
        { path: 'a.json', content: JSON.stringify(a) },
      ]),
    );
    expect([...one.intents.keys()]).toEqual(['a', 'b']);
    expect([...two.intents.keys()]).toEqual(['a', 'b', 'c']);
    expect(two.files[0]?.hash).toBe(one.files[0]?.hash);
  });

  it('hashes content, not formatting or key order', () => {
    const compact = catalogOf(parseIntentFiles([{ path: 'a.json', content: JSON.stringify(a) }]));
    const reordered = { data: a.data, locale: 'en', name: 'test' };
    const pretty = catalogOf(
      parseIntentFiles([{ path: 'a.json', content: `\uFEFF${JSON.stringify(reordered, null, 4)}` }]),
    );
    expect(pretty.hash).toBe(compact.hash);
    const changed = file([intent('a', ['alpha', 'apple']), intent('b', ['bravo'], { answers: ['B?'] })]);
    const edited = catalogOf(parseIntentFiles([{ path: 'a.json', content: JSON.stringify(changed) }]));
    expect(edited.hash).not.toBe(compact.hash);
  });

  it('turns a catalog into a training corpus in catalog order', () => {
    const catalog = catalogOf(parseIntentFiles([{ path: 'a.json', content: JSON.stringify(a) }]));
    expect(catalogToCorpus(catalog)).toEqual({
      locale: 'en',
      examples: [
        { intent: 'a', text: 'alpha' },
        { intent: 'a', text: 'apple' },
        { intent: 'b', text: 'bravo' },
      ],
    });
  });

  it('formats problems for people and wraps them in one ParleyError', () => {
    const problems = problemsOf(
      parseIntentFiles([
        { path: 'x.json', content: '{\n "name": 1 }' },
        { path: 'y.json', content: '[' },
      ]),
    );
    expect(problems.map(formatIntentProblem)).toEqual([
      expect.stringMatching(/^x\.json name: .+ \[intents\.invalid_schema\]$/),
      expect.stringMatching(/^x\.json data: .+ \[intents\.invalid_schema\]$/),
      expect.stringMatching(/^y\.json:1:2: malformed JSON.* \[intents\.invalid_json\]$/),
    ]);
    const error = intentProblemsError(problems);
    expect(error.code).toBe('intents.invalid_schema');
    expect(error.details).toBe(problems);
    expect(error.message).toContain('y.json:1:2');
  });
});
