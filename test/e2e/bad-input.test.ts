/**
 * Bad input gets a clear error (naming file, field and fix), exit 2, and creates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../src/sandbox/index.js';
import { allContacts, DEMO_CONFIG, hubspotEnv, runCli, scenarioDir, testContacts, withSandbox } from './harness.js';

const GOOD = `
name: EMEA enterprise demo
form: demo-request
utm: { source: linkedin, medium: paid_social, campaign: q4 }
lead: { country: DE, employees: 2500 }
expect:
  fields: { utm_source: linkedin }
  owner: { team: EMEA Enterprise }
  within: 20s
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

describe('bad input', () => {
  it('a malformed scenario names the file and every bad field, exit 2', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': DEMO_CONFIG,
      'bad.scenario.yaml': `name: Broken\nform: demo-request\nlead: { country: Germany }\nexpect:\n  owner: { team: X, email: y@z.example }\n  within: soon\n`,
      'typo.scenario.yaml': `name: Typo\nform: demo-requets\nexpects: {}\n`,
    });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.scenario.yaml: lead.country: must be an ISO 3166 alpha-2 code such as "DE"');
    expect(r.stderr).toContain('bad.scenario.yaml: expect.within: must be a duration such as "30s", "5m" or "1h"');
    expect(r.stderr).toMatch(/bad\.scenario\.yaml: expect\.owner/);
    expect(r.stderr).toContain("typo.scenario.yaml: expects: is not a field leadproof knows here");
    expect(r.stderr).toContain("typo.scenario.yaml: expect: is required");
    await expectNothingCreated();
  });

  it('invalid YAML names the file and the line', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'broken.scenario.yaml': 'name: x\nform: [unclosed\n' });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.scenario\.yaml: is not valid YAML at line \d/);
    await expectNothingCreated();
  });

  it('an unknown CRM property and an unknown team fail preflight before any lead, with a did-you-mean', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': DEMO_CONFIG,
      'p.scenario.yaml': GOOD.replace('utm_source: linkedin', 'utm_sourse: linkedin').replace('EMEA Enterprise', 'EMEA Ent'),
    });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('p.scenario.yaml: expect.fields.utm_sourse: "utm_sourse" is not a field of HubSpot portal');
    expect(r.stderr).toContain('(did you mean "utm_source"?)');
    expect(r.stderr).toContain('p.scenario.yaml: expect.owner.team: "EMEA Ent" is not a team in the CRM (known: ');
    await expectNothingCreated();
  });

  it('a wrong token is refused before any lead, and the token is not printed', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD });
    const r = await runCli(['run', '--scenarios', dir], { env: { ...hubspotEnv(sb), HUBSPOT_ACCESS_TOKEN: 'pat-na1-wrong-secret-token' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/HubSpot rejected the access token|401/);
    expect(r.stdout + r.stderr).not.toContain('pat-na1-wrong-secret-token');
    await expectNothingCreated();
  });

  it('an unreachable form page is reported before any lead', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG.replace('url: /demo', 'url: /no-such-page'), 'g.scenario.yaml': GOOD });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('g.scenario.yaml: form (demo-request):');
    expect(r.stderr).toContain('answered HTTP 404');
    await expectNothingCreated();
  });

  it('refuses a real CRM without a test domain', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD });
    const r = await runCli(['run', '--scenarios', dir], { env: { ...hubspotEnv(sb), LEADPROOF_TEST_DOMAIN: '' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Refusing to run against a real CRM without a test domain');
    await expectNothingCreated();
  });

  it('--help explains the run command and its exit codes', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0 every check passed');
    expect(r.stdout).toContain('--stack <file>');
  });
});
