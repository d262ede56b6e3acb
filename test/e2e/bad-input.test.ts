/**
 * Bad input gets a clear error (naming file, field and fix), exit 2, and creates nothing.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../src/attest/keys.js';
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

  it('a non-numeric --seed and a --workers below 1 are exit 2 naming the flag, before anything starts', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD });
    for (const args of [['--seed', 'abc'], ['--workers', '0'], ['--workers', '-2'], ['--workers', 'many']]) {
      const r = await runCli(['run', '--scenarios', dir, ...args], { env: hubspotEnv(sb) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`option '${args[0]} <n>' argument '${args[1]}' is invalid. Give a whole number`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    await expectNothingCreated();
  });

  it('a site URL without a scheme (--site or LEADPROOF_SITE_URL) is exit 2 with the fix, not a stack trace', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD });
    const flag = await runCli(['run', '--scenarios', dir, '--site', 'www.acme.com'], { env: hubspotEnv(sb) });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('command line: --site: "www.acme.com" is not an absolute http(s) URL; give the scheme too, such as https://www.acme.com.');
    const env = await runCli(['run', '--scenarios', dir], { env: { ...hubspotEnv(sb), LEADPROOF_SITE_URL: 'www.acme.com' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('environment: LEADPROOF_SITE_URL: "www.acme.com" is not an absolute http(s) URL');
    expect(flag.stderr + env.stderr).not.toMatch(/\n\s+at /);
    await expectNothingCreated();
  });

  it('an --out under a regular file is exit 2 naming --out, not a hang or a stack trace', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD, 'notes.txt': 'a file' });
    const r = await runCli(['run', '--scenarios', dir, '--out', path.join(dir, 'notes.txt', 'run')], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.txt/run: --out: lies under a regular file, not a folder (ENOTDIR)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    await expectNothingCreated();
  });

  it('a signing key that is missing or needs a passphrase is exit 2 before any lead', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD, 'locked.key': generateKeyPair('ecdsa-p256', 'secret').privatePem });
    const missing = await runCli(['run', '--scenarios', dir, '--signing-key', path.join(dir, 'no-such.key')], { env: hubspotEnv(sb) });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('command line: --signing-key: Cannot read key file');
    await expectNothingCreated();
    const locked = await runCli(['run', '--scenarios', dir], { env: { ...hubspotEnv(sb), LEADPROOF_SIGNING_KEY: path.join(dir, 'locked.key') } });
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain('environment: LEADPROOF_SIGNING_KEY:');
    expect(locked.stderr).toContain('is passphrase-protected; set LEADPROOF_SIGNING_KEY_PASSPHRASE');
    const wrong = await runCli(['run', '--scenarios', dir], { env: { ...hubspotEnv(sb), LEADPROOF_SIGNING_KEY: path.join(dir, 'locked.key'), LEADPROOF_SIGNING_KEY_PASSPHRASE: 'nope' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('is not a usable private key: check the passphrase');
    await expectNothingCreated();
  });

  it('a YAML file with an empty scenarios list is named, exit 2', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'g.scenario.yaml': GOOD, 'empty.scenario.yaml': 'scenarios: []\n' });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty.scenario.yaml: scenarios: holds no scenario; add at least one');
    await expectNothingCreated();
  });

  it('a lifecycle stage the CRM does not have fails preflight with a did-you-mean', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'l.scenario.yaml': GOOD.replace('  within: 20s', '  lifecycle: [lead, mql]\n  within: 20s') });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('l.scenario.yaml: expect.lifecycle: "mql" is not a lifecycle stage of HubSpot portal');
    expect(r.stderr).toContain('did you mean marketingqualifiedlead?');
    await expectNothingCreated();
  });

  it('a TypeScript scenario with a syntax error names the file and the line', async () => {
    const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'bad.scenario.ts': "export default {\n  name: 'x',\n  form: 'demo-request' oops,\n};\n" });
    const r = await runCli(['run', '--scenarios', dir], { env: hubspotEnv(sb) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.scenario\.ts:3: has a syntax error \(column \d+\): Expected "}" but found "oops"/);
    await expectNothingCreated();
  });

  it('a *.scenario.ts outside this repository that imports leadproof loads', async () => {
    const dir = scenarioDir({
      'leadproof.config.yaml': DEMO_CONFIG,
      'outside.scenario.ts': `import { defineScenario } from 'leadproof';
const team: string = 'EMEA Enterprise';
export default defineScenario({ name: 'outside', form: 'demo-request', lead: { country: 'DE', employees: 2500 }, expect: { owner: { team }, within: '20s' } });
`,
    });
    const r = await runCli(['preflight', '--scenarios', dir], { env: hubspotEnv(sb), cwd: dir });
    expect(r.stderr).not.toContain('failed to load');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Preflight passed: 1 scenario(s)');
  });

  it('--help explains the run command and its exit codes', async () => {
    const r = await runCli(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes: 0 PASSED or INCOMPLETE');
    expect(r.stdout).toContain('--stack <file>');
  });
});
