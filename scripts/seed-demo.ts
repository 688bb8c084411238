/**
 * Seeds a data directory with realistic, deterministic demo data for the dashboard and its screenshots:
 * web and Messenger chats through the real runtime (`processEvent`: NLU, flows, tracked links, events),
 * clicks on the links the bot sent, conversions through the conversion API's function, ad spend.
 *
 * Usage: `npm run seed:demo` (or `tsx scripts/seed-demo.ts`), with the usual environment (DATA_DIR…).
 * The data covers the 56 days before today (UTC), so the dashboard's default range and its previous
 * period both have data; the same day gives the same data.
 */
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../src/config';
import { createParley } from '../src/main';
import type { Channel, InboundEvent, LoggedEvent, OutboundMessage } from '../src/core';
import { recordConversion } from '../src/analytics';
import type { BotSource, ProcessResult } from '../src/runtime';
import { processEvent } from '../src/runtime';
import type { Store } from '../src/store';

/** What {@link seedDemo} writes through. */
export interface SeedDeps {
  readonly store: Store;
  readonly bot: BotSource;
  readonly publicUrl: string;
  readonly currency: string;
}

/** Options of {@link seedDemo}. */
export interface SeedOptions {
  /** Exclusive end of the data (epoch ms; default: the next UTC midnight). */
  readonly end?: number;
  /** Days of data before `end` (default 56). */
  readonly days?: number;
  /** Contacts to simulate (default 320). */
  readonly contacts?: number;
  /** PRNG seed (default 7). */
  readonly seed?: number;
}

/** What was written. */
export interface SeedSummary {
  readonly contacts: number;
  readonly messages: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly from: string;
  readonly to: string;
}

const DAY = 86_400_000;

type Say = (text: string) => Promise<ProcessResult>;

/** Campaigns (m.me refs and an ad id) with their daily spend. */
const CAMPAIGNS = [
  { ref: 'jacket-finder', daily: 9 },
  { ref: 'newsletter', daily: 3 },
  { adId: '120210000000042', daily: 12 },
] as const;

const QUESTIONS = [
  'what size should I get',
  'do you ship to canada',
  'how long does delivery take',
  'where is my order',
  'can I return a jacket I wore once',
  'how do I start a return',
  'is there a size guide for jeans',
  'do you have a store in London',
  'how much is express shipping',
  'can I exchange for a different size',
  'hi there',
  'thanks!',
  'what payment methods do you take',
  'I want to talk to a person',
];

/**
 * Messages the demo bot does not understand (or only barely): they fill the training inbox. Repeats and
 * near-repeats make clusters.
 */
