import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { seedDemo } from '../../scripts/seed-demo';
import type { TestParley } from '../helpers/test-parley';
import { createTestParley } from '../helpers/test-parley';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '../..');
/**
 * Screenshots are test artifacts (written to a temp dir) unless UPDATE_SCREENSHOTS=1, which refreshes
 * the committed ones under docs/screenshots (the demo data is dated relative to today).
 */
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? path.join(ROOT, 'docs/screenshots')
    : path.join(os.tmpdir(), 'parley-dashboard-screenshots');
const KEY = 'dashboard-test-key-0123456789';
const PAGES = ['overview', 'flows', 'campaigns', 'training', 'intents'] as const;
const LAPTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** Each KPI card and how many decimals it shows (docs/kpis.md's units). */
const KPI_DECIMALS: Record<string, number> = {
  matchedResponseRate: 1,
  interactionsPerUser: 2,
  insightsPerUser: 2,
  ctr: 1,
  conversionRate: 1,
  costPerConversion: 2,
  roas: 2,
  outboundVolume: 0,
  responseRate: 1,
  unsubscribes: 0,
  listVolume: 0,
  avgResponseTime: 1,
};

/** The number a card shows ("1,234.5 %", "$12.30", "2.41×", "3.2 min" → seconds), or null for "–". */
function shownNumber(text: string): number | null {
  if (text.trim() === '–') return null;
  const n = Number(text.replace(/[^\d.-]/g, ''));
  return text.endsWith('min') ? n * 60 : n;
}

/** The page's globals inside `page.evaluate` callbacks (the test's tsconfig has no DOM types). */
interface PageGlobals {
  readonly document: { readonly cookie: string; querySelector(selector: string): unknown };
}

const available = fs.existsSync(CHROMIUM);
if (!available && process.env.CI !== 'true') {
  console.warn(
    `\n*** ${CHROMIUM} is missing: the dashboard browser tests are SKIPPED (install chromium) ***\n`,
  );
}
const suite = available || process.env.CI === 'true' ? describe : describe.skip;

/** The dashboard's default range (the last 28 days, UTC: the browser runs with timezoneId UTC). */
function defaultRange(): { from: string; to: string } {
  const day = (offset: number) => new Date(Math.floor(Date.now() / 86_400_000 + offset) * 86_400_000);
  return { from: day(-27).toISOString().slice(0, 10), to: day(1).toISOString().slice(0, 10) };
}

suite('dashboard in Chromium', () => {
  let t: TestParley;
  let server: Server;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  const problems: string[] = [];

  const api = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${base}${url}`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  const show = async (name: (typeof PAGES)[number]) => {
    await page.goto(`${base}/dashboard/#/${name}`);
    await page.locator('h1', { hasText: /./ }).first().waitFor();
    // Every section has loaded: no "Loading …" line is left.
    await page.waitForFunction(
      () =>
        !(globalThis as unknown as PageGlobals).document.querySelector(
          '[role="status"][aria-live="polite"].muted',
        ),
    );
  };

  const screenshot = async (name: string) => {
    await page.waitForTimeout(100);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  beforeAll(async () => {
    if (!available) throw new Error(`${CHROMIUM} is missing (CI=true): install chromium`);
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'dashboard/vite.config.ts'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    t = await createTestParley({ env: { API_KEYS: KEY } });
    await seedDemo({
      store: t.parley.store,
      bot: t.parley.bot,
      publicUrl: t.parley.config.publicUrl,
      currency: t.parley.config.currency,
    });
    server = await new Promise<Server>((resolve) => {
      const s = t.parley.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
      viewport: LAPTOP,
      timezoneId: 'UTC',
      locale: 'en-US',
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await t?.cleanup();
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  test('serves the page with a strict CSP and asks for a key', async () => {
    const res = await fetch(`${base}/dashboard/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).not.toMatch(/<script>(?!<\/script>)/);
    await page.goto(`${base}/dashboard/`);
    // The sign-in form renders after the app has asked the server whether a session exists.
    await page.getByLabel('API key').waitFor({ state: 'visible', timeout: 15_000 });
    await expect(page.getByLabel('API key').isVisible()).resolves.toBe(true);
    await screenshot('sign-in');
  });

  test('signs in with the key into an HttpOnly cookie, never the URL', async () => {
    await page.getByLabel('API key').fill(KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-kpi="matchedResponseRate"]').waitFor();
    expect(page.url()).not.toContain(KEY);
    const cookie = (await context.cookies()).find((c) => c.name === 'parley_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // Script cannot read it, and a cookie-authenticated write without the CSRF header is refused.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.cookie)).not.toContain(
      'parley_session',
    );
    const status = await page.evaluate(async () => {
      const res = await fetch('/v1/campaigns/x/spend', {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ date: '2025-01-01', amount: 1, currency: 'USD' }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    // The console logs that refusal; nothing else may be there.
    expect(problems).toEqual([expect.stringContaining('403')]);
    problems.length = 0;
  });

  test('the overview shows the numbers of GET /v1/kpis', async () => {
    await show('overview');
    const { from, to } = defaultRange();
    const report = await api<{
      kpis: Record<string, { value: number | null; numerator: number; denominator: number }>;
    }>(`/v1/kpis?from=${from}&to=${to}&tz=UTC&granularity=day&compare=previous`);
    const { currency } = await api<{ currency: string }>('/v1/campaigns');
    expect(report.kpis.outboundVolume!.value).toBeGreaterThan(100);
    for (const [name, decimals] of Object.entries(KPI_DECIMALS)) {
      const kpi = report.kpis[name]!;
      const card = page.locator(`[data-kpi="${name}"]`);
      const shown = shownNumber((await card.locator('.kpi-value').textContent()) ?? '');
      if (kpi.value === null) expect(shown).toBeNull();
      else if (name === 'avgResponseTime' && kpi.value >= 60) expect(shown).toBeCloseTo(kpi.value, -1);
      else expect(shown).toBe(Number(kpi.value.toFixed(decimals)));
      for (const part of ['numerator', 'denominator'] as const) {
        const el = card.locator(`[data-part="${part}"]`);
        if ((await el.count()) === 0) continue;
        expect(Number((await el.textContent())!.replace(/,/g, ''))).toBe(Math.round(kpi[part]));
      }
    }
    expect(currency).toBe('USD');
    await expect(page.locator('.chart canvas').count()).resolves.toBeGreaterThanOrEqual(6);
  });

  test('screenshots of every page at laptop and phone width', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      await page.setViewportSize(viewport);
      for (const name of PAGES) {
        await show(name);
        if (name === 'intents') await page.locator('#cv-heading').waitFor({ timeout: 60_000 });
        await screenshot(viewport === PHONE ? `${name}-phone` : name);
      }
    }
    await page.setViewportSize(LAPTOP);
  }, 120_000);

  test('assigning an inbox item adds it to the intent file', async () => {
    await show('training');
    const entry = page
      .locator('li.entry')
      .filter({ has: page.locator('button.suggest') })
      .first();
    const text = (await entry.locator('ul.texts li').first().textContent())!.replace(/^“|”.*$/g, '');
    const button = entry.locator('button.suggest').first();
    const intent = (await button.textContent())!.replace(/^Assign to (\S+).*$/, '$1');
    const { intents } = await api<{ intents: { intent: string; file: string }[] }>('/v1/training/intents');
    const file = path.join(t.intentsDir, intents.find((i) => i.intent === intent)!.file);
    const before = fs.readFileSync(file, 'utf8');
    expect(before).not.toContain(JSON.stringify(text));
    await button.click();
    await page.getByText(`Assigned to ${intent}.`).waitFor({ timeout: 60_000 });
    const after = fs.readFileSync(file, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(JSON.stringify(text));
  }, 90_000);

  test('no script errors or CSP violations on any page', () => {
    expect(problems).toEqual([]);
  });
});
