/**
 * The Playwright side of a run. Every synthetic lead is two test cases in Playwright's report:
 * `submit ›` opens the landing page and submits the real form (a browser test), `verify ›`
 * collects the lead's verdict from the run's tracer (no browser). All submit cases come first in
 * the file, so workers hand every lead over before any of them waits for a verdict, and a
 * worker never sits idle on CRM latency while forms are still to be filled.
 *
 * Run it through `npx leadproof run`, which writes the plan and starts the broker.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type Request } from '@playwright/test';
import { settleMs } from '../expect/settle.js';
import { journeyWaitMs } from '../journey/index.js';
import { walkJourney } from '../journey/walk.js';
import type { RunPlan } from '../scenario/plan.js';
import type { LeadVerdict } from '../trace/tracer.js';
import { fillForm, formRoot, submitButton } from './fill.js';
import { evidenceDir, FILLED_FORM_SCREENSHOT } from './evidence.js';
import { leadAnnotations, leadTitle, verdictError } from './lead-case.js';
import { watchForCapture } from './capture.js';
import { brokerCall } from './broker-client.js';

const planFile = process.env.LEADPROOF_PLAN;
const plan: RunPlan | null = planFile ? (JSON.parse(readFileSync(planFile, 'utf8')) as RunPlan) : null;

test.describe.configure({ mode: 'parallel' });

if (!plan) {
  test('leadproof plan', () => {
    throw new Error('This spec is driven by `npx leadproof run`, which writes the run plan (LEADPROOF_PLAN) and starts the tracer.');
  });
} else {
  const full = (plan.evidence ?? 'full') === 'full';
  const call = brokerCall(plan.brokerUrl);
  // The form's own request carries the lead's email (JSON or form-encoded); analytics beacons
  // and other POSTs the page makes do not.
  const isSubmission = (r: Request, email: string) =>
    r.method() === 'POST' && r.resourceType() !== 'beacon' && [email, encodeURIComponent(email)].some((e) => (r.postData() ?? '').includes(e));

  for (const lead of plan.leads) {
    test(`submit › ${leadTitle(lead)}`, { annotation: leadAnnotations(lead) }, async ({ page }, testInfo) => {
      testInfo.setTimeout(60_000 * lead.submissions + journeyWaitMs(lead.touches) + 30_000 * (lead.touches?.length ?? 0));
      const dir = evidenceDir(plan.outDir, lead.key);
      mkdirSync(dir, { recursive: true });
      const payloads: unknown[] = [];
      let tab = page;
      for (let attempt = 1; attempt <= lead.submissions; attempt++) {
        // Ledger first: the intent is on disk before the click (awaited below), so if anything
        // after the click crashes, flush can still find the record. The fsync runs while the page
        // loads and its first step is filled, which create no record. A multi-step form's Next
        // may (HubSpot keeps a partial submission), so such a form waits for it before filling.
        const intent = call('/intent', lead.key, {});
        intent.catch(() => undefined); // awaited before the click; a failure is reported there
        // A repeat submission opens a new tab in the same browser context (same visitor cookie):
        // a form that navigates on submit (Web-to-Lead's redirect to retURL) may still be
        // navigating the previous tab, and a goto there would be interrupted.
        if (attempt > 1) tab = await page.context().newPage();
        // --replay: this lead's request becomes its branch's template (src/replay/).
        const capture = attempt === 1 && plan.capture?.includes(lead.key) ? watchForCapture(tab, lead, dir) : null;
        // A 4xx from the form endpoint is a final answer: no record can come of this attempt.
        let refusedStatus: number | undefined;
        try {
          // A journey's earlier touches come first, in this tab, so the visitor cookie is the same.
          if (attempt === 1) await walkJourney(tab, lead.touches);
          await tab.goto(lead.landingUrl, { referer: lead.referrer, waitUntil: 'load' });
          const root = formRoot(tab, lead.form);
          if (lead.form.fields.some((f) => f.step > 1)) await intent;
          await fillForm(root, lead.form, lead.lead);
          // Before the intake slot is taken, so the screenshot does not eat into the form's pace.
          // Full page: the form may sit below the fold (on a multi-step form, its last step shows).
          // Evidence only: a page too tall to capture must not keep the lead from being submitted.
          // Lean evidence (volume runs) skips it: payload.json holds every field that was posted.
          if (full) await tab.screenshot({ path: path.join(dir, FILLED_FORM_SCREENSHOT), fullPage: true }).catch(() => undefined);
          // One slot of the run's shared intake budget per click; the wait does not count against
          // the test's timeout (Playwright measures it from the test's start).
          await intent;
          const timeout = testInfo.timeout;
          testInfo.setTimeout(0);
          const { waitedMs } = (await call('/intake', lead.key, {})) as { waitedMs: number };
          testInfo.setTimeout(timeout + waitedMs);
          const sent = tab.waitForRequest((r: Request) => isSubmission(r, lead.lead.email), { timeout: 15_000 });
          await submitButton(root, lead.form).click();
          const req = await sent;
          const at = Date.now();
          const res = await req.response();
          const status = res?.status() ?? 0;
          const text = res ? await res.text().catch(() => '') : '';
          payloads.push({ attempt, url: req.url(), method: req.method(), postData: req.postData(), status, response: text.slice(0, 2000) });
          if (status >= 400) {
            if (status < 500) refusedStatus = status;
            throw new Error(`the form endpoint answered ${status}: ${text.slice(0, 300)}`);
          }
          await capture?.finish(req);
          await call('/submitted', lead.key, { key: lead.key, attempt, ok: true, at });
          // A form that navigates on submit (Web-to-Lead) must land before the next attempt or the
          // screenshot; the last attempt of a lean lead has neither.
          if (full || attempt < lead.submissions) await tab.waitForLoadState('load').catch(() => undefined);
        } catch (err) {
          // An attempt whose intent failed was never sent: the ledger's failure is the error.
          const intentError = await intent.then(() => null, (e: unknown) => e);
          if (intentError) throw intentError;
          const message = (err as Error).message.split('\n')[0];
          await call('/submitted', lead.key, { key: lead.key, attempt, ok: false, at: Date.now(), error: message, refused: refusedStatus });
          await tab.screenshot({ path: path.join(dir, 'screenshot.png'), fullPage: true }).catch(() => undefined);
          throw err;
        } finally {
          writeFileSync(path.join(dir, 'payload.json'), `${JSON.stringify(payloads, null, 2)}\n`);
        }
      }
      if (!full) return;
      await tab.waitForLoadState('load').catch(() => undefined);
      await tab.screenshot({ path: path.join(dir, 'screenshot.png'), fullPage: true });
    });
  }

  for (const lead of plan.leads) {
    test(`verify › ${leadTitle(lead)}`, { annotation: leadAnnotations(lead) }, async ({}, testInfo) => {
      testInfo.setTimeout(lead.submissions * 60_000 + journeyWaitMs(lead.touches) + lead.withinMs * 2 + settleMs(lead.scenario) + 120_000);
      const v = (await call('/verdict', lead.key)) as LeadVerdict;
      await testInfo.attach('verdict.json', { body: JSON.stringify(v, null, 2), contentType: 'application/json' });
      // The failed checks are the error, without a stack pointing into this file.
      const failed = verdictError(lead.lead.email, v.checks);
      if (failed) throw failed;
    });
  }
}
