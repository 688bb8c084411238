import type { IntentScore } from '../core';
import { ParleyError } from '../core';
import type { IntentDefinition, IntentMatcher } from '../nlu';
import { intentDefinitionSchema, normalizeUtterance } from '../nlu';
import type { InboxDecision, InboxStatus, Store } from '../store';
import type { InboxEntry, KindRules } from './build-inbox';
import { createAggregator, decodeCursor, encodeCursor, toEntries, toItems } from './build-inbox';
import {
  assertVersion,
  checkEdit,
  fileVersion,
  insertIntent,
  insertUtterances,
  newIntentFileText,
  readIntentDirectory,
  resolveIntentFile,
  writeFileAtomic,
} from './intent-file-writer';
import type { IntentDirectory } from './intent-file-writer';
import { scanNluMessages } from './scan-nlu-messages';
import type { OptionalRange } from './scan-nlu-messages';
import type {
  AssignRequest,
  CreateIntentRequest,
  InboxQuery,
  TextsRequest,
  TrainingReportQuery,
  ValidateRequest,
} from './training-schemas';

/** What a reload after a write gave: the new model version, or why the old model keeps serving. */
export type ReloadOutcome =
  | { readonly ok: true; readonly modelVersion: string }
  | { readonly ok: false; readonly problems: readonly unknown[] };

/** What {@link createTrainingService} needs. */
export interface TrainingDeps {
  readonly store: Pick<
    Store,
    'listMessages' | 'saveInboxDecisions' | 'listInboxDecisions' | 'deleteInboxDecisions'
  >;
  /** The serving bot (its matcher gives the suggestions); null while loading. */
  readonly bot: { current(): { readonly matcher: IntentMatcher } | null };
  readonly intentsDir: string;
  /** Retrains on the intent files and swaps the model in; resolves when done. */
  readonly reload: (reason: string) => Promise<ReloadOutcome>;
  readonly reviewBand: number;
  readonly validateSampleRate: number;
  readonly now: () => number;
}

/** One page of the inbox. */
export interface InboxPage {
  readonly entries: readonly InboxEntry[];
  readonly nextCursor: string | null;
  /** Entries matching the query, over all pages. */
  readonly total: number;
  /** Items in the range by status (every kind). */
  readonly counts: Readonly<Record<InboxStatus, number>>;
  /** The model that made the suggestions. */
  readonly modelVersion: string;
}

/** The result of an action. */
export interface ActionResult {
  /** Items (normalised texts) the action decided. */
  readonly keys: readonly string[];
  /** The intent file written, its new version, and the utterances added (none when all were there). */
  readonly file?: { readonly name: string; readonly version: string; readonly added: readonly string[] };
  /** The model serving after the write's reload (absent when nothing was written). */
  readonly modelVersion?: string | null;
  readonly reloadProblems?: readonly unknown[];
}

/** An intent as the trainer sees it: where it is defined and how many utterances it has. */
export interface TrainingIntent {
  readonly intent: string;
  readonly file: string;
  readonly utterances: number;
  readonly suggest?: string;
  readonly description?: string;
}

/** The intent files with their versions, and their intents. */
export interface TrainingIntents {
  readonly files: readonly { readonly file: string; readonly version: string }[];
  readonly intents: readonly TrainingIntent[];
}

/** `GET /v1/training/report`. */
export interface TrainingReport {
  readonly range: { readonly from: number | null; readonly to: number | null };
  /** Per model version (oldest first): NLU-evaluated messages, how many matched, their share. */
  readonly models: readonly {
    readonly modelVersion: string;
    readonly messages: number;
    readonly matched: number;
    readonly matchedRate: number | null;
    readonly firstAt: number;
    readonly lastAt: number;
  }[];
  /** Share of validated matches marked correct, with its sample size (validations decided in the range). */
  readonly validation: {
    readonly correct: number;
    readonly wrong: number;
    readonly precision: number | null;
  };
  readonly inbox: Readonly<Record<InboxStatus, number>>;
}

