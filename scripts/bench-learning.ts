/**
 * Learning-loop benchmark: how fast the training inbox turns traffic into a better bot.
 *
 *   npm run bench:learning [-- --json] [-- --rounds 5 --items 100 --seed-utterances 10 --threshold 0.2]
 *
 * Takes `../shared/datasets/nlu/clinc150_full.json`, seeds a bot (real intent files, linear engine, SQLite
 * store, the runtime's `processEvent`) with the first N training utterances of every intent, and replays
 * the test set plus the out-of-scope texts (shuffled, split into rounds + 1 parts) as traffic. In each round
 * a simulated trainer works on the most frequent/urgent open inbox entries (an entry is an item or a cluster
 * of similar unmatched items) through the training service — accepts the top suggestion when it is the
 * label, else assigns the label, ignores out-of-scope texts, validates sampled matches — then the bot is
 * retrained once and a fresh part of the traffic is replayed and measured.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBotReloader } from '../src/bot';
import { silentLogger } from '../src/core';
import { isParleyError } from '../src/core';
import {
  createLinearEngine,
  createModelCache,
  datasetSplit,
  LINEAR_DEFAULT_THRESHOLD,
  loadNluDataset,
  normalizeUtterance,
} from '../src/nlu';
import type { ExpectedText } from '../src/nlu';
import { processEvent } from '../src/runtime';
import { createSqliteStore } from '../src/store';
import { createTrainingService, inboxQuerySchema } from '../src/training';
import type { InboxItem, TrainingService } from '../src/training';

const ROOT = path.resolve(__dirname, '..');
const DATASET = path.resolve(ROOT, '../shared/datasets/nlu/clinc150_full.json');

interface Args {
  readonly json: boolean;
  readonly rounds: number;
  readonly items: number;
  readonly seedUtterances: number;
  readonly threshold: number;
}

function parseArgs(argv: readonly string[]): Args {
  const num = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? Number(argv[i + 1]) : NaN;
    return Number.isFinite(v) ? v : fallback;
  };
  return {
    json: argv.includes('--json'),
    rounds: num('--rounds', 5),
    items: num('--items', 100),
    seedUtterances: num('--seed-utterances', 10),
    threshold: num('--threshold', LINEAR_DEFAULT_THRESHOLD),
  };
}

/** A deterministic shuffle (mulberry32), so every run replays the same traffic. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface RoundRow {
  round: number;
  messages: number;
  inScope: number;
  /** Matched / all messages. */
  matchedRate: number;
  /** Matched / in-scope messages (the share of in-scope traffic that got an answer). */
  matchedRateInScope: number;
  /** Correct / matched. */
  precision: number;
  /** Out-of-scope messages left unmatched / out-of-scope messages. */
  oosRejected: number;
  /** Of the in-scope items the trainer reviewed before this round, how often the top suggestion was the label. */
  topSuggestionRight: number | null;
  entries: number;
  texts: number;
  utterancesAdded: number;
  trainMs: number;
  modelVersion: string;
}

