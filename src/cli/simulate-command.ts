import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import type { MetaSendMessage } from '../channels';
import { metaSendMessageSchema } from '../channels';
import type { FakeGraphApi, RecordedCall } from './fake-graph-api';
import { startFakeGraphApi } from './fake-graph-api';
import { loadCliConfig } from './load-cli-config';
import { metaPageWebhook, signedMetaWebhook } from './meta-signing';

/**
 * The conversation sent when no `--script` is given: a short shop visit (greeting, the product finder
 * through its quick replies, a question, goodbye).
 */
export const DEFAULT_SIMULATION = [
  'hi',
  'Help me shop',
  'M',
  'Outdoor',
  '150',
  'how long does shipping take?',
  'thanks, bye',
] as const;

/** A `--script` file: a JSON array of lines, sent in order. */
export const simulationScriptSchema = z.array(z.string().trim().min(1).max(2000)).min(1).max(1000);

interface SimulateOptions {
  readonly url?: string;
  readonly graphPort: string;
  readonly script?: string;
  readonly pageId: string;
  readonly psid?: string;
  readonly wait: string;
  readonly timeout: string;
  readonly settle: string;
}

/** A tappable choice of the bot's last reply: a quick reply or a postback button. */
interface Choice {
  readonly title: string;
  readonly payload: string;
  readonly kind: 'quick_reply' | 'postback';
}

const HELP_AFTER = `
How it works:
  1. simulate starts a fake Meta Graph API on 127.0.0.1:<graph-port> (default 4010) and prints the
     environment to start Parley with, e.g. in another terminal:
       META_GRAPH_URL=http://127.0.0.1:4010 META_APP_SECRET=<secret> META_VERIFY_TOKEN=<token> \\
       META_PAGE_ACCESS_TOKEN=<token> npm start
  2. it waits (up to --wait seconds) for Parley's /healthz at --url, then sends each line as a signed
     Messenger webhook (X-Hub-Signature-256 with META_APP_SECRET, read like every command from the
     environment or .env), waits for the bot's replies at the fake Graph API and prints them.
  A line equal to the title of a quick reply or postback button of the last reply taps it.
  This is the Messenger path end to end — webhook, queue, runtime, Send API — without a Facebook app.

Examples:
  parley simulate
  parley simulate --script conversation.json --graph-port 4010 --url http://127.0.0.1:3000
  (conversation.json: ["hi", "Help me shop", "M", "Outdoor"])`;

/** `parley simulate`: a scripted Messenger conversation against a running Parley, without Facebook. */
export function createSimulateCommand(): Command {
  return new Command('simulate')
    .description(
      'send a scripted Messenger conversation as signed webhooks to a running Parley and print the replies (fake Graph API, no Facebook app)',
    )
    .option('--url <url>', 'base URL of the running Parley (default http://127.0.0.1:$PORT)')
    .option(
      '--graph-port <port>',
      'port of the fake Graph API; start Parley with META_GRAPH_URL on it',
      '4010',
    )
    .option('--script <file>', 'JSON array of lines to send (default: a short shop conversation)')
    .option('--page-id <id>', 'the page the user writes to', '104567890123456')
    .option('--psid <id>', 'the simulated user (default: a new one per run)')
    .option('--wait <seconds>', 'how long to wait for Parley to answer /healthz', '60')
    .option('--timeout <ms>', 'how long to wait for the first reply to a line', '10000')
    .option('--settle <ms>', 'a reply is complete after this long without another message', '400')
    .addHelpText('after', HELP_AFTER)
    .action(async (opts: SimulateOptions) => {
      process.exitCode = await simulate(opts);
    });
}

