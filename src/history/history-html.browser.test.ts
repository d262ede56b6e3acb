/**
 * Opens history.html as a RevOps lead would (a local file, no network) in headless Chromium and
 * checks the charts are drawn with the expected series and points, and the sign-off dates show.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../forms/browser.js';
import { writeFixtureRun } from './test-fixture.js';
import { writeHistory } from './write.js';

let browser: Browser;
let htmlPath: string;

beforeAll(async () => {
  const choice = findChromium();
  browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  const reports = await mkdtemp(join(tmpdir(), 'lp-history-html-'));
  await writeFixtureRun(join(reports, 'r1'), { runId: 'r1', startedAt: '2026-11-01T10:00:00.000Z', branch: 'EMEA', times: [12_000, 8_000, 15_000, 20_000, 41_000] });
  await writeFixtureRun(join(reports, 'r2'), { runId: 'r2', startedAt: '2026-11-08T10:00:00.000Z', branch: 'EMEA', times: [30_000, 8_000, 15_000, 20_000, null] });
  await writeFixtureRun(join(reports, 'r3'), { runId: 'r3', startedAt: '2026-11-15T10:00:00.000Z', branch: 'EMEA', pass: true, signedOffAt: '2026-11-16T09:30:00.000Z' });
  await writeFixtureRun(join(reports, 'prod'), { runId: 'p1', startedAt: '2026-11-10T10:00:00.000Z', account: 'portal-<b>999</b>', sandbox: false, pass: true, signedOffAt: '2026-11-11T14:05:00.000Z' });
  htmlPath = (await writeHistory(reports, { out: join(reports, 'out', 'history.html') })).htmlPath;
});

afterAll(async () => {
  await browser?.close();
});

describe('history.html in headless Chromium', () => {
  it('draws pass rate and p50/p95 time-to-owner charts per section, with sign-off dates, and no network', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const blocked: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(htmlPath).href);

    // Production first, its account name shown as text (not markup), then the sandbox.
    const sections = page.locator('section.account');
    expect(await sections.evaluateAll((els) => els.map((e) => [e.getAttribute('data-env'), e.getAttribute('data-account')]))).toEqual([['production', 'portal-<b>999</b>'], ['sandbox', 'sandbox-portal-123']]);
    expect(await sections.nth(0).locator('h2').innerText()).toBe('portal-<b>999</b>');

    const sandbox = sections.nth(1);
    const passRate = sandbox.locator('svg[aria-label^="Pass rate per run"]');
    expect(await passRate.isVisible()).toBe(true);
    expect((await passRate.boundingBox())!.width).toBeGreaterThan(500);
    expect(await passRate.locator('g[data-series="pass rate"]').getAttribute('data-points')).toBe('3');
    expect(await passRate.locator('g[data-series="pass rate"] polyline').count()).toBe(1);
    expect(await passRate.locator('g[data-series="pass rate"] circle title').allTextContents()).toEqual([
      expect.stringMatching(/^r1 · 1 Nov 2026, 10:00:00 UTC · FAILED · 4 of 5 leads passed$/),
      expect.stringMatching(/^r2 · 8 Nov 2026/),
      expect.stringMatching(/^r3 · 15 Nov 2026.* 5 of 5 leads passed$/),
    ]);
    // A FAILED run's dot is red, the passing one is not.
    const fills = await passRate.locator('g[data-series="pass rate"] circle').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(fills.slice(0, 2)).toEqual(['#b42318', '#b42318']);
    expect(fills[2]).not.toBe('#b42318');
    expect(await passRate.locator('g.sign-off title').textContent()).toBe('Signed off by Dana Ops (RevOps lead) · 16 Nov 2026, 09:30:00 UTC');

    const emea = sandbox.locator('.branch[data-branch="EMEA"] svg');
    expect(await emea.isVisible()).toBe(true);
    for (const series of ['p50', 'p95']) {
      expect(await emea.locator(`g[data-series="${series}"]`).getAttribute('data-points'), series).toBe('3');
      expect(await emea.locator(`g[data-series="${series}"] polyline`).count(), series).toBe(1);
    }
    expect(await emea.locator('g[data-series="p95"] circle title').first().textContent()).toMatch(/^EMEA · r1 · .* p95 41 s over 5 leads$/);
    expect(await emea.locator('g[data-series="p50"] circle title').nth(1).textContent()).toMatch(/p50 15 s over 4 leads, 1 never assigned$/);
    // A 5 min SLA over times of seconds would flatten the lines: it is named, not drawn.
    expect(await emea.locator('line.rule').count()).toBe(0);
    expect(await sandbox.locator('.branch[data-branch="EMEA"] .sla').innerText()).toBe('SLA 5.0 min, above every point');
    // The lines use the chart's height: the slowest p95 (41 s) is near the top.
    const box = (await emea.boundingBox())!;
    const top = await emea.locator('g[data-series="p95"] circle').first().boundingBox();
    expect(top!.y - box.y).toBeLessThan(box.height / 3);
    // The p95 line is drawn above (slower than) the p50 line at the first run.
    const y = (s: string) => emea.locator(`g[data-series="${s}"] circle`).first().evaluate((c) => Number(c.getAttribute('cy')));
    expect(await y('p95')).toBeLessThan(await y('p50'));

    const cause = sandbox.locator('table.causes tbody tr');
    expect(await cause.count()).toBe(1);
    expect(await cause.innerText()).toMatch(/^EMEA routes to queue Default; expected Carla Diaz\s+2 of 3\s+2\s+1 Nov 2026, 10:00:00 UTC\s+8 Nov 2026, 10:00:00 UTC r2$/);

    // Sign-off dates appear in both sections' tables.
    expect(await sandbox.locator('tr.sign-off').innerText()).toMatch(/^16 Nov 2026, 09:30:00 UTC\s+Dana Ops RevOps lead\s+r3/);
    expect(await sections.nth(0).locator('tr.sign-off').innerText()).toMatch(/^11 Nov 2026, 14:05:00 UTC/);

    // Run links lead to each run's own report, relative to the page.
    expect(await sandbox.locator('tr[data-run="r1"] a').getAttribute('href')).toBe('../r1/report.html');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1200);
    if (process.env.LEADPROOF_KEEP_SCREENSHOT) await page.screenshot({ path: join(tmpdir(), 'history.png'), fullPage: true }).then(() => console.log(join(tmpdir(), 'history.png')));
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
