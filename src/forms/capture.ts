/**
 * Protocol-replay capture (`leadproof run --replay`), the browser's half: for the first lead of a
 * branch, everything the harness needs to send that branch's other leads over HTTP — the form
 * request as the page sent it, the page's beacons (page views the form's attribution relies on),
 * the cookies (the visitor id), and what a second load of the same page puts in its hidden
 * inputs (a value that changes between loads is a per-page token: replay would not be faithful).
 * The harness (src/replay/) judges it; this file only records.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Request } from '@playwright/test';
import type { PlannedLead } from '../scenario/plan.js';
import { formRendered, formRoot } from './fill.js';

export const CAPTURE_FILE = 'capture.json';

/** What one browser lead's submission looked like on the wire (written to its evidence folder). */
export interface FormCapture {
  key: string;
  /** Set when recording failed: the branch cannot be replayed. */
  error?: string;
  request?: { method: string; url: string; contentType: string; body: string };
  /** GET requests the page sent to its own or the form's origin before the submission (tracking beacons). */
  beacons: string[];
  cookies: { name: string; value: string }[];
  /** Hidden inputs of the form on a second, fresh load of the landing page. */
  secondLoadHidden?: Record<string, string>;
  /** The page shows a captcha widget. */
  captcha: boolean;
}

const CAPTCHA_SELECTOR = '.g-recaptcha, .h-captcha, .cf-turnstile, [data-sitekey], iframe[src*="recaptcha"], iframe[src*="hcaptcha"]';

/** Starts watching a tab before its landing page loads; `finish` writes capture.json. */
export function watchForCapture(tab: Page, lead: PlannedLead, dir: string): { finish(req: Request): Promise<void> } {
  const beacons: string[] = [];
  const origins = new Set([new URL(lead.landingUrl).origin]);
  const onRequest = (r: Request) => {
    // Page views and pixels: GETs of images/pings/fetches with a query, not documents or assets.
    if (r.method() === 'GET' && ['image', 'ping', 'fetch', 'xhr', 'beacon'].includes(r.resourceType()) && new URL(r.url()).search) beacons.push(r.url());
  };
  tab.on('request', onRequest);
  return {
    async finish(req: Request) {
      tab.off('request', onRequest);
      const capture: FormCapture = { key: lead.key, beacons: [], cookies: [], captcha: false };
      try {
        origins.add(new URL(req.url()).origin);
        capture.request = { method: req.method(), url: req.url(), contentType: (await req.allHeaders())['content-type'] ?? '', body: req.postData() ?? '' };
        capture.beacons = beacons.filter((u) => origins.has(new URL(u).origin));
        capture.cookies = (await tab.context().cookies()).map((c) => ({ name: c.name, value: c.value }));
        const root = formRoot(tab, lead.form);
        capture.captcha = (await root.locator(CAPTCHA_SELECTOR).count().catch(() => 0)) > 0;
        capture.secondLoadHidden = await hiddenOnFreshLoad(tab, lead);
      } catch (err) {
        capture.error = (err as Error).message.split('\n')[0];
      }
      writeFileSync(path.join(dir, CAPTURE_FILE), `${JSON.stringify(capture, null, 2)}\n`);
    },
  };
}

/** Loads the landing page again in a new context (a new visitor) and reads the form's hidden inputs. */
async function hiddenOnFreshLoad(tab: Page, lead: PlannedLead): Promise<Record<string, string>> {
  const browser = tab.context().browser();
  const context = browser ? await browser.newContext() : tab.context();
  const page = await context.newPage();
  try {
    await page.goto(lead.landingUrl, { referer: lead.referrer, waitUntil: 'load' });
    const root = formRoot(page, lead.form);
    await formRendered(root, lead.form);
    const pairs = await root.locator('input[type=hidden][name]').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value]));
    return Object.fromEntries(pairs);
  } finally {
    await page.close();
    if (context !== tab.context()) await context.close();
  }
}