async function simulate(opts: SimulateOptions): Promise<number> {
  const config = loadCliConfig({ WATCH: 'false' });
  const secret = config.meta.appSecret;
  if (!secret || !config.meta.webhooks) {
    console.error(
      'simulate signs webhooks with META_APP_SECRET: set META_APP_SECRET and META_VERIFY_TOKEN (as for the running Parley).',
    );
    return 2;
  }
  const lines = opts.script ? await readScript(opts.script) : [...DEFAULT_SIMULATION];
  if (!lines) return 2;
  const url = (opts.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const graph = await startFakeGraphApi({ port: Number(opts.graphPort), anyProfile: true });
  try {
    console.log(`Fake Graph API on ${graph.url}. Start Parley with (same secrets as this shell):`);
    console.log(`  META_GRAPH_URL=${graph.url} META_GRAPH_VERSION=${config.meta.graphVersion} npm start`);
    if (!(await waitForHealth(url, Number(opts.wait) * 1000))) {
      console.error(`No Parley answered ${url}/healthz within ${opts.wait} s.`);
      return 1;
    }
    const psid = opts.psid ?? `simulated-${randomBytes(4).toString('hex')}`;
    console.log(`Talking to ${url} as ${psid} (page ${opts.pageId}).\n`);
    return await converse(lines, { ...opts, url, psid, secret, graph });
  } finally {
    await graph.close();
  }
}

async function converse(
  lines: readonly string[],
  ctx: SimulateOptions & { url: string; psid: string; secret: string; graph: FakeGraphApi },
): Promise<number> {
  let choices: Choice[] = [];
  for (const [i, line] of lines.entries()) {
    const choice = choices.find((c) => c.title.toLowerCase() === line.toLowerCase());
    console.log(
      `you> ${line}${choice ? `  (taps ${choice.kind === 'postback' ? 'button' : 'quick reply'})` : ''}`,
    );
    const seen = ctx.graph.sends().length;
    const mid = `m_sim_${Date.now()}_${i}_${randomBytes(3).toString('hex')}`;
    const status = await postWebhook(ctx.url, userEvent(ctx, line, mid, choice), ctx.pageId, ctx.secret);
    if (status !== 200) {
      console.error(`Parley answered the webhook with HTTP ${status} (a wrong META_APP_SECRET gives 401).`);
      return 1;
    }
    const replies = await collectReplies(ctx.graph, ctx.psid, seen, Number(ctx.timeout), Number(ctx.settle));
    if (replies.length === 0) {
      console.log(
        `bot> (no reply within ${ctx.timeout} ms — is Parley's META_GRAPH_URL ${ctx.graph.url} and its worker running?)`,
      );
      continue;
    }
    choices = [];
    for (const reply of replies) {
      const rendered = renderReply(reply);
      choices.push(...rendered.choices);
      for (const l of rendered.lines) console.log(`bot> ${l}`);
    }
  }
  return 0;
}

async function readScript(file: string): Promise<string[] | null> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: ${(error as Error).message}`);
    return null;
  }
  const parsed = simulationScriptSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    console.error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return null;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return true;
    if (Date.now() > deadline) return false;
    if (!told) console.log(`Waiting for Parley at ${url} …`);
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function userEvent(
  ctx: { psid: string; pageId: string },
  text: string,
  mid: string,
  choice: Choice | undefined,
): object {
  const base = { sender: { id: ctx.psid }, recipient: { id: ctx.pageId }, timestamp: Date.now() };
  if (choice?.kind === 'postback')
    return { ...base, postback: { mid, title: choice.title, payload: choice.payload } };
  if (choice)
    return { ...base, message: { mid, text: choice.title, quick_reply: { payload: choice.payload } } };
  return { ...base, message: { mid, text } };
}

async function postWebhook(url: string, event: object, pageId: string, secret: string): Promise<number> {
  const { body, signature } = signedMetaWebhook(metaPageWebhook(pageId, [[event]]), secret);
  const res = await fetch(`${url}/webhooks/meta`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** Sends to `psid` after the first `seen` sends: waits for the first, then until none came for `settleMs`. */
async function collectReplies(
  graph: FakeGraphApi,
  psid: string,
  seen: number,
  timeoutMs: number,
  settleMs: number,
): Promise<MetaSendMessage[]> {
  const mine = () =>
    graph
      .sends()
      .slice(seen)
      .filter((c) => recipientOf(c) === psid);
  const deadline = Date.now() + timeoutMs;
  let count = 0;
  let lastChange = Date.now();
  for (;;) {
    const now = Date.now();
    const current = mine().length;
    if (current !== count) {
      count = current;
      lastChange = now;
    }
    if (count > 0 && now - lastChange >= settleMs) break;
    if (count === 0 && now > deadline) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  return mine().flatMap((c) => {
    const parsed = metaSendMessageSchema.safeParse((c.body as { message?: unknown }).message);
    return parsed.success ? [parsed.data] : [];
  });
}

function recipientOf(call: RecordedCall): string | undefined {
  return (call.body as { recipient?: { id?: string } } | undefined)?.recipient?.id;
}

/** Terminal lines for one Send API message, and the choices it offers (numbered like Messenger shows them). */
function renderReply(message: MetaSendMessage): { lines: string[]; choices: Choice[] } {
  const lines: string[] = [];
  const choices: Choice[] = [];
  const button = (b: { type: string; title: string; payload?: string; url?: string }, indent: string) => {
    if (b.type === 'web_url') return lines.push(`${indent}[${b.title}] → ${b.url}`);
    choices.push({ title: b.title, payload: b.payload ?? '', kind: 'postback' });
    return lines.push(`${indent}[${b.title}]`);
  };
  if ('text' in message) lines.push(message.text);
  else if (message.attachment.type !== 'template') {
    lines.push(`(${message.attachment.type}) ${message.attachment.payload.url}`);
  } else if (message.attachment.payload.template_type === 'button') {
    lines.push(message.attachment.payload.text);
    for (const b of message.attachment.payload.buttons) button(b, '  ');
  } else {
    for (const e of message.attachment.payload.elements) {
      lines.push(`  ▸ ${e.title}${e.subtitle ? ` — ${e.subtitle}` : ''}`);
      for (const b of e.buttons ?? []) button(b, '      ');
    }
  }
  if (message.quick_replies?.length) {
    for (const q of message.quick_replies)
      choices.push({ title: q.title, payload: q.payload, kind: 'quick_reply' });
    lines.push(message.quick_replies.map((q) => `(${q.title})`).join(' '));
  }
  return { lines, choices };
}
