/**
 * Issue 9 item 6 and the failed-lead screenshot of item 10, through the real CLI against the
 * sandbox: preflight looks at each form in the browser before any lead is created, labels match
 * as people read them (asterisks), a country list takes the scenario's ISO code, and a failed
 * lead's evidence holds the filled form as it was just before submit.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/report/model.js';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox } from './harness.js';

// The sandbox's HubSpot-embed variant of the demo form: labels carry <span class="hs-form-required">*</span>,
// the country list posts names ("Germany"), and the form is drawn by script after load.
const EMBED_CONFIG = `
forms:
  demo-embed:
    url: /request-demo
    fields:
      firstName: First name
      lastName: Last name
      email: Business email
      company: Company name
      country: Country
      employees: Number of employees
    submit: Request a demo
`;

const scenario = (name: string, form: string, lead: string, team: string, extra = '') => `
name: ${name}
form: ${form}
lead: ${lead}
expect:
  owner: { team: ${team} }
  within: 20s${extra}
`;

let sb: SandboxHandle;
let before: number;
beforeAll(async () => {
  sb = await withSandbox();
  before = (await allContacts(sb)).length;
});
afterAll(() => sb.stop());

async function expectNothingCreated(): Promise<void> {
  const rows = await allContacts(sb);
  expect(rows).toHaveLength(before);
  expect(testContacts(rows, sb.testDomain)).toEqual([]);
}

describe('form fields in preflight', () => {
  it('a lead attribute the form has no field for is exit 2 naming scenario, attribute, form and fix; nothing created', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': EMBED_CONFIG,
      'existing.scenario.yaml': scenario('Existing customer by website', 'demo-embed', '{ country: DE, employees: 2500, website: globex.example }', 'EMEA Enterprise'),
    });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('existing.scenario.yaml: lead.website: scenario "Existing customer by website" sets website, but form "demo-embed" has no field for website');
    expect(r.stderr).toMatch(/Add website to forms\.demo-embed\.fields in .*leadproof\.config\.yaml/);
    expect(r.stdout).not.toContain('[browser]');
    await expectNothingCreated();
  });

  it('a label that is not on the form is exit 2 before any lead, naming the config field and the labels the page shows', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': DEMO_CONFIG.replace('employees: Number of employees', 'employees: Company size'),
      'emea.scenario.yaml': scenario('EMEA enterprise demo', 'demo-request', '{ country: DE, employees: 2500 }', 'EMEA Enterprise'),
    });
    for (const command of ['preflight', 'run']) {
      const r = await runCli([command, '--scenarios', dir], { env: hubspotEnv(sb) });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(/leadproof\.config\.yaml: forms\.demo-request\.fields\.employees: label "Company size" is not on http:\/\/127\.0\.0\.1:\d+\/demo\. Labels on the page: .*"Number of employees"/);
      expect(r.stdout).not.toContain('[browser]');
    }
    await expectNothingCreated();
  });

  it('a form drawn later than its renderWait is exit 2 saying how long preflight waited and what to raise', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': EMBED_CONFIG.replace('    submit: Request a demo', '    submit: Request a demo\n    renderWait: 300ms'),
      'emea.scenario.yaml': scenario('EMEA enterprise via embed', 'demo-embed', '{ country: DE, employees: 2500 }', 'EMEA Enterprise'),
    });
    const r = await runCli(['preflight', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/leadproof\.config\.yaml: forms\.demo-embed: none of the step-1 fields appeared on http:\/\/127\.0\.0\.1:\d+\/request-demo within 0\.3 s\..*raise forms\.demo-embed\.renderWait \(or LEADPROOF_FORM_RENDER_MS\)/);
  });
});

describe('filling the HubSpot-embed form and the evidence of a failed lead', () => {
  it('asterisk labels and a country list of names fill right; the failed lead keeps its filled-form screenshot, the passed one does not', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': EMBED_CONFIG,
      'pass.scenario.yaml': scenario('EMEA enterprise via embed', 'demo-embed', '{ country: DE, employees: 2500 }', 'EMEA Enterprise', '\n  fields: { country: Germany }'),
      'fail.scenario.yaml': scenario('Misrouted on purpose', 'demo-embed', '{ country: DE, employees: 2500 }', 'NA Mid-Market'),
    });
    const out = mkdtempSync(path.join(tmpdir(), 'lp-run-'));
    const r = await runCli(['run', '--scenarios', dir, '--out', out, '--seed', '3'], { env: hubspotEnv(sb) });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as RunReport;
    const pass = report.leads.find((l) => l.scenario === 'EMEA enterprise via embed')!;
    const fail = report.leads.find((l) => l.scenario === 'Misrouted on purpose')!;
    // Filled by the asterisk labels, DE picked "Germany", routed to EMEA: every check passed.
    expect(pass.checks.filter((c) => !c.passed)).toEqual([]);
    expect(pass.checks.find((c) => c.name === 'field country')?.actual).toBe('Germany');
    // The failure is the owner (the form was filled and submitted), and its evidence has the filled form.
    expect(fail.passed).toBe(false);
    expect(fail.checks.filter((c) => !c.passed).map((c) => c.kind)).toContain('owner');
    const shot = fail.evidence.find((e) => e.path.endsWith('filled-form.png'));
    expect(shot?.kind).toBe('screenshot');
    expect(shot?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(out, shot!.path)).subarray(1, 4).toString()).toBe('PNG');
    expect(fail.evidence[0]).toEqual(shot);
    // Kept only for failed leads.
    expect(pass.evidence.some((e) => e.path.endsWith('filled-form.png'))).toBe(false);
    expect(pass.evidence.some((e) => e.kind === 'screenshot')).toBe(true);
    expect(existsSync(path.join(out, path.dirname(pass.evidence[0]!.path), 'filled-form.png'))).toBe(false);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('Screenshot of the filled form just before submit');
  });
});