const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataset = await loadNluDataset(DATASET);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-learning-'));
  const intentsDir = path.join(dir, 'intents');
  const flowsDir = path.join(dir, 'flows');
  await mkdir(intentsDir, { recursive: true });
  await mkdir(flowsDir, { recursive: true });

  // Seed: the first N training utterances of every intent (an utterance belongs to one intent).
  const seeds = new Map<string, string[]>();
  const owner = new Map<string, string>();
  for (const { text, intent } of dataset.train) {
    const list = seeds.get(intent) ?? [];
    const key = normalizeUtterance(text);
    if (list.length >= args.seedUtterances || key === '' || owner.has(key)) continue;
    owner.set(key, intent);
    list.push(text);
    seeds.set(intent, list);
  }
  const intents = [...seeds.keys()].sort();
  const file = {
    name: `${dataset.name} (seed: ${args.seedUtterances} per intent)`,
    locale: 'en',
    data: intents.map((intent) => ({ intent, utterances: seeds.get(intent), answers: [`(${intent})`] })),
  };
  await writeFile(path.join(intentsDir, 'clinc150.json'), `${JSON.stringify(file, null, 2)}\n`);

  const store = createSqliteStore({ file: path.join(dir, 'bench.db'), rollupIntervalMs: 0 });
  const bot = createBotReloader({
    intentsDir,
    flowsDir,
    threshold: args.threshold,
    engine: createLinearEngine(),
    cache: createModelCache({ dir: path.join(dir, 'models') }),
    logger: silentLogger,
    now: Date.now,
  });
  let clock = Date.UTC(2025, 0, 1);
  const now = () => clock;
  // The trainer's edits are retrained once per round (below), not after each action.
  const training: TrainingService = createTrainingService({
    store,
    bot,
    intentsDir,
    reload: async () => ({ ok: true, modelVersion: bot.current()?.matcher.version ?? '' }),
    reviewBand: 0.15,
    validateSampleRate: 0.05,
    now,
  });
  let trainMs = 0;
  const retrain = async (reason: string) => {
    const started = Date.now();
    const loaded = await bot.reload(reason);
    if (!loaded.ok) throw new Error(`reload failed: ${JSON.stringify(loaded.error.slice(0, 3))}`);
    trainMs = Date.now() - started;
  };
  await retrain('seed');

  const traffic = shuffled(datasetSplit(dataset, 'test'), 150);
  const parts = args.rounds + 1;
  const size = Math.ceil(traffic.length / parts);
  const labels = new Map<string, string | null>();
  for (const t of traffic) labels.set(normalizeUtterance(t.text), t.expected);
  let n = 0;

  const replay = async (part: readonly ExpectedText[]) => {
    let matched = 0;
    let correct = 0;
    let oosRejected = 0;
    for (const { text, expected } of part) {
      clock += 1000;
      n++;
      const result = await processEvent(
        {
          channel: 'web',
          type: 'text',
          contactId: `bench-${n % 500}`,
          messageId: `bench-${n}`,
          timestamp: clock,
          text,
        },
        {
          store,
          bot,
          now,
          newId: () => `m-${n}-${Math.random().toString(36).slice(2)}`,
          random: () => 0,
          handoffMs: 0,
          flowTtlMs: 86_400_000,
          publicUrl: 'http://localhost',
          newToken: () => Math.random().toString(36).slice(2),
          outboundStatus: 'sent',
        },
      );
      const nlu = result.status === 'processed' ? result.nlu : null;
      if (nlu?.matched) {
        matched++;
        if (nlu.intent === expected) correct++;
      } else if (expected === null) oosRejected++;
    }
    const inScope = part.filter((p) => p.expected !== null).length;
    return {
      messages: part.length,
      inScope,
      matchedRate: matched / part.length,
      matchedRateInScope: inScope === 0 ? 0 : matched / inScope,
      precision: matched === 0 ? 0 : correct / matched,
      oosRejected: part.length - inScope === 0 ? 1 : oosRejected / (part.length - inScope),
    };
  };

  const rows: RoundRow[] = [];
  const baseline = await replay(traffic.slice(0, size));
  rows.push({
    round: 0,
    ...baseline,
    topSuggestionRight: null,
    entries: 0,
    texts: 0,
    utterancesAdded: 0,
    trainMs,
    modelVersion: bot.current()!.matcher.version,
  });

  for (let round = 1; round <= args.rounds; round++) {
    const work = await trainerRound(training, labels, args.items);
    await retrain(`round ${round}`);
    const measured = await replay(traffic.slice(round * size, (round + 1) * size));
    rows.push({ round, ...measured, ...work, trainMs, modelVersion: bot.current()!.matcher.version });
  }

  const report = await training.report({ from: undefined, to: undefined });
  await bot.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });

  if (args.json) {
    console.log(JSON.stringify({ dataset: dataset.name, args, rounds: rows, report }, null, 2));
    return;
  }
  console.log(
    `Learning loop on ${dataset.name}: ${intents.length} intents seeded with ${args.seedUtterances} utterances each; ` +
      `${traffic.length} messages of traffic (test + out-of-scope) in ${parts} parts; ` +
      `${args.items} inbox entries per round; threshold ${args.threshold}.`,
  );
  console.log(
    '\n| round | messages | matched (all) | matched (in-scope) | precision | OOS rejected | top suggestion right | entries / texts reviewed | utterances added | train |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.round} | ${r.messages} | ${pct(r.matchedRate)} | ${pct(r.matchedRateInScope)} | ${pct(r.precision)} | ${pct(r.oosRejected)} | ${pct(r.topSuggestionRight)} | ${r.entries} / ${r.texts} | ${r.utterancesAdded} | ${(r.trainMs / 1000).toFixed(1)} s |`,
    );
  }
  console.log(
    `\nValidated precision (trainer verdicts on sampled/review matches): ${pct(report.validation.precision)} ` +
      `(n = ${report.validation.correct + report.validation.wrong}); inbox: ${JSON.stringify(report.inbox)}`,
  );
}

