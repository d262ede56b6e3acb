/**
 * The replay bench's browser captures, in a child process (`node --import tsx bench/capture-child.ts`):
 * as in a real run, where the browser phase is the Playwright runner's processes, Chromium and
 * playwright-core stay out of the harness process whose RSS the bench reports. Reads
 * `{ outDir, leads }` (JSON) on stdin; prints one JSON line per lead: `{ key, at, ok, error? }`.
 * The parent writes each lead's ledger intent (durable) and takes its intake slot before this runs.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { findChromium } from '../src/forms/browser.js';
import { watchForCapture } from '../src/forms/capture.js';
import { evidenceDir } from '../src/forms/evidence.js';
import { fillForm, formRoot, submitButton } from '../src/forms/fill.js';
import type { PlannedLead } from '../src/scenario/plan.js';

let input = '';
for await (const c of process.stdin) input += c;
const { outDir, leads } = JSON.parse(input) as { outDir: string; leads: PlannedLead[] };
const choice = findChromium();
const browser = await chromium.launch({ executablePath: choice.executablePath, args: choice.args });
try {
  for (const lead of leads) {
    const dir = evidenceDir(outDir, lead.key);
    mkdirSync(dir, { recursive: true });
    const context = await browser.newContext();
    const page = await context.newPage();
    const capture = watchForCapture(page as never, lead, dir);
    await page.goto(lead.landingUrl, { waitUntil: 'load' });
    const root = formRoot(page as never, lead.form);
    await fillForm(root, lead.form, lead.lead);
    const sent = page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes(lead.lead.email));
    await submitButton(root, lead.form).click();
    const req = await sent;
    const at = Date.now();
    const res = await req.response();
    await capture.finish(req as never);
    const status = res?.status() ?? 0;
    process.stdout.write(`${JSON.stringify({ key: lead.key, at, ok: status > 0 && status < 400, error: status >= 400 || status === 0 ? `status ${status}` : undefined })}\n`);
    await context.close();
  }
} finally {
  await browser.close();
}
