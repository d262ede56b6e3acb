/**
 * The benchmark's baseline: a plain playwright-core loop that fills and submits the sandbox's
 * demo form, with nothing of leadproof around it (no test runner, no ledger, no broker, no
 * evidence). `workers` pages run side by side in one browser; each lead gets a fresh context,
 * as any loop must that wants one visitor cookie per person (the same cost leadproof pays).
 * `extra` lets bench/profile.ts add one of leadproof's per-lead costs at a time.
 */
import { readFileSync } from 'node:fs';
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
  /** CPU seconds the browser (every Chromium process) spent per lead: steadier than wall time on a shared machine. */
  browserCpuSPerLead: number;
}

/** CPU seconds of this process's reaped children (Linux /proc; 0 elsewhere). */
export function childCpuS(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3).
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
}

export async function plainLoop(opts: PlainLoopOptions): Promise<PlainLoopFigures> {
  const b = findChromium();
  const cpu0 = childCpuS();
  const browser = await chromium.launch({ executablePath: b.executablePath, args: b.args, headless: true });
  let next = 0;
  let submitted = 0;
  const tag = opts.tag ?? 'plain';
  // From the first lead on (browser start excluded), as the browser phase is measured.
  const t0 = Date.now();
  try {
    await Promise.all(Array.from({ length: opts.workers }, async () => {
      for (let i = next++; i < opts.leads; i = next++) {
        const ctx = await browser.newContext();
        await opts.extra?.context?.(ctx);
        const page = await ctx.newPage();
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
        const sent = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/submissions/'));
        await page.getByRole('button', { name: 'Request a demo', exact: true }).click();
        if ((await sent).ok()) submitted += 1;
        await opts.extra?.afterSubmit?.(page, i);
        await ctx.close();
      }
    }));
  } finally {
    await browser.close();
  }
  const wall = (Date.now() - t0) / 1000;
  const cpu = childCpuS() - cpu0;
  return { leads: opts.leads, submitted, wallTimeS: +wall.toFixed(2), leadsPerS: +(opts.leads / wall).toFixed(3), browserCpuSPerLead: +(cpu / opts.leads).toFixed(3) };
}
