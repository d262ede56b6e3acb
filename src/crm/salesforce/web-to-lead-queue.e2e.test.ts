/**
 * The Web-to-Lead daily limit end to end: the real CLI against a sandbox org with a limit of 3
 * per short window, given to the CLI as a real org. What is left is estimated from /queryAll
 * (a deleted web lead still counts) plus an earlier run's ledger (a post no record has shown);
 * a plan beyond it is refused with both numbers; a plan that reaches it is warned, and when a
 * visitor's posts fill the window first, the run's post is queued and the run ends saying until
 * when it may still arrive — and it does arrive once the window frees.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jsforce from 'jsforce';
import { afterEach, describe, expect, it } from 'vitest';
import type { SandboxHandle } from '../../sandbox/index.js';
import { salesforceStackFile } from '../../sandbox/salesforce/test-stack.js';
import { ROOT, runCli, scenarioDir, withSandbox } from '../../../test/e2e/harness.js';

// Well beyond a whole run (~50 s alone, up to ~100 s beside other suites on two cores), so the
// queued post cannot be created before the run ends.
const WINDOW_MS = 150_000;
const SCENARIOS = `
scenarios:
  - name: Queued demo request
    form: demo-request
    channel: paid-search
    utm: { source: google, medium: cpc, campaign: queue-test }
    lead: { country: DE, employees: 2500 }
    expect:
      fields: { utm_source: google }
      within: 5s
  - name: Second demo request
    form: demo-request
    channel: paid-search
    utm: { source: bing, medium: cpc, campaign: queue-test }
    lead: { country: FR, employees: 2500 }
    expect:
      fields: { utm_source: bing }
      within: 5s
`;

let sb: SandboxHandle | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

async function setup(): Promise<{ conn: jsforce.Connection; env: Record<string, string>; dir: string; post: (email: string, leadSource?: string) => Promise<void> }> {
  sb = await withSandbox(salesforceStackFile({ webToLeadDailyLimit: 3, webToLeadWindowMs: WINDOW_MS }));
  const sf = sb.salesforce!;
  const conn = new jsforce.Connection({ instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version });
  const env = {
    SF_INSTANCE_URL: sf.instanceUrl, SF_ACCESS_TOKEN: sf.accessToken, SF_API_VERSION: sf.version, LEADPROOF_SITE_URL: sb.siteUrl, LEADPROOF_TEST_DOMAIN: sb.testDomain,
    SF_WEB_TO_LEAD_DAILY_LIMIT: '3', SF_WEB_TO_LEAD_WINDOW_MS: String(WINDOW_MS),
    // The run's own flush would otherwise keep re-checking for the queued lead; this test watches it arrive later.
    LEADPROOF_FLUSH_WAIT_MS: '0',
  };
  const dir = scenarioDir({ 'leadproof.config.yaml': readFileSync(path.join(ROOT, 'scenarios/leadproof.config.yaml'), 'utf8'), 'queue.scenario.yaml': SCENARIOS });
  const post = async (email: string, leadSource = 'Web') => {
    const body = new URLSearchParams({ oid: sf.orgId.slice(0, 15), last_name: 'Visitor', company: 'V', email, lead_source: leadSource });
    expect((await fetch(`${sb!.url}/servlet/servlet.WebToLead?encoding=UTF-8`, { method: 'POST', body })).status).toBe(200);
  };
  // Earlier today: a web lead that was created and flushed (only /queryAll still sees it) ...
  await post(`flushed.${Date.now()}@${sb.testDomain}`);
  const { records } = await conn.query<{ Id: string }>("SELECT Id FROM Lead WHERE LeadSource = 'Web'");
  await conn.sobject('Lead').destroy(records.map((r) => r.Id));
  // ... and an earlier run whose post no record has shown yet (it may sit in the queue).
  const earlier = path.join(dir, 'reports', 'earlier');
  mkdirSync(earlier, { recursive: true });
  const at = new Date().toISOString();
  writeFileSync(path.join(earlier, 'ledger.jsonl'), [
    { type: 'run', at, runId: 'earlier', crm: 'salesforce', account: `Salesforce org ${new URL(sf.instanceUrl).host}`, baseUrl: sf.instanceUrl, sandbox: false, testDomain: sb.testDomain },
    { type: 'intent', at, key: 'k1', email: `ghost@${sb.testDomain}`, scenario: 'x' },
    { type: 'submitted', at, key: 'k1', email: `ghost@${sb.testDomain}`, attempt: 1, ok: true },
  ].map((e) => JSON.stringify(e)).join('\n') + '\n');
  return { conn, env, dir, post };
}

describe('leadproof run --crm salesforce at the Web-to-Lead daily limit', () => {
  it('refuses a plan beyond what is left, counting deleted web leads and unseen posts of earlier runs', async () => {
    const { env, dir } = await setup();
    const r = await runCli(['run', '--crm', 'salesforce', '--scenarios', dir, '--out', path.join(dir, 'reports', 'run1')], { env, cwd: dir });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('plans 2 Web-to-Lead submissions but');
    expect(r.stderr).toContain('has 1 of 3 left today (1 web leads created in the last 150 s (deleted ones included) and 1 posted by earlier runs not yet visible)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('warns when the plan reaches the limit; a queued post is announced with a time and arrives once the window frees', async () => {
    const { conn, env, dir, post } = await setup();
    const out = path.join(dir, 'reports', 'run2');
    let visitors: Promise<void> | undefined;
    const run = runCli(['run', '--crm', 'salesforce', '--scenarios', dir, '--grep', 'Queued', '--out', out, '--poll', '500'], {
      env,
      cwd: dir, // its reports/ holds the earlier run's ledger
      // A real visitor's two web leads land after the check and before the browser submits.
      onStdout: () => {
        visitors ??= (async () => {
          for (let i = 0; i < 200 && !existsSync(path.join(out, 'ledger.jsonl')); i++) await new Promise((r) => setTimeout(r, 25));
          await post(`visitor1.${Date.now()}@elsewhere.example`);
          await post(`visitor2.${Date.now()}@elsewhere.example`);
        })();
      },
    });
    const r = await run;
    await visitors;
    expect(r.stderr).toContain('1 Web-to-Lead submissions use the last 1 of 3 left today');
    expect(r.code, r.stdout.slice(-3000)).toBe(1); // the lead is not there within its window
    const line = /(\d+) queued Web-to-Lead leads may still arrive until (\S+); run flush again after that/.exec(r.stdout);
    expect(line, r.stdout.slice(-3000)).not.toBeNull();
    expect(line![1]).toBe('1');
    const until = Date.parse(line![2]!);
    const soql = `SELECT Email, CreatedDate FROM Lead WHERE Email LIKE '%@${sb!.testDomain}'`;
    expect((await conn.query(soql)).totalSize).toBe(0);
    let late = await conn.query<{ Email: string; CreatedDate: string }>(soql);
    for (let i = 0; i < 800 && late.totalSize === 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      late = await conn.query(soql);
    }
    expect(late.totalSize).toBe(1);
    expect(Date.parse(late.records[0]!.CreatedDate.replace('+0000', 'Z'))).toBeLessThanOrEqual(until);
  }, 420_000);
});
