/**
 * Opens report.html the way a VP would (a local file, no network) in headless Chromium and
 * checks that what matters is actually rendered, not just present in the markup.
 */
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../forms/browser.js';
import { deriveChecklist } from '../checklist.js';
import { writeRunArtifacts } from '../write-artifacts.js';
import { sampleReport } from '../test-fixture.js';
import { renderHtml } from './render.js';

let browser: Browser;
let dir: string;

beforeAll(async () => {
  const choice = findChromium();
  browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  dir = await mkdtemp(join(tmpdir(), 'lp-html-'));
  const report = await sampleReport(dir);
  // As many source fields as a real portal reads: more columns than the page is wide.
  for (const n of [1, 2, 3, 4, 5, 6]) report.leads[1]!.sourceFields![`latest_source_drill_down_${n}`] = `q${n}-emea-enterprise-retargeting-campaign`;
  await writeRunArtifacts(report, dir, {});
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
    // The four parts of the definition of done, every item shown; attestation and sign-off items owed.
    expect(await items.count()).toBe(22);
    expect(await page.locator('h3[data-part]').allInnerTexts()).toEqual([expect.stringMatching(/^CRM build-out/), expect.stringMatching(/^Campaign tracking/), expect.stringMatching(/^Lead routing/), expect.stringMatching(/^Attribution/)]);
    expect(await page.locator('li[data-item="sla-documented"]').innerText()).toMatch(/to be attested[\s\S]*npx leadproof attest <run dir> --item sla-documented/);
    expect(await page.locator('li[data-item="crm-sign-off"]').innerText()).toContain('awaiting sign-off');
    for (const label of ['CRM fields mapped and validated with test records', 'Test records flushed', 'Duplicate detection tested', 'Handoff SLA measured', 'Fallback owner confirmed']) {
      expect(await page.getByText(label, { exact: true }).isVisible(), label).toBe(true);
    }
    expect(await page.locator('li[data-item="branches"] .mark').innerText()).toBe('✗');
    expect(await page.locator('li[data-item="flush"] .mark').innerText()).toBe('✓');

    // Above the fold, before the checklist: where it ran, signature and approval, what failed by cause.
    expect(await page.locator('#environment').innerText()).toMatch(/^SANDBOX\s+hubspot sandbox-portal-123 · http:\/\/127\.0\.0\.1:4010 · stack demo/);
    expect(await page.locator('#trust').innerText()).toMatch(/Signature\s*Not signed[\s\S]*Approval\s*Not approvable yet/);
    const y = async (sel: string) => (await page.locator(sel).boundingBox())!.y;
    expect(await y('#trust')).toBeLessThan(900);
    expect(await y('#causes')).toBeLessThan(await y('#checklist'));
    expect(await page.locator('ul.causes li').innerText()).toMatch(/^existing customer routes to queue Default; expected Carla Diaz — 1 lead/);
    expect(await page.locator('#when').innerText()).toContain('15 Jan 2025, 10:00:00 UTC → 15 Jan 2025, 10:02:00 UTC');

    // Source fields: an unasserted value is shown and marked, and "empty" does not read like "not checked".
    const row = page.locator('tr[data-lead="scenarios/routing.scenario.ts#0"]');
    expect(await row.locator('td[data-field="hs_analytics_source"]').innerText()).toMatch(/^PAID_SOCIAL\s+not checked$/);
    expect(await row.locator('td[data-field="utm_campaign"]').innerText()).toMatch(/^empty\s+not checked$/);
    expect(await row.locator('td[data-field="utm_source"]').innerText()).toMatch(/^linkedin\s+✓ checked$/);
    expect(await page.locator('.failure').getByText('decided by workflow Route existing customers (4711)').isVisible()).toBe(true);

    // The failing lead's screenshot is inlined and decodes to a real image.
    const img = page.locator('.failure img');
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(64);
    // The CRM-provided name with markup shows as text; no script ran.
    expect(await page.getByText('Bob <script>alert(1)</script> Jones').count()).toBeGreaterThan(0);

    const shot = join(dir, 'report-screenshot.png');
    if (process.env.LEADPROOF_KEEP_SCREENSHOT) console.log(shot);
    await page.screenshot({ path: shot, fullPage: true });
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
    // Many source fields scroll inside their table; the page itself stays as wide as the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1200);
    expect(blocked).toEqual([]);
    await page.close();
  });

  it('shows a production run whose checks passed but left items uncovered as INCOMPLETE, with "not covered" and no ✗', async () => {
    const report = await sampleReport(dir);
    report.leads = report.leads.filter((l) => l.passed);
    delete report.failureGroups; // the failed leads are gone, and with them their causes
    report.summary = { ...report.summary, total: 4, passed: 4, failed: 0, verdict: 'INCOMPLETE' };
    report.crm = { kind: 'salesforce', account: 'Salesforce org 00D5g000004abcd', sandbox: false, baseUrl: 'https://acme.my.salesforce.com' };
    delete report.stack;
    const checklist = deriveChecklist(report).map((i) => (i.id === 'duplicates' ? { ...i, done: false, status: 'not-covered' as const } : { ...i, done: true, status: 'done' as const }));
    const file = join(dir, 'incomplete.html');
    await writeFile(file, renderHtml({ report, checklist, signature: { signed: true, keyid: 'feedbeef00112233aabb', algorithm: 'ed25519' }, images: new Map() }));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('#environment').innerText()).toMatch(/^PRODUCTION CRM\s+Salesforce org 00D5g000004abcd · https:\/\/acme\.my\.salesforce\.com/);
    expect(await page.locator('#verdict').innerText()).toMatch(/^INCOMPLETE\s+4 of 4 synthetic leads passed · 7 of 8 definition-of-done items met · 1 not covered/);
    // Amber, not the green of PASSED.
    expect(await page.locator('#verdict').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(154, 103, 0)');
    const item = page.locator('li[data-item="duplicates"]');
    expect(await item.locator('.mark').innerText()).not.toBe('✗');
    expect(await item.innerText()).toContain('not covered');
    expect(await page.locator('#trust').innerText()).toMatch(/Signed by key feedbeef00112233 \(ed25519\)[\s\S]*Awaiting sign-off/);
    expect(await page.locator('#causes').count()).toBe(0);
    if (process.env.LEADPROOF_KEEP_SCREENSHOT) await page.screenshot({ path: join(dir, 'incomplete.png'), fullPage: true }).then(() => console.log(join(dir, 'incomplete.png')));
    await page.close();
  });
});