/** The training inbox and its actions. */
export interface TrainingService {
  inbox(query: InboxQuery): Promise<InboxPage>;
  intents(): Promise<TrainingIntents>;
  assign(request: AssignRequest): Promise<ActionResult>;
  createIntent(request: CreateIntentRequest): Promise<ActionResult>;
  ignore(request: TextsRequest): Promise<ActionResult>;
  validate(request: ValidateRequest): Promise<ActionResult>;
  /** Removes the decisions of items (they are open again); intent files are not touched. */
  reopen(request: TextsRequest): Promise<ActionResult>;
  report(query: TrainingReportQuery): Promise<TrainingReport>;
}

/** The file a new intent goes to when the request names none. */
export const DEFAULT_NEW_INTENT_FILE = 'inbox.json';

function keysOf(texts: readonly string[]): { keys: string[]; firstTexts: Map<string, string> } {
  const firstTexts = new Map<string, string>();
  for (const text of texts) {
    const key = normalizeUtterance(text);
    if (key === '') throw new ParleyError('api.bad_request', `"${text}" has no letters or digits`);
    if (!firstTexts.has(key)) firstTexts.set(key, text.trim());
  }
  return { keys: [...firstTexts.keys()], firstTexts };
}

/** Normalised utterance → the intent that has it. */
function utteranceOwners(dir: IntentDirectory): Map<string, string> {
  const owners = new Map<string, string>();
  for (const [name, { definition }] of dir.catalog?.intents ?? []) {
    for (const u of definition.utterances) owners.set(normalizeUtterance(u), name);
  }
  return owners;
}

function validCatalog(dir: IntentDirectory) {
  if (dir.catalog !== null) return dir.catalog;
  throw new ParleyError(
    'training.invalid_edit',
    'The intent files are invalid right now (see `parley validate`); fix them before training.',
  );
}

/** @throws `training.utterance_taken` when a text already belongs to another intent. */
function assertFree(keys: readonly string[], owners: ReadonlyMap<string, string>, intent: string): void {
  const taken = keys.filter((k) => owners.has(k) && owners.get(k) !== intent);
  if (taken.length === 0) return;
  throw new ParleyError('training.utterance_taken', 'Some texts are already utterances of another intent.', {
    details: taken.map((key) => ({ key, intent: owners.get(key) })),
  });
}

/**
 * Creates the training service. Writes to intent files are serialised in this process; each one is
 * checked against the file's version (SHA-256 of its bytes) and the whole catalog's validity before
 * an atomic replace, then the bot is reloaded and the call resolves with the new model version.
 */
