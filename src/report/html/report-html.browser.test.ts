/**
 * Opens report.html the way a VP would (a local file, no network) in headless Chromium and
 * checks that what matters is actually rendered, not just present in the markup.
 */
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../forms/browser.js';
import { writeRunArtifacts } from '../write-artifacts.js';
import { sampleReport } from '../test-fixture.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  const choice = findChromium();
  browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  dir = await mkdtemp(join(tmpdir(), 'lp-html-'));
  await writeRunArtifacts(await sampleReport(dir), dir, {});
});

afterAll(async () => {
  await browser?.close();
});

describe('report.html in headless Chromium', () => {
  it('renders the verdict, the checklist and the failure screenshot with no network', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const blocked: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);

    const verdict = page.locator('#verdict');
    await expect.poll(() => verdict.isVisible()).toBe(true);
    expect(await verdict.innerText()).toMatch(/^FAILED\s+4 of 5 synthetic leads passed/);

    const items = page.locator('ul.checklist li');
    expect(await items.count()).toBe(8);
    for (const label of ['CRM fields mapped and validated with test records', 'Test records flushed', 'Duplicate detection tested', 'Handoff SLA measured', 'Fallback owner confirmed']) {
      expect(await page.getByText(label, { exact: true }).isVisible(), label).toBe(true);
    }
    expect(await page.locator('li[data-item="branches"] .mark').innerText()).toBe('✗');
    expect(await page.locator('li[data-item="flush"] .mark').innerText()).toBe('✓');

    // The failing lead's screenshot is inlined and decodes to a real image.
    const img = page.locator('.failure img');
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(64);
    // The CRM-provided name with markup shows as text; no script ran.
    expect(await page.getByText('Bob <script>alert(1)</script> Jones').count()).toBeGreaterThan(0);

    const shot = join(dir, 'report-screenshot.png');
    if (process.env.LEADPROOF_KEEP_SCREENSHOT) console.log(shot);
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
