/**
 * The sign-off policy and attestations through the real CLI, on one cheap sandbox run (one lead):
 * marketing ops alone fails `verify --policy`; with sales ops too it passes; the builder's key is
 * refused; one key cannot sign under two roles; an unknown attest item is exit 2 listing the ids;
 * an attestation shows in verify with its link; a stale approval fails only --policy-strict.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, ROOT, runCli, scenarioDir } from './harness.js';

const scenario = `
name: NA enterprise demo request
form: demo-request
channel: paid-search
branch: NA × enterprise
utm: { source: google, medium: cpc, campaign: sign-off-policy }
lead: { country: US, employees: 2000 }
expect:
  owner: { email: jake.miller@acme-funnel.example }
  within: 20s
`;

const tmp = mkdtempSync(path.join(tmpdir(), 'lp-policy-'));
const key = (who: string, ext: 'key' | 'pub') => path.join(tmp, who, `leadproof.${ext}`);
const run = path.join(tmp, 'run');
const cli = async (...args: string[]) => {
  const r = await runCli(args);
  return { code: r.code, out: r.stdout + r.stderr };
};

beforeAll(async () => {
  for (const who of ['builder', 'mops', 'sops']) expect((await cli('keygen', '--out', path.join(tmp, who))).code).toBe(0);
  const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'a.scenario.yaml': scenario });
  const r = await cli('run', '--scenarios', dir, '--out', run, '--workers', '1', '--seed', '3', '--signing-key', key('builder', 'key'));
  expect(r.code, r.out).toBe(0);
}, 240_000);

describe('sign-off policy through the CLI', () => {
  it('report.json carries the four parts', () => {
    const report = JSON.parse(readFileSync(path.join(run, 'report.json'), 'utf8')) as { checklist: { id: string; part: string; status: string }[] };
    expect(new Set(report.checklist.map((i) => i.part))).toEqual(new Set(['crm-build-out', 'campaign-tracking', 'lead-routing', 'attribution']));
    expect(report.checklist.find((i) => i.id === 'sla-documented')).toMatchObject({ status: 'not-covered' });
    expect(readFileSync(path.join(run, 'report.html'), 'utf8')).toContain('data-part="attribution"');
  });

  it('attest: an unknown item is exit 2 naming the valid ids; a good one shows in verify with its link', async () => {
    const bad = await cli('attest', run, '--item', 'sla-doc', '--statement', 'x', '--link', 'https://wiki.example/sla', '--key', key('sops', 'key'), '--name', 'Sam', '--role', 'Sales Ops');
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/"sla-doc" is not a checklist item; valid ids: .*sla-documented/);
    expect(bad.out).not.toMatch(/\n\s+at /); // no stack trace
    const ok = await cli('attest', run, '--item', 'sla-documented', '--statement', 'Handoff SLA documented and sent to SDRs', '--link', 'https://wiki.example/sla', '--key', key('sops', 'key'), '--name', 'Sam', '--role', 'Sales Ops');
    expect(ok.code, ok.out).toBe(0);
    const v = await cli('verify', run, '--key', key('builder', 'pub'));
    expect(v.code, v.out).toBe(0);
    expect(v.out).toMatch(/✍ Sales handoff SLA documented and communicated — attested by Sam \(Sales Ops\) .*https:\/\/wiki\.example\/sla/);
  });

  it('marketing ops alone fails verify --policy; the builder and a second role for one key are refused; with sales ops it passes', async () => {
    const builder = await cli('sign-off', run, '--key', key('builder', 'key'), '--name', 'Bo', '--role', 'sales-ops');
    expect(builder.code).toBe(1);
    expect(builder.out).toMatch(/Refused: key \w{8} signed this run/);
    const freeText = await cli('sign-off', run, '--key', key('mops', 'key'), '--name', 'Maya', '--role', 'Marketing Ops');
    expect(freeText.code).toBe(2);
    expect(freeText.out).toMatch(/use one of: marketing-ops, sales-ops, revops, revenue-leader/);

    const mops = await cli('sign-off', run, '--key', key('mops', 'key'), '--name', 'Maya', '--role', 'marketing-ops', '--title', 'Head of Marketing Ops', '--parts', 'crm-build-out');
    expect(mops.code, mops.out).toBe(0);
    const alone = await cli('verify', run, '--key', key('builder', 'pub'), '--policy');
    expect(alone.code).toBe(1);
    expect(alone.out).toMatch(/✗ crm-build-out \(requires marketing-ops \+ sales-ops\) — signed by marketing-ops: Maya .* — owed: sales-ops/);
    expect(alone.out).toMatch(/The sign-off policy is not met: still owed — crm-build-out: sales-ops/);

    const twice = await cli('sign-off', run, '--key', key('mops', 'key'), '--name', 'Maya', '--role', 'sales-ops');
    expect(twice.code).toBe(1);
    expect(twice.out).toMatch(/already signed off this run as marketing-ops/);

    const sops = await cli('sign-off', run, '--key', key('sops', 'key'), '--name', 'Sam', '--role', 'sales-ops', '--builder-key', key('builder', 'pub'));
    expect(sops.code, sops.out).toBe(0);
    const both = await cli('verify', run, '--key', key('builder', 'pub'), '--policy');
    expect(both.code, both.out).toBe(0);
    expect(both.out).toMatch(/✓ crm-build-out .* signed by marketing-ops: Maya .*; sales-ops: Sam/);
    expect(both.out).toMatch(/- attribution \(requires revenue-leader\) — not signed, not checked: revenue-leader/);
    expect(both.out).toMatch(/✓ Signed off by marketing ops and sales ops — signed off under leadproof\/definition-of-done\/v1/);
    expect(both.out).toContain('Sign-off policy MET');
    expect(both.out).toMatch(/Still owed:\n  - sign-off of campaign-tracking by marketing-ops \(not required by the policy for this run yet\)/);
    expect(both.out).toMatch(/  - attestation of reporting-view \(Reporting view pulls from the right source\)/);
    expect(both.out).not.toMatch(/  - attestation of sla-documented/); // attested above
    // Every part checked: attribution, campaign tracking and lead routing are still owed.
    const all = await cli('verify', run, '--key', key('builder', 'pub'), '--policy', '--parts', 'all');
    expect(all.code).toBe(1);
    expect(all.out).toMatch(/still owed — .*lead-routing: revops; attribution: revenue-leader/);
  });

  it('a stale approval is reported, and fails only --policy-strict (a policy whose cadence is 0m: every approval is stale)', async () => {
    const policy = path.join(tmp, 'policy.yaml');
    writeFileSync(policy, readFileSync(path.join(ROOT, 'src/policy/default-policy.yaml'), 'utf8').replace('reviewCadence: 30d', 'reviewCadence: 0m'));
    const lax = await cli('verify', run, '--key', key('builder', 'pub'), '--policy', policy);
    expect(lax.code, lax.out).toBe(0);
    expect(lax.out).toMatch(/! stale: marketing-ops Maya approved .*, older than 0m/);
    const strict = await cli('verify', run, '--key', key('builder', 'pub'), '--policy', policy, '--policy-strict');
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/stale approval\(s\) \(--policy-strict\)/);
  });

  it('sign-offs.html shows who signed what and what is owed, while report.html keeps the builder\'s signature', async () => {
    // attest and the two sign-offs above each rebuilt the page; report.html is untouched (verify checks its sha256).
    const page = readFileSync(path.join(run, 'sign-offs.html'), 'utf8');
    expect(page).toMatch(/<tr data-attested="sla-documented"><td>Sam<\/td><td>Sales Ops<\/td><td>Sales handoff SLA documented and communicated <span class="meta">\(CRM build-out\)<\/span><\/td><td>\d+ \w{3} \d{4}, /);
    expect(page).toContain('https://wiki.example/sla');
    expect(page).toMatch(/<tr data-approval="marketing-ops"><td>Maya<\/td><td>marketing-ops <span class="meta">Head of Marketing Ops<\/span><\/td><td>CRM build-out<\/td><td>\d+ \w{3} \d{4}, /);
    expect(page).toMatch(/<tr data-approval="sales-ops"><td>Sam<\/td><td>sales-ops<\/td><td>CRM build-out<\/td>.*<span class="ok">counted<\/span>/);
    expect(page).toMatch(/<tr data-part="crm-build-out" data-owed="">/);
    expect(page).toMatch(/<tr data-part="attribution" data-owed="revenue-leader">/);
    expect(page).toContain('attestation of review-cadence (Review cadence agreed)');
    expect(readFileSync(path.join(run, 'report.html'), 'utf8')).toContain('<a href="sign-offs.html">');
    const v = await cli('verify', run, '--key', key('builder', 'pub'));
    expect(v.code, v.out).toBe(0);
  });
});