const UNMATCHED = [
  'do you price match',
  'do you price match?',
  'price match please',
  'is the wool ethically sourced',
  'do you sponsor football teams',
  'can I bring my dog into the shop',
  'are you hiring',
  'are you hiring?',
  'loyalty points',
  'do you recycle old clothes',
  'recycle old clothes',
  'made in which country',
  'influencer collaboration',
  'are your jackets vegan',
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dateOf(t: number): string {
  return new Date(t).toISOString().slice(0, 10);
}

function tokensIn(messages: readonly OutboundMessage[], publicUrl: string): string[] {
  const text = JSON.stringify(messages);
  const prefix = `${publicUrl}/r/`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return [...text.matchAll(new RegExp(`${prefix}([A-Za-z0-9_-]{16,64})`, 'g'))].map((m) => m[1]!);
}

/** A deterministic sequence of ids and tokens from a seed and a counter. */
function idSource(seed: number): { id: () => string; token: () => string } {
  let n = 0;
  const next = () => createHash('sha256').update(`${seed}:${n++}`).digest();
  return {
    id: () => {
      const h = next().toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    token: () => next().subarray(0, 16).toString('base64url'),
  };
}

/**
 * Writes the demo data. Each simulated contact arrives on a day of the range (more on weekdays and in
 * recent weeks), asks questions, often runs the product finder or the newsletter flow (some drop off,
 * some after a message the bot did not understand), clicks picks and sometimes buys.
 */
export async function seedDemo(deps: SeedDeps, options: SeedOptions = {}): Promise<SeedSummary> {
  const end = options.end ?? Math.floor(Date.now() / DAY) * DAY + DAY;
  const days = options.days ?? 56;
  const start = end - days * DAY;
  const random = mulberry32(options.seed ?? 7);
  const ids = idSource(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let clock = start;
  const processDeps = {
    store: deps.store,
    bot: deps.bot,
    now: () => clock,
    newId: ids.id,
    random,
    handoffMs: 30 * 60_000,
    flowTtlMs: DAY,
    publicUrl: deps.publicUrl,
    newToken: ids.token,
    outboundStatus: 'sent' as const,
  };
  const counts = { messages: 0, clicks: 0, conversions: 0 };
  const contactCount = options.contacts ?? 320;

  for (let c = 0; c < contactCount; c++) {
    // Later days are busier: growth shows in the comparison with the previous period.
    const day = Math.min(days - 1, Math.floor(days * Math.sqrt(random())));
    clock = start + day * DAY + Math.floor((8 + random() * 13) * 3_600_000);
    const channel: Channel = random() < 0.35 ? 'messenger' : 'web';
    const contactId = `${channel === 'web' ? 'web' : 'psid'}-${1000 + c}`;
    const send = async (
      input: Partial<InboundEvent> & Pick<InboundEvent, 'type'>,
    ): Promise<ProcessResult> => {
      clock += 20_000 + Math.floor(random() * 90_000);
      counts.messages++;
      const event = {
        channel,
        contactId,
        messageId: `seed-${c}-${counts.messages}`,
        timestamp: clock,
        ...(channel === 'messenger' ? { pageId: '100200300' } : {}),
        ...input,
      } as InboundEvent;
      // The reply leaves a moment later (queueing, NLU, the platform's Send API).
      clock += 400 + Math.floor(random() * (channel === 'web' ? 900 : 2600));
      return processEvent(event, processDeps);
    };
    const text = (t: string) => send({ type: 'text', text: t } as InboundEvent);

    const campaign = channel === 'messenger' && random() < 0.6 ? pick(CAMPAIGNS) : null;
    let opened: ProcessResult | null = null;
    if (campaign) {
      const referral = 'ref' in campaign ? { ref: campaign.ref } : { adId: campaign.adId, source: 'ADS' };
      opened = await send({ type: 'referral', referral } as InboundEvent);
    } else if (random() < 0.4) opened = await text('jacket finder');

    // The ad has no flow of its own: its visitors ask for the finder.
    if (campaign && 'adId' in campaign && random() < 0.8) opened = await text('jacket finder');
    const inFinder =
      opened?.status === 'processed' && JSON.stringify(opened.outbound).includes('what size do you usually');
    if (inFinder) await runFinder(c, text);
    else if (random() < 0.15) await runNewsletter(text);
    for (let q = Math.floor(random() * 3); q > 0; q--) await text(pick(QUESTIONS));
    if (random() < 0.45) await text(pick(UNMATCHED));
    if (random() < 0.04) await text('unsubscribe');
  }

  async function runFinder(c: number, text: Say): Promise<void> {
    if (random() < 0.12) {
      await text(pick(UNMATCHED)); // not a size: refused, then the contact leaves
      return;
    }
    await text(pick(['M', 'L', 'small', 'XL', 'medium']));
    if (random() < 0.1) return;
    await text(pick(['casual', 'outdoor', 'smart', 'hiking']));
    if (random() < 0.08) {
      await text(pick(UNMATCHED));
      return;
    }
    const picks = await text(pick(['120', '90', '250', '$180', '75']));
    if (picks.status !== 'processed') return;
    const tokens = tokensIn(picks.outbound, deps.publicUrl);
    const clicked = random() < 0.85 ? tokens.slice(0, 1 + Math.floor(random() * 2)) : [];
    for (const token of clicked) await click(token);
    if (clicked[0] && random() < 0.45) await convert(clicked[0], c);
    if (random() < 0.25) return;
    const consent = random() < 0.3;
    await text(consent ? 'yes' : 'no thanks');
    if (consent && random() < 0.7) await text(`shopper${Math.floor(random() * 1e6)}@example.com`);
  }

  async function runNewsletter(text: Say): Promise<void> {
    await text('sign me up for the newsletter');
    if (random() < 0.2) return;
    const yes = random() < 0.6;
    await text(yes ? 'yes' : 'no');
    if (!yes || random() < 0.15) return;
    await text(`shopper${Math.floor(random() * 1e6)}@example.com`);
    await text(random() < 0.7 ? 'Skip' : '+1 415 555 0134');
  }

  async function click(token: string): Promise<void> {
    clock += 30_000 + Math.floor(random() * 120_000);
    const link = await deps.store.getLink(token);
    if (!link) return;
    // The same event `GET /r/:token` logs.
    const event: LoggedEvent = {
      id: ids.id(),
      type: 'link_clicked',
      at: clock,
      contactId: link.contactId,
      channel: link.channel,
      flowId: link.flowId,
      stepId: link.stepId,
      intent: null,
      campaign: link.campaign,
      variant: link.variant,
      list: null,
      value: null,
      data: { token, url: link.url },
    };
    await deps.store.appendEvents([event]);
    counts.clicks++;
  }

  async function convert(token: string, c: number): Promise<void> {
    clock += 5 * 60_000 + Math.floor(random() * 3_600_000);
    await recordConversion(
      {
        clickToken: token,
        name: 'purchase',
        value: Math.round(80 + random() * 220),
        currency: deps.currency,
        occurredAt: new Date(clock).toISOString(),
        idempotencyKey: `seed-order-${c}`,
      },
      { store: deps.store, currency: deps.currency, now: () => clock, newId: ids.id },
    );
    counts.conversions++;
  }

  for (let d = 0; d < days; d++) {
    const date = dateOf(start + d * DAY);
    for (const campaign of CAMPAIGNS) {
      const amount = Math.round(campaign.daily * (0.7 + random() * 0.6) * 100) / 100;
      const name = 'ref' in campaign ? campaign.ref : campaign.adId;
      await deps.store.setSpend({ campaign: name, date, amount, currency: deps.currency }, end);
    }
  }
  return {
    contacts: contactCount,
    ...counts,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const parley = createParley(config, pino({ level: 'warn' }));
  try {
    const loaded = await parley.bot.reload('seed-demo');
    if (!loaded.ok) throw new Error(`The bot could not be loaded: ${JSON.stringify(loaded.error)}`);
    const summary = await seedDemo({
      store: parley.store,
      bot: parley.bot,
      publicUrl: config.publicUrl,
      currency: config.currency,
    });
    console.log(JSON.stringify({ dataDir: config.dataDir, ...summary }));
  } finally {
    await parley.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