export function createTrainingService(deps: TrainingDeps): TrainingService {
  const rules = (): KindRules & { matcher: IntentMatcher } => {
    const matcher = deps.bot.current()?.matcher;
    if (!matcher) throw new ParleyError('nlu.not_ready', 'The bot is still loading; try again in a moment.');
    return {
      matcher,
      threshold: matcher.threshold,
      reviewBand: deps.reviewBand,
      validateSampleRate: deps.validateSampleRate,
    };
  };
  let suggestionCache = { version: '', byText: new Map<string, IntentScore[]>() };
  let writes: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = writes.then(fn);
    writes = next.catch(() => undefined);
    return next;
  };

  async function suggestAll(
    matcher: IntentMatcher,
    texts: readonly string[],
  ): Promise<Map<string, IntentScore[]>> {
    if (suggestionCache.version !== matcher.version)
      suggestionCache = { version: matcher.version, byText: new Map() };
    const cache = suggestionCache.byText;
    for (const text of texts) {
      if (!cache.has(text)) cache.set(text, (await matcher.match(text)).candidates);
    }
    return cache;
  }

  async function items(range: OptionalRange) {
    const r = rules();
    const aggregator = createAggregator(r);
    await scanNluMessages(deps.store, range, aggregator.add);
    const decisions = new Map((await deps.store.listInboxDecisions({})).map((d) => [d.key, d]));
    const aggregates = [...aggregator.aggregates.values()];
    const suggestions = await suggestAll(
      r.matcher,
      aggregates.filter((a) => a.kind !== null || decisions.has(a.key)).map((a) => a.text),
    );
    return { matcher: r.matcher, list: toItems(aggregates, decisions, (t) => suggestions.get(t) ?? []) };
  }

  function countByStatus(list: readonly { status: InboxStatus }[]): Record<InboxStatus, number> {
    const counts = { open: 0, done: 0, ignored: 0 };
    for (const i of list) counts[i.status]++;
    return counts;
  }

  async function decide(keys: readonly string[], fields: Omit<InboxDecision, 'key' | 'at'>): Promise<void> {
    const at = deps.now();
    await deps.store.saveInboxDecisions(keys.map((key) => ({ key, at, ...fields })));
  }

  async function reloaded(): Promise<Pick<ActionResult, 'modelVersion' | 'reloadProblems'>> {
    const outcome = await deps.reload('training');
    return outcome.ok
      ? { modelVersion: outcome.modelVersion }
      : { modelVersion: null, reloadProblems: outcome.problems };
  }

  /** Adds texts to an intent's file; returns the file written and the utterances added. */
  async function addUtterances(intent: string, texts: Map<string, string>, expected: string) {
    const dir = await readIntentDirectory(deps.intentsDir);
    const catalog = validCatalog(dir);
    const owner = catalog.intents.get(intent);
    if (!owner)
      throw new ParleyError('training.unknown_intent', `No intent "${intent}"`, { details: { intent } });
    resolveIntentFile(deps.intentsDir, owner.file);
    const current = dir.files.get(owner.file);
    assertVersion(owner.file, current?.version ?? null, expected);
    const owners = utteranceOwners(dir);
    assertFree([...texts.keys()], owners, intent);
    const added = [...texts].filter(([key]) => !owners.has(key)).map(([, text]) => text);
    const text = current!.text;
    if (added.length === 0) return { name: owner.file, version: current!.version, added };
    const index = (JSON.parse(text.replace(/^\uFEFF/, '')) as { data: { intent: string }[] }).data.findIndex(
      (d) => d.intent === intent,
    );
    const next = insertUtterances(text, index, added);
    checkEdit(dir, owner.file, next);
    await writeFileAtomic(resolveIntentFile(deps.intentsDir, owner.file), next);
    return { name: owner.file, version: fileVersion(next), added };
  }

  return {
    async inbox(query) {
      const { matcher, list } = await items(query);
      const entries = toEntries(list, query);
      const offset = decodeCursor(query.cursor);
      const end = offset + query.limit;
      return {
        entries: entries.slice(offset, end),
        nextCursor: end < entries.length ? encodeCursor(end) : null,
        total: entries.length,
        counts: countByStatus(list),
        modelVersion: matcher.version,
      };
    },

    async intents() {
      const dir = await readIntentDirectory(deps.intentsDir);
      const catalog = validCatalog(dir);
      return {
        files: [...dir.files.values()].map((f) => ({ file: f.file, version: f.version })),
        intents: [...catalog.intents].map(([intent, { definition, file }]) => ({
          intent,
          file,
          utterances: definition.utterances.length,
          ...(definition.suggest === undefined ? {} : { suggest: definition.suggest }),
          ...(definition.description === undefined ? {} : { description: definition.description }),
        })),
      };
    },

    assign(request) {
      return serialised(async () => {
        const { keys, firstTexts } = keysOf(request.texts);
        const file = await addUtterances(request.intent, firstTexts, request.fileVersion);
        await decide(keys, {
          status: 'done',
          action: 'assign',
          intent: request.intent,
          predicted: null,
          verdict: null,
        });
        return { keys, file, ...(file.added.length > 0 ? await reloaded() : {}) };
      });
    },

    createIntent(request) {
      return serialised(async () => {
        const { keys, firstTexts } = keysOf(request.texts);
        const name = request.file ?? DEFAULT_NEW_INTENT_FILE;
        const target = resolveIntentFile(deps.intentsDir, name);
        const dir = await readIntentDirectory(deps.intentsDir);
        const catalog = validCatalog(dir);
        if (catalog.intents.has(request.intent)) {
          throw new ParleyError('training.intent_exists', `Intent "${request.intent}" already exists`, {
            details: { intent: request.intent, file: catalog.intents.get(request.intent)?.file },
          });
        }
        const current = dir.files.get(name);
        assertVersion(name, current?.version ?? null, request.fileVersion ?? null);
        assertFree(keys, utteranceOwners(dir), request.intent);
        const definition: IntentDefinition = intentDefinitionSchema.parse({
          intent: request.intent,
          utterances: [...firstTexts.values()],
          answers: [request.answer],
        });
        const next = current
          ? insertIntent(current.text, definition)
          : newIntentFileText('Intents created in the training inbox', catalog.locale, definition);
        checkEdit(dir, name, next);
        await writeFileAtomic(target, next);
        await decide(keys, {
          status: 'done',
          action: 'create-intent',
          intent: request.intent,
          predicted: null,
          verdict: null,
        });
        const file = { name, version: fileVersion(next), added: definition.utterances };
        return { keys, file, ...(await reloaded()) };
      });
    },

    async ignore(request) {
      const { keys } = keysOf(request.texts);
      await decide(keys, {
        status: 'ignored',
        action: 'ignore',
        intent: null,
        predicted: null,
        verdict: null,
      });
      return { keys };
    },

    validate(request) {
      return serialised(async () => {
        const { keys, firstTexts } = keysOf(request.texts);
        let predicted = request.predicted ?? null;
        if (predicted === null)
          predicted = (await rules().matcher.match([...firstTexts.values()][0]!)).intent;
        const right = request.verdict === 'correct' ? predicted : (request.intent ?? null);
        const file =
          request.verdict === 'wrong' && request.intent !== undefined && request.fileVersion !== undefined
            ? await addUtterances(request.intent, firstTexts, request.fileVersion)
            : undefined;
        await decide(keys, {
          status: 'done',
          action: 'validate',
          intent: right,
          predicted,
          verdict: request.verdict,
        });
        if (!file) return { keys };
        return { keys, file, ...(file.added.length > 0 ? await reloaded() : {}) };
      });
    },

    async reopen(request) {
      const { keys } = keysOf(request.texts);
      await deps.store.deleteInboxDecisions(keys);
      return { keys };
    },

    async report(query) {
      const models = new Map<
        string,
        { modelVersion: string; messages: number; matched: number; firstAt: number; lastAt: number }
      >();
      await scanNluMessages(deps.store, query, (m) => {
        const version = m.nlu!.modelVersion;
        const row = models.get(version) ?? {
          modelVersion: version,
          messages: 0,
          matched: 0,
          firstAt: m.at,
          lastAt: m.at,
        };
        row.messages++;
        if (m.nlu!.matched) row.matched++;
        row.firstAt = Math.min(row.firstAt, m.at);
        row.lastAt = Math.max(row.lastAt, m.at);
        models.set(version, row);
      });
      const verdicts = await deps.store.listInboxDecisions({
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
      });
      const correct = verdicts.filter((d) => d.verdict === 'correct').length;
      const wrong = verdicts.filter((d) => d.verdict === 'wrong').length;
      const { list } = await items(query);
      return {
        range: { from: query.from ?? null, to: query.to ?? null },
        models: [...models.values()]
          .sort((a, b) => a.firstAt - b.firstAt)
          .map((r) => ({ ...r, matchedRate: r.messages === 0 ? null : r.matched / r.messages })),
        validation: { correct, wrong, precision: correct + wrong === 0 ? null : correct / (correct + wrong) },
        inbox: countByStatus(list),
      };
    },
  };
}
