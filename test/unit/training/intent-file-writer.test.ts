import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isParleyError } from '../../../src/core';
import {
  fileVersion,
  findJsonArray,
  insertIntent,
  insertUtterances,
  resolveIntentFile,
  writeFileAtomic,
} from '../../../src/training';

const fourSpaces = `{
    "name": "Shop",
    "locale": "en",
    "data": [
        {
            "intent": "greeting",
            "utterances": ["hi", "hello"],
            "answers": ["Hi!"]
        },
        {
            "utterances": [
                "where is my order",
                "track my order"
            ],
            "intent": "order.status"
        }
    ]
}
`;

describe('findJsonArray', () => {
  it('finds an array by path with the spans of its elements', () => {
    const span = findJsonArray(fourSpaces, ['data', 1, 'utterances'])!;
    expect(fourSpaces[span.open]).toBe('[');
    expect(fourSpaces[span.close]).toBe(']');
    expect(span.elements.map((e) => fourSpaces.slice(e.start, e.end))).toEqual([
      '"where is my order"',
      '"track my order"',
    ]);
    expect(findJsonArray(fourSpaces, ['data', 5, 'utterances'])).toBeNull();
    expect(findJsonArray(fourSpaces, ['name'])).toBeNull();
  });

  it('is not fooled by brackets, quotes and escapes inside strings', () => {
    const text = '{"a": "x[\\"]", "data": [{"utterances": ["]", "\\\\"]}]}';
    const span = findJsonArray(text, ['data', 0, 'utterances'])!;
    expect(span.elements.map((e) => JSON.parse(text.slice(e.start, e.end)))).toEqual([']', '\\']);
  });
});

describe('insertUtterances', () => {
  it('appends to a multi-line array with its indentation and leaves every other byte alone', () => {
    const out = insertUtterances(fourSpaces, 1, ['where’s my "parcel"']);
    expect(out).toBe(
      fourSpaces.replace(
        '"track my order"\n',
        '"track my order",\n                "where’s my \\"parcel\\""\n',
      ),
    );
    expect(JSON.parse(out).data[1].utterances).toHaveLength(3);
    expect(Object.keys(JSON.parse(out).data[1])).toEqual(['utterances', 'intent']);
  });

  it('appends to an inline array inline', () => {
    const out = insertUtterances(fourSpaces, 0, ['hey', 'good morning']);
    expect(out).toBe(fourSpaces.replace('["hi", "hello"]', '["hi", "hello", "hey", "good morning"]'));
  });

  it('keeps CRLF line ends and tab indentation', () => {
    const text =
      '{\r\n\t"name": "x",\r\n\t"data": [\r\n\t\t{\r\n\t\t\t"intent": "a",\r\n\t\t\t"utterances": [\r\n\t\t\t\t"one"\r\n\t\t\t]\r\n\t\t}\r\n\t]\r\n}';
    const out = insertUtterances(text, 0, ['two']);
    expect(out).toBe(text.replace('"one"\r\n', '"one",\r\n\t\t\t\t"two"\r\n'));
  });
});

describe('insertIntent', () => {
  it('appends an intent formatted like the file, keys in the given order', () => {
    const out = insertIntent(fourSpaces, {
      intent: 'gift.cards',
      utterances: ['gift card'],
      answers: ['Yes!'],
    });
    const parsed = JSON.parse(out);
    expect(parsed.data.map((d: { intent: string }) => d.intent)).toEqual([
      'greeting',
      'order.status',
      'gift.cards',
    ]);
    expect(out.startsWith(fourSpaces.slice(0, fourSpaces.lastIndexOf('}\n    ]') + 1))).toBe(true);
    expect(out).toContain(
      '        },\n        {\n            "intent": "gift.cards",\n            "utterances": [\n                "gift card"\n            ],\n',
    );
    expect(out.endsWith('        }\n    ]\n}\n')).toBe(true);
  });

  it('fills an empty data array', () => {
    const out = insertIntent('{\n  "name": "x",\n  "data": []\n}\n', { intent: 'a', utterances: ['b'] });
    expect(out).toBe(
      '{\n  "name": "x",\n  "data": [\n    {\n      "intent": "a",\n      "utterances": [\n        "b"\n      ]\n    }\n  ]\n}\n',
    );
  });
});

describe('resolveIntentFile', () => {
  it.each([
    '../evil.json',
    '..\\evil.json',
    'sub/x.json',
    '/etc/passwd',
    '.hidden.json',
    'x.txt',
    'a..json',
    '',
    'x.json\u0000',
  ])('refuses %j with training.invalid_path', (name) => {
    let error: unknown;
    try {
      resolveIntentFile('/srv/intents', name);
    } catch (e) {
      error = e;
    }
    expect(isParleyError(error, 'training.invalid_path')).toBe(true);
  });

  it('accepts plain names inside the directory', () => {
    expect(resolveIntentFile('/srv/intents', 'shop.v2.json')).toBe(path.resolve('/srv/intents/shop.v2.json'));
  });
});

describe('writeFileAtomic and fileVersion', () => {
  it('replaces the file in one step and leaves no temp file', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parley-writer-'));
    try {
      const file = path.join(dir, 'a.json');
      await fs.writeFile(file, 'old');
      await writeFileAtomic(file, 'new');
      expect(await fs.readFile(file, 'utf8')).toBe('new');
      expect(await fs.readdir(dir)).toEqual(['a.json']);
      expect(fileVersion('new')).toBe(fileVersion(Buffer.from('new')));
      expect(fileVersion('new')).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
