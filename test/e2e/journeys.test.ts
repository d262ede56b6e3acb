/**
 * Journeys end to end: the shipped journey scenario (a LinkedIn ad first, a Google search later,
 * then the demo request, in one browser) through the real CLI and browser against the embedded
 * sandbox. On the correct stack the CRM credits the ad as original source and the search as latest;
 * on a stack whose tracking snippet loses the visitor between pages, the original-source check —
 * and only the source checks — fail. Only that one scenario runs, both stacks at once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { runCli, type CliResult } from './harness.js';

const JOURNEY = 'paid social ad, then an organic search';
const runs: Record<string, { r: CliResult; report: RunReport }> = {};

beforeAll(async () => {
  const stacks = { good: 'fixtures/stacks/default.stack.yaml', broken: 'fixtures/stacks/tracking-drops-first-touch.stack.yaml' };
  await Promise.all(Object.entries(stacks).map(async ([k, stack]) => {
    const out = mkdtempSync(path.join(tmpdir(), `lp-journey-${k}-`));
    const r = await runCli(['run', '--stack', stack, '--grep', JOURNEY, '--out', out, '--workers', '1']);
    runs[k] = { r, report: JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport };
  }));
}, 240_000);

it('credits the first touch as original source and the last as latest on the correct stack', () => {
  const { r, report } = runs.good!;
  expect(r.code, r.stdout + r.stderr).toBe(0);
  expect(report.leads).toHaveLength(1);
  const lead = report.leads[0]!;
  expect(lead.passed).toBe(true);
  const actual = Object.fromEntries(lead.checks.map((c) => [c.name, c.actual]));
  expect(actual).toMatchObject({
    'field source (hs_analytics_source)': 'PAID_SOCIAL',
    'field source_detail (hs_analytics_source_data_1)': 'linkedin',
    'field latest_source (hs_latest_source)': 'ORGANIC_SEARCH',
    // The submitting visit carried no UTMs: the hidden fields alone would have lost the ad.
    'field utm_source': null,
  });
  expect(report.flush).toMatchObject({ deleted: 1, failed: 0 });
});

it('fails the original-source check where the tracking drops the first touch', () => {
  const { r, report } = runs.broken!;
  expect(r.code).toBe(1);
  const lead = report.leads[0]!;
  const failed = lead.checks.filter((c) => !c.passed);
  expect(failed.map((c) => c.name).sort()).toEqual(['field source (hs_analytics_source)', 'field source_detail (hs_analytics_source_data_1)']);
  expect(failed.find((c) => c.name === 'field source (hs_analytics_source)')?.actual).toBe('ORGANIC_SEARCH');
  // The latest touch is still right: only the memory of the first visit is lost.
  expect(lead.checks.find((c) => c.name === 'field latest_source (hs_latest_source)')?.passed).toBe(true);
  expect(r.stdout).toContain('source (hs_analytics_source) is "ORGANIC_SEARCH"; expected "PAID_SOCIAL"');
  expect(report.flush).toMatchObject({ deleted: 1, failed: 0 });
});
