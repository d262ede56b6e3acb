/**
 * The benchmark's baseline: a plain playwright-core loop that fills and submits the sandbox's
 * demo form, with nothing of leadproof around it (no test runner, no ledger, no broker, no
 * evidence). `workers` pages run side by side in one browser; each lead gets a fresh context,
 * as any loop must that wants one visitor cookie per person (the same cost leadproof pays).
 * `extra` lets bench/profile.ts add one of leadproof's per-lead costs at a time.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findChromium } from '../src/forms/browser.js';

export interface PlainLoopOptions {
  siteUrl: string;
  testDomain: string;
  leads: number;
  workers: number;
  /** Prefix of the synthetic emails, so loops sharing a sandbox never collide. */
  tag?: string;
  /** Per-lead extras (for profiling): run after filling, before the click. */
  extra?: { context?: (ctx: BrowserContext) => Promise<void>; beforeSubmit?: (page: Page, i: number) => Promise<void>; afterSubmit?: (page: Page, i: number) => Promise<void> };
}

export interface PlainLoopFigures {
  leads: number;
  submitted: number;
  wallTimeS: number;
  leadsPerS: number;
  /** The measured window (epoch ms), for the machine's CPU over it (bench/cpu.ts). */
  from: number;
  to: number;
  /** When the last lead's context had closed (epoch ms): bench/profile.ts counts every extra up to here. */
  end: number;
}

export async function plainLoop(opts: PlainLoopOptions): Promise<PlainLoopFigures> {
  const b = findChromium();
  const browser = await chromium.launch({ executablePath: b.executablePath, args: b.args, headless: true });
  let next = 0;
  let submitted = 0;
  const tag = opts.tag ?? 'plain';
  // The browser phase is measured from a lead's first step in its test (the page fixture has
  // opened its context and page by then) to the last accepted submission; this window is the same:
  // from the first goto to the moment the last accepted submission was sent (the spec stamps its
  // ledger entry when the request goes out), so neither side counts a context the other does not.
  let from = Infinity;
  let to = 0;
  try {
    await Promise.all(Array.from({ length: opts.workers }, async () => {
      for (let i = next++; i < opts.leads; i = next++) {
        const ctx = await browser.newContext();
        await opts.extra?.context?.(ctx);
        const page = await ctx.newPage();
        from = Math.min(from, Date.now());
        await page.goto(`${opts.siteUrl}/demo?utm_source=google&utm_medium=cpc&utm_campaign=${tag}`, { waitUntil: 'load' });
        // Every field the run fills on this form (scenarios/leadproof.config.yaml, demo-request),
        // in the same order: a baseline that skips the optional ones does less work per lead.
        await page.getByLabel('First name').fill('Ada');
        await page.getByLabel('Last name').fill(`Plain${i}`);
        await page.getByLabel('Business email').fill(`${tag}-${i}-${Date.now()}@${opts.testDomain}`);
        await page.getByLabel('Company name').fill('Plain Loop GmbH');
        await page.getByLabel('Website').fill('https://plain-loop.example');
        await page.getByLabel('Country').selectOption({ label: 'Germany' });
        await page.getByLabel('Number of employees').fill('2500');
        await page.getByLabel('Job title').fill('VP Marketing');
        await page.getByLabel('Phone number').fill('+49 30 1234567');
        await page.getByLabel('I agree to receive marketing emails').setChecked(true);
        await opts.extra?.beforeSubmit?.(page, i);
        const sent = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/submissions/'));
        await page.getByRole('button', { name: 'Request a demo', exact: true }).click();
        const req = await sent;
        const at = Date.now();
        if ((await req.response())?.ok()) {
          submitted += 1;
          to = Math.max(to, at);
        }
        await opts.extra?.afterSubmit?.(page, i);
        await ctx.close();
      }
    }));
  } finally {
    await browser.close();
  }
  const end = Date.now();
  const wall = Math.max(0.001, (to - from) / 1000);
  return { leads: opts.leads, submitted, wallTimeS: +wall.toFixed(2), leadsPerS: +(submitted / wall).toFixed(3), from, to, end };
}