/** One round of a trainer who knows the dataset's labels. */
async function trainerRound(
  training: TrainingService,
  labels: ReadonlyMap<string, string | null>,
  limit: number,
): Promise<Pick<RoundRow, 'entries' | 'texts' | 'utterancesAdded' | 'topSuggestionRight'>> {
  const page = await training.inbox(
    inboxQuerySchema.parse({ status: 'open', sort: 'frequent', limit: String(limit) }),
  );
  const versions = new Map((await training.intents()).files.map((f) => [f.file, f.version]));
  const fileOf = new Map((await training.intents()).intents.map((i) => [i.intent, i.file]));
  const byIntent = new Map<string, string[]>();
  const ignore: string[] = [];
  const validations: { item: InboxItem; label: string | null }[] = [];
  let reviewed = 0;
  let topRight = 0;
  let texts = 0;
  for (const entry of page.entries) {
    for (const item of entry.items) {
      texts++;
      const label = labels.get(item.key) ?? null;
      // Matches (review band, validation sample) get a verdict; a wrong one also assigns the label.
      if (item.kind !== 'unmatched') {
        validations.push({ item, label });
        continue;
      }
      if (label === null) {
        ignore.push(item.text);
        continue;
      }
      reviewed++;
      if (item.suggestions[0]?.intent === label) topRight++;
      byIntent.set(label, [...(byIntent.get(label) ?? []), item.text]);
    }
  }
  let added = 0;
  const assign = async (intent: string, list: readonly string[]) => {
    const file = fileOf.get(intent)!;
    try {
      const result = await training.assign({ texts: [...list], intent, fileVersion: versions.get(file)! });
      if (result.file) {
        versions.set(file, result.file.version);
        added += result.file.added.length;
      }
    } catch (error) {
      // A test text identical to another intent's utterance cannot be assigned: the trainer skips it.
      if (!isParleyError(error, 'training.utterance_taken')) throw error;
    }
  };
  for (const [intent, list] of byIntent) await assign(intent, list);
  if (ignore.length > 0) await training.ignore({ texts: ignore });
  for (const { item, label } of validations) {
    if (label !== null && label === item.logged.intent) {
      await training.validate({ texts: [item.text], verdict: 'correct', predicted: label });
      continue;
    }
    const wrong = {
      texts: [item.text],
      verdict: 'wrong' as const,
      ...(item.logged.intent ? { predicted: item.logged.intent } : {}),
    };
    if (label === null) {
      await training.validate(wrong);
      continue;
    }
    const file = fileOf.get(label)!;
    const result = await training
      .validate({ ...wrong, intent: label, fileVersion: versions.get(file)! })
      .catch((error: unknown) => {
        if (isParleyError(error, 'training.utterance_taken')) return null;
        throw error;
      });
    if (result?.file) {
      versions.set(file, result.file.version);
      added += result.file.added.length;
    }
  }
  return {
    entries: page.entries.length,
    texts,
    utterancesAdded: added,
    topSuggestionRight: reviewed === 0 ? null : topRight / reviewed,
  };
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
