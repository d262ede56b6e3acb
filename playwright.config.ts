/**
 * Playwright Test runs the browser side of every leadproof run (each lead is a test case in its
 * report). `npx leadproof run` drives it: it writes the run plan and passes LEADPROOF_PLAN.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { findChromium } from './src/forms/browser.js';
import { extraReporters, reportersFromEnv } from './src/forms/extra-reporters.js';

const planFile = process.env.LEADPROOF_PLAN;
const plan = planFile ? (JSON.parse(readFileSync(planFile, 'utf8')) as { outDir: string; evidence?: 'full' | 'lean'; browserPass?: number }) : null;
// A second browser pass (replay's fallback for branches it refused) gets folders of its own:
// Playwright empties test-results/ and playwright-report/ when it starts.
const outDir = plan ? ((plan.browserPass ?? 1) > 1 ? path.join(plan.outDir, `browser-pass-${plan.browserPass}`) : plan.outDir) : path.resolve('reports/playwright');
const browser = findChromium();

export default defineConfig({
  testDir: './src/forms',
  testMatch: /leads\.spec\.ts$/,
  outputDir: path.join(outDir, 'test-results'),
  fullyParallel: true,
  // A retried submission would create a second lead in the CRM; a failed form is a finding, not flake.
  retries: 0,
  workers: process.env.LEADPROOF_WORKERS ? Number(process.env.LEADPROOF_WORKERS) : 2,
  reporter: [
    ['./src/forms/progress-reporter.ts'],
    ['html', { outputFolder: path.join(outDir, 'playwright-report'), open: 'never' }],
    // `leadproof run --reporter <name>`: added to these, never in their place.
    ...extraReporters(reportersFromEnv(process.env), outDir),
  ],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: browser.executablePath, args: browser.args },
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
    // 'only-on-failure' is not free: Playwright screenshots every page before its context closes
    // and keeps the picture only if the test failed (playwright/lib/index.js, ArtifactsRecorder.
    // willCloseBrowserContext → captureTemporary), so every lead paid for a PNG. Lean evidence
    // (volume runs) relies on the spec's own screenshot of a failed submission instead.
    screenshot: plan?.evidence === 'lean' ? 'off' : 'only-on-failure',
    // Recording a trace costs every lead about as much CPU as two screenshots, pass or fail; lean
    // evidence (volume runs) keeps the payload and a failure screenshot instead (README: Volume runs).
    trace: plan?.evidence === 'lean' ? 'off' : 'retain-on-failure', // `leadproof run --trace on|off` overrides it
  },
});
