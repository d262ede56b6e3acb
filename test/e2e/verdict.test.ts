/**
 * The three-state verdict through the real CLI on the embedded sandbox: a run whose one lead
 * passes but leaves most of the definition of done unexercised is INCOMPLETE (exit 0, or 1 with
 * --require-complete), never PASSED; a wrong owner is grouped by cause and its lead line says what
 * routing decided on.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import { DEMO_CONFIG, runCli, scenarioDir } from './harness.js';

const passing = `
name: NA enterprise demo request
form: demo-request
channel: paid-search
branch: NA × enterprise
utm: { source: google, medium: cpc, campaign: verdict }
lead: { country: US, employees: 2000 }
expect:
  owner: { email: jake.miller@acme-funnel.example }
  within: 20s
`;

const wrongTeam = `
scenarios:
  - name: US enterprise expected in EMEA (planted mistake) one
    form: demo-request
    branch: NA × enterprise
    lead: { country: US, employees: 2000 }
    expect: { owner: { team: EMEA Enterprise }, within: 8s }
  - name: US enterprise expected in EMEA (planted mistake) two
    form: demo-request
    branch: NA × enterprise
    lead: { country: US, employees: 2000 }
    expect: { owner: { team: EMEA Enterprise }, within: 8s }
`;

// The CRM's SMB rotation has three members; this pool names a fourth (Tom Reed) the rotation
// never includes. Every lead passes its own owner check: only the run as a whole can tell.
const pool = `
name: SMB demo request rotates through the pool
form: demo-request
branch: SMB round-robin
edge: [round-robin]
volume: 4
lead: { country: US, employees: 12 }
expect:
  owner: { oneOf: [priya.nair@acme-funnel.example, liam.obrien@acme-funnel.example, emma.wilson@acme-funnel.example, tom.reed@acme-funnel.example] }
  within: 20s
`;

const report = (out: string) => JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
const outDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'lp-verdict-')), 'run');

describe('three-state verdict', () => {
  const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': passing });

  it('a passing run that leaves checklist items unexercised is INCOMPLETE and exits 0', async () => {
    const out = outDir();
    const r = await runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1', '--seed', '3']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^INCOMPLETE: 1 of 1 leads passed every check, 0 failed; .* not covered by any lead/m);
    expect(r.stdout).not.toMatch(/^PASSED/m);
    expect(r.stdout).toMatch(/not covered: Duplicate detection tested — no lead exercised the duplicate edge case/);
    const rep = report(out);
    expect(rep.summary.verdict).toBe('INCOMPLETE');
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<property name="verdict" value="INCOMPLETE"/>');
    const att = JSON.parse(readFileSync(path.join(out, 'attestation.dsse.json'), 'utf8')) as { payload: string };
    const predicate = JSON.parse(Buffer.from(att.payload, 'base64').toString('utf8')).predicate;
    expect(predicate.result).toBe('WARNED');
    expect(predicate.leadproof.checklist.find((i: { id: string }) => i.id === 'duplicates')).toMatchObject({ status: 'not-covered', done: false });
  }, 180_000);

  it('--require-complete makes the same INCOMPLETE run exit 1', async () => {
    const out = outDir();
    const r = await runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1', '--seed', '3', '--require-complete']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^INCOMPLETE: .*\(--require-complete: exit 1\)/m);
    expect(report(out).summary.verdict).toBe('INCOMPLETE');
  }, 180_000);

  it('a wrong owner is FAILED, grouped by cause once, and its lead line names form, country and size', async () => {
    const wrong = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'w.scenario.yaml': wrongTeam });
    const out = outDir();
    const r = await runCli(['run', '--scenarios', wrong, '--out', out, '--workers', '1', '--seed', '3']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/Failures by cause:\n {2}✗ NA × enterprise routes to team NA Enterprise; expected team EMEA Enterprise — 2 leads\n/);
    expect(r.stdout).toContain('✗ US enterprise expected in EMEA (planted mistake) one  [NA × enterprise]  (form demo-request, US, 2000 employees)');
    expect(r.stdout).toMatch(/^FAILED: 0 of 2 leads passed/m);
    const rep = report(out);
    expect(rep.summary.verdict).toBe('FAILED');
    expect(rep.failureGroups?.[0]).toMatchObject({ kind: 'owner', count: 2, branch: 'NA × enterprise' });
    expect(rep.leads[0]).toMatchObject({ form: 'demo-request', country: 'US', employees: 2000 });
  }, 180_000);

  it('a round-robin member that received none of a volume run\'s leads fails the run, naming the member', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'p.scenario.yaml': pool });
    const out = outDir();
    const r = await runCli(['run', '--scenarios', dir, '--out', out, '--workers', '1', '--seed', '3', '--volume']);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const rep = report(out);
    expect(rep.summary).toMatchObject({ total: 4, passed: 4, failed: 0, verdict: 'FAILED' });
    expect(rep.pools).toHaveLength(1);
    expect(rep.pools![0]).toMatchObject({ status: 'missed', leads: 4, outside: 0 });
    expect(rep.pools![0]!.missing).toContain('tom.reed@acme-funnel.example');
    expect(rep.pools![0]!.perMember['tom.reed@acme-funnel.example']).toBe(0);
    expect(r.stdout).toMatch(/Failures by cause:\n {2}✗ SMB round-robin pool: .*tom\.reed@acme-funnel\.example.* received none of 4 leads/);
    expect(r.stdout).toMatch(/^FAILED: 4 of 4 leads passed every check, 0 failed; .*a round-robin member received no lead/m);
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="round-robin pools" tests="1" failures="1"/);
  }, 180_000);
});
