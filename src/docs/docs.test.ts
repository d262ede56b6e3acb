import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import type { LeadResult, RunReport } from '../report/model.js';
import { renderRoutingMarkdown } from './markdown.js';
import { buildRoutingDoc } from './model.js';
import { writeRoutingDoc } from './write.js';
import { writeFixtureRun } from '../history/test-fixture.js';

function lead(key: string, branch: string, passed: boolean, extra: Partial<LeadResult> = {}): LeadResult {
  return {
    key, scenario: `${branch} scenario`, scenarioFile: 's.yaml', branch, email: `${key}@leadproof.test`, recordId: '1', recordIds: ['1'], passed, checks: [],
    timings: { submittedAt: null, foundAt: null, ownerAssignedAt: null, timeToOwnerMs: null, slaMs: 45_000, decidedAt: null },
    landingUrl: 'http://x/demo', owner: { expected: 'team EMEA Enterprise', actual: 'Anna Schmidt' }, evidence: [], form: 'demo-request', country: 'FR', ...extra,
  };
}

function report(runId: string, startedAt: string, leads: LeadResult[], extra: Partial<RunReport> = {}): RunReport {
  return {
    schemaVersion: 1, tool: { name: 'leadproof', version: 't' }, runId, crm: { kind: 'hubspot', account: 'HubSpot portal 1', sandbox: false }, startedAt, finishedAt: startedAt,
    seed: 1, testDomain: 'leadproof.test', scenarios: [], summary: { total: leads.length, passed: 0, failed: 0, durationMs: 1, verdict: 'FAILED' }, leads,
    flush: { deleted: 0, failed: 0, refused: 0, skipped: true, details: [] }, figures: { apiCalls: 0, submissions: 0, wallTimeMs: 0 }, ...extra,
  };
}

describe('routing document', () => {
  it('says when the token could not list the rules, and names the deciding workflow by id only', () => {
    const r = report('run-2', '2026-12-02T10:00:00Z', [lead('a#0', 'EMEA × enterprise', true)], {
      routingCoverage: { status: 'missing-scope', message: 'HubSpot refused the workflows list (403 MISSING_SCOPES)', acted: [], unreached: [], decidedBy: { 'a#0': { id: '51200102', name: null } } },
    });
    const md = renderRoutingMarkdown(buildRoutingDoc(r, new Map(), []));
    expect(md).toContain('- **Rule that decided:** `51200102` — names unknown: the token may not list the rules');
    expect(md).toContain('Unknown: HubSpot refused the workflows list (403 MISSING_SCOPES).');
    // Without the scenario file, only what the report holds is stated: no faker-filled country as a condition.
    expect(md).toContain('- EMEA × enterprise scenario: form `demo-request`; (scenario file not found: lead attributes unknown)');
    expect(md).not.toContain('country FR');
  });

  it('names the earlier run that last proved a branch this run failed', () => {
    const older = report('run-1', '2026-12-01T09:00:00Z', [lead('a#0', 'EMEA × enterprise', true)]);
    const other = report('run-0', '2026-12-01T10:00:00Z', [lead('a#0', 'EMEA × enterprise', true)], { crm: { kind: 'hubspot', account: 'HubSpot portal 2', sandbox: false } });
    const now = report('run-2', '2026-12-02T10:00:00Z', [lead('a#0', 'EMEA × enterprise', false)]);
    const doc = buildRoutingDoc(now, new Map(), [older, other, now]);
    expect(doc.branches[0]).toMatchObject({ proved: { runId: 'run-1' }, failedIn: { runId: 'run-2' }, fallback: 'not proved by this run (no scenario is tagged `fallback-owner`)' });
    expect(renderRoutingMarkdown(doc)).toContain('- **Last proved:** run `run-1`, 2026-12-01 09:00 UTC — failed in run `run-2` (2026-12-02 10:00 UTC)');
  });

  it('refuses a --run folder without a report (exit 2, names the flag)', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-docs-'));
    const err = await writeRoutingDoc({ run: empty, reports: empty }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as ConfigError).message).toContain(`${empty}: --run: holds no report.json; pass the folder of a finished run`);
  });

  it('refuses a reports folder with no run, saying what to do', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lp-docs-'));
    await expect(writeRoutingDoc({ reports: empty })).rejects.toThrow(/holds no finished run; run `npx leadproof run` first, or pass --run/);
  });

  it('refuses a --scenarios folder that does not exist, and by default writes beside the runs, never into the signed run folder', async () => {
    const reports = mkdtempSync(join(tmpdir(), 'lp-docs-'));
    await writeFixtureRun(join(reports, 'r1'), { runId: 'r1', startedAt: '2026-12-01T09:00:00.000Z' });
    const err = await writeRoutingDoc({ reports, scenarios: join(reports, 'nope') }).catch((e: unknown) => e);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as ConfigError).message).toContain('--scenarios: does not exist');
    const { file } = await writeRoutingDoc({ reports });
    expect(file).toBe(join(reports, 'routing.md'));
    expect(existsSync(join(reports, 'r1', 'routing.md'))).toBe(false);
  });
});
