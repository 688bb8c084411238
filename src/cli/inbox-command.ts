import readline from 'node:readline/promises';
import { Command } from 'commander';
import { formatFileProblem } from '../core';
import { createLogger, openParley } from '../main';
import type {
  ActionResult,
  AssignRequest,
  CreateIntentRequest,
  InboxEntry,
  InboxPage,
  TextsRequest,
  TrainingIntents,
  ValidateRequest,
} from '../training';
import { inboxQuerySchema } from '../training';
import { loadCliConfig } from './load-cli-config';

/** What the review loop needs: the embedded training service or a running server's API. */
interface InboxClient {
  inbox(query: Record<string, string>): Promise<InboxPage>;
  intents(): Promise<TrainingIntents>;
  assign(request: AssignRequest): Promise<ActionResult>;
  createIntent(request: CreateIntentRequest): Promise<ActionResult>;
  ignore(request: TextsRequest): Promise<ActionResult>;
  validate(request: ValidateRequest): Promise<ActionResult>;
  close(): Promise<void>;
}

function httpClient(baseUrl: string, apiKey: string | undefined): InboxClient {
  const call = async <T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> => {
    const res = await fetch(new URL(`/v1/training/${route}`, baseUrl), {
      method,
      headers: {
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!res.ok)
      throw new Error(`${json.error?.code ?? res.status}: ${json.error?.message ?? res.statusText}`);
    return json as T;
  };
  return {
    inbox: (query) => call('GET', `inbox?${new URLSearchParams(query).toString()}`),
    intents: () => call('GET', 'intents'),
    assign: (r) => call('POST', 'inbox/assign', r),
    createIntent: (r) => call('POST', 'inbox/create-intent', r),
    ignore: (r) => call('POST', 'inbox/ignore', r),
    validate: (r) => call('POST', 'inbox/validate', r),
    close: async () => undefined,
  };
}

async function embeddedClient(): Promise<InboxClient | null> {
  const config = loadCliConfig({ WATCH: 'false' });
  const parley = await openParley(config, createLogger({ logLevel: 'warn' }, 2));
  const loaded = await parley.bot.reload('inbox');
  if (!loaded.ok) {
    for (const p of loaded.error) console.error(formatFileProblem(p));
    await parley.close();
    return null;
  }
  const t = parley.training;
  return {
    inbox: (query) => t.inbox(inboxQuerySchema.parse(query)),
    intents: () => t.intents(),
    assign: (r) => t.assign(r),
    createIntent: (r) => t.createIntent(r),
    ignore: (r) => t.ignore(r),
    validate: (r) => t.validate(r),
    close: () => parley.close(),
  };
}

const pct = (x: number) => `${(100 * x).toFixed(0)}%`;

function show(entry: InboxEntry, reviewed: number, open: number): void {
  const texts = entry.items.length;
  console.log(`\n── ${reviewed} reviewed · ${open} open ─────────────────────────────`);
  console.log(
    `${entry.kind.toUpperCase()} ${entry.type === 'cluster' ? `cluster of ${texts} texts` : 'item'} · ${entry.count} message(s)`,
  );
  for (const item of entry.items.slice(0, 10)) {
    const logged = item.logged.matched
      ? ` (matched ${item.logged.intent} ${item.logged.score.toFixed(2)})`
      : '';
    console.log(`  ${String(item.count).padStart(4)} × "${item.text}"${logged}`);
  }
  if (texts > 10) console.log(`  … and ${texts - 10} more`);
  entry.suggestions.forEach((s, i) => console.log(`  [${i + 1}] ${s.intent} ${pct(s.score)}`));
  const validate = entry.kind !== 'unmatched' ? '  y correct  n wrong' : '';
  console.log(`keys: 1-3 accept  p pick intent  c create intent  i ignore  s skip  q quit${validate}`);
}

/**
 * `parley inbox`: reviews the training inbox in the terminal, entry by entry (an item or a cluster of
 * similar unmatched texts), against the local store or a running server (`--url`, `--api-key`).
 */
export function createInboxCommand(): Command {
  return new Command('inbox')
    .description('review unmatched and low-confidence messages and turn them into training data')
    .option('--url <url>', 'a running Parley server (default: the local store, embedded)')
    .option('--api-key <key>', 'API key for --url')
    .option('--kind <kind>', 'only unmatched, review or validate items')
    .action(async (opts: { url?: string; apiKey?: string; kind?: string }) => {
      const client = opts.url ? httpClient(opts.url, opts.apiKey) : await embeddedClient();
      if (!client) {
        process.exitCode = 1;
        return;
      }
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      const ask = (q: string) => rl.question(q).catch(() => 'q');
      const skipped = new Set<string>();
      let reviewed = 0;
      try {
        for (;;) {
          const page = await client.inbox({
            status: 'open',
            limit: '200',
            ...(opts.kind ? { kind: opts.kind } : {}),
          });
          const entry = page.entries.find((e) => !skipped.has(e.id));
          if (!entry) {
            console.log(`\nNothing left to review (${reviewed} reviewed, ${page.counts.open} open).`);
            break;
          }
          show(entry, reviewed, page.counts.open);
          const texts = entry.items.map((i) => i.text);
          const key = (await ask('> ')).trim().toLowerCase();
          if (key === 'q') break;
          try {
            const done = await act(key, entry, texts, client, ask);
            if (done === 'skip') skipped.add(entry.id);
            else if (done) reviewed++;
          } catch (error) {
            console.log(`! ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      } finally {
        rl.close();
        await client.close();
      }
    });
}

/** Carries out one key; true when the entry was decided, 'skip' to pass over it, false to show it again. */
async function act(
  key: string,
  entry: InboxEntry,
  texts: string[],
  client: InboxClient,
  ask: (q: string) => Promise<string>,
): Promise<boolean | 'skip'> {
  const assign = async (intent: string) => {
    const intents = await client.intents();
    const file = intents.intents.find((i) => i.intent === intent)?.file;
    const version = intents.files.find((f) => f.file === file)?.version;
    if (!version) throw new Error(`no intent "${intent}"`);
    const r = await client.assign({ texts, intent, fileVersion: version });
    console.log(
      `✓ ${r.file?.added.length ?? 0} utterance(s) added to ${intent} (${r.file?.name}); model ${r.modelVersion ?? 'unchanged'}`,
    );
  };
  const pick = async (): Promise<string | null> => {
    const names = (await client.intents()).intents.map((i) => i.intent);
    const answer = (await ask('intent (name or prefix): ')).trim();
    const hits = names.filter((n) => n === answer || n.startsWith(answer));
    if (hits.length === 1 || hits.includes(answer)) return hits.includes(answer) ? answer : hits[0]!;
    console.log(hits.length === 0 ? 'no such intent' : `ambiguous: ${hits.slice(0, 10).join(', ')}`);
    return null;
  };
  if (/^[1-3]$/.test(key)) {
    const suggestion = entry.suggestions[Number(key) - 1];
    if (!suggestion) return false;
    await assign(suggestion.intent);
    return true;
  }
  switch (key) {
    case 's':
      return 'skip';
    case 'i':
      await client.ignore({ texts });
      return true;
    case 'p': {
      const intent = await pick();
      if (intent) await assign(intent);
      return intent !== null;
    }
    case 'c': {
      const intent = (await ask('new intent name: ')).trim();
      const answer = (await ask('its answer: ')).trim();
      if (!intent || !answer) return false;
      const r = await client.createIntent({ texts, intent, answer });
      console.log(`✓ created ${intent} in ${r.file?.name}; model ${r.modelVersion ?? 'unchanged'}`);
      return true;
    }
    case 'y':
      await client.validate({ texts, verdict: 'correct' });
      return true;
    case 'n': {
      const intent = await pick();
      const predicted = entry.items[0]?.logged.intent ?? undefined;
      await client.validate({
        texts,
        verdict: 'wrong',
        ...(predicted ? { predicted } : {}),
        ...(intent ? { intent } : {}),
      });
      if (intent) await assign(intent);
      return true;
    }
    default:
      return false;
  }
}
