/**
 * Issue 11 item 4 through the real CLI: a volume run against a stack whose SMB rotation skips
 * a member the scenario's pool names (Priya was taken out of the CRM's rotation, not out of the
 * test). The one run is read for the fairness flag, the per-branch figures, the progress line
 * with its ETA, the console's volume lines and the report page's volume section.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { DEMO_CONFIG, ROOT, runCli, scenarioDir, type CliResult } from './harness.js';

const LEADS = 20;
let r: CliResult;
let report: RunReport;
let out: string;

beforeAll(async () => {
  const dir = scenarioDir({
    'leadproof.config.yaml': DEMO_CONFIG,
    'smb.scenario.yaml': [
      'name: SMB demo request',
      'form: demo-request',
      'branch: SMB round-robin',
      'lead: { country: US, employees: 20 }',
      `volume: ${LEADS}`,
      'expect:',
      '  owner: { oneOf: [priya.nair@acme-funnel.example, liam.obrien@acme-funnel.example, emma.wilson@acme-funnel.example] }',
      '  within: 30s',
    ].join('\n'),
  });
  const stack = readFileSync(path.join(ROOT, 'fixtures/stacks/default.stack.yaml'), 'utf8')
    .replace('pool: [priya.nair@acme-funnel.example, liam.obrien@acme-funnel.example, emma.wilson@acme-funnel.example]', 'pool: [liam.obrien@acme-funnel.example, emma.wilson@acme-funnel.example]');
  expect(stack).toContain('pool: [liam.obrien@acme-funnel.example, emma.wilson@acme-funnel.example]');
  writeFileSync(path.join(dir, 'skipped-member.stack.yaml'), stack);
  out = path.join(dir, 'out');
  r = await runCli(['run', '--scenarios', dir, '--stack', path.join(dir, 'skipped-member.stack.yaml'), '--volume', '--workers', '2', '--out', out, '--seed', '3']);
  report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
}, 420_000);

it('flags the skipped member: missed (the run fails) and unfair by chi-square', () => {
  expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(1);
  const [pool] = report.pools!;
  expect(pool).toMatchObject({ status: 'missed', leads: LEADS, perMember: { 'priya.nair@acme-funnel.example': 0, 'liam.obrien@acme-funnel.example': 10, 'emma.wilson@acme-funnel.example': 10 } });
  expect(pool!.fairness).toMatchObject({ verdict: 'unfair', chiSquare: 10, df: 2 });
  expect(pool!.fairness!.pValue).toBeLessThan(0.01);
  expect(report.summary.verdict).toBe('FAILED');
  expect(r.stdout).toMatch(/! round-robin SMB round-robin: priya\.nair@acme-funnel\.example 0, liam\.obrien@acme-funnel\.example 10, emma\.wilson@acme-funnel\.example 10 — χ² 10\.00, df 2, p 0\.0067: unfair/);
});

it('reports time to owner per branch and submissions against the intake budget', () => {
  const [smb] = report.volume!.branches;
  expect(smb).toMatchObject({ branch: 'SMB round-robin', leads: LEADS, withOwner: LEADS, slaBreaches: 0, slaMs: 30_000 });
  expect(smb!.p50Ms).toBeGreaterThan(0);
  expect(smb!.p50Ms!).toBeLessThanOrEqual(smb!.p95Ms!);
  expect(smb!.p95Ms!).toBeLessThanOrEqual(smb!.maxMs!);
  expect(smb!.histogram.counts.reduce((a, b) => a + b)).toBe(LEADS);
  // The sandbox's HubSpot forms endpoint: leadproof's default budget below its 50 per 10 s.
  expect(report.figures.intakeBudget).toEqual({ max: 40, intervalMs: 10_000 });
  expect(report.volume!.rate).toMatchObject({ submissions: LEADS, budgetPerS: 4 });
  expect(report.volume!.rate.peakPerWindow).toBeLessThanOrEqual(40);
  expect(r.stdout).toMatch(/✓ SMB round-robin: 20 lead\(s\), time to owner p50 [\d.]+ s \/ p95 [\d.]+ s \/ max [\d.]+ s, 0 over the 30 s SLA/);
  expect(r.stdout).toMatch(/submissions: 20 at [\d.]+\/s, budget 4\.00\/s/);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  expect(html).toContain('<h2 id="volume">Volume</h2>');
  expect(html).toContain('<td class="bad">unfair</td>');
});

it('prints the progress line with done / in flight / remaining and an ETA, not one line per passing lead', () => {
  expect(r.stdout).toMatch(/\[browser\] submitted 20\/20, 0 in flight, 0 to go, [\d.]+\/s, ETA 0 s/);
  // Every lead went to a member of the pool it names: each passes on its own; only the run fails.
  expect(r.stdout).toMatch(/\[verdict\] decided 20\/20, 0 in flight, 0 to go/);
  expect(r.stdout).not.toContain('[browser] → submitted');
  // Lean evidence in a volume run: every lead's payload, no screenshot of a passing one.
  expect(report.leads.every((l) => l.evidence.some((e) => e.kind === 'payload') && !l.evidence.some((e) => e.kind === 'screenshot'))).toBe(true);
});
