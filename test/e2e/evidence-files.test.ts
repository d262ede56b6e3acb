/**
 * The routing-alerts item proven by leadproof's own watchers, and evidence kept elsewhere, through
 * the real CLI on the embedded sandbox (one lead per run, two runs): queue-watch and monitor each
 * record their watch in reports/monitor-alerts.json (alert destinations by label, never the URL);
 * the monitor's own run, which sees only the queue watch, leaves the item to a person; a later run
 * proves it, and takes a campaign check written with `campaigns --out` elsewhere via --evidence
 * (shown as a section of report.html). A missing --evidence file is exit 2 before any lead.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/alerts/test-receiver.js';
import { DEMO_CONFIG, ROOT, runCli, scenarioDir } from './harness.js';

const scenario = `
name: NA enterprise demo request (evidence)
form: demo-request
channel: paid-search
branch: NA × enterprise
utm: { source: google, medium: cpc, campaign: evidence-files }
lead: { country: US, employees: 2000 }
expect:
  owner: { email: jake.miller@acme-funnel.example }
  within: 20s
`;
const DEFAULT = path.join(ROOT, 'fixtures/stacks/default.stack.yaml');
const SECRET = 'zz9SecretPath';

// cwd is a fresh folder: the default lookup is reports/ below it, never the repository's own reports/.
const cwd = mkdtempSync(path.join(tmpdir(), 'lp-evidence-e2e-'));
const reports = path.join(cwd, 'reports');
const dir = scenarioDir({ 'leadproof.config.yaml': `${DEMO_CONFIG}queueWatch:\n  owners: [noah.fischer@acme-funnel.example]\n`, 'a.scenario.yaml': scenario });
const checklist = (runDir: string) => Object.fromEntries((JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as { checklist: { id: string; status: string; evidence: string }[] }).checklist.map((i) => [i.id, i]));
let hook: Receiver;
let env: Record<string, string>;
const cli = (args: string[]) => runCli(args, { cwd, env });

beforeAll(async () => {
  hook = await startReceiver();
  env = { LEADPROOF_ALERT_WEBHOOK_URL: `${hook.url}/${SECRET}` };
});
afterAll(async () => {
  await hook?.close();
});

describe('evidence from leadproof watchers and from --evidence', () => {
  it('a missing --evidence file is exit 2 naming it, before any lead', async () => {
    const r = await cli(['run', '--scenarios', dir, '--stack', DEFAULT, '--evidence', 'nowhere/campaigns.json', '--out', path.join(cwd, 'never')]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain('nowhere/campaigns.json: --evidence: does not exist');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('queue-watch, then monitor, each record their watch; the monitor run that sees only one leaves the item to a person', async () => {
    const q = await cli(['queue-watch', '--stack', DEFAULT, '--config', path.join(dir, 'leadproof.config.yaml'), '--reports', reports]);
    expect(q.code, q.stdout + q.stderr).toBe(0);
    const m = await cli(['monitor', '--scenarios', dir, '--stack', DEFAULT, '--reports', reports, '--workers', '1']);
    expect(m.code, m.stdout + m.stderr).toBe(0);
    expect(m.stdout).toMatch(/monitor-alerts\.json not used: no routing-failures watch recorded \(leadproof monitor records it\); the routing-alerts item stays for a person to attest/);
    const monitorRun = path.join(reports, readFileSync(path.join(reports, 'monitor-state.json'), 'utf8').match(/"report": "[^"]*?(monitor-[^/"]+)\/report\.html"/)![1]!);
    expect(checklist(monitorRun)['routing-alerts']).toMatchObject({ status: 'not-covered' });
    const file = readFileSync(path.join(reports, 'monitor-alerts.json'), 'utf8');
    expect(file).not.toContain(SECRET);
    expect(JSON.parse(file)).toMatchObject({
      schema: 'leadproof.monitor-alerts/v1',
      watches: {
        'routing-failures': { by: 'leadproof monitor', crm: { kind: 'hubspot', sandbox: true }, destinations: [{ kind: 'webhook', label: expect.stringMatching(/^webhook \(127\.0\.0\.1:\d+\)$/) }], lastAlert: null },
        'default-queue': { by: 'leadproof queue-watch', crm: { kind: 'hubspot', sandbox: true }, destinations: [{ kind: 'webhook' }] },
      },
    });
  }, 240_000);

  it('a later run proves routing-alerts by the watchers, and takes a campaign check kept elsewhere with --evidence', async () => {
    const ads = path.join(cwd, 'q4', 'ads-check.json');
    mkdirSync(path.dirname(ads), { recursive: true });
    writeFileSync(ads, JSON.stringify({
      schema: 'leadproof.campaigns/v1', checkedAt: new Date().toISOString(), file: 'q4/ads.csv', taxonomy: null, summary: { total: 1, passed: 1, failed: 0 },
      results: [{ line: 2, url: 'https://www.acme.example/demo?utm_source=google&utm_medium=cpc&utm_campaign=q4', channel: 'paid-search', campaign: 'q4', hops: [], checks: { resolves: { ok: true, detail: '200' }, utms: { ok: true, detail: 'kept' }, form: { ok: true, detail: 'demo-request' }, cookie: { ok: true, detail: 'set' }, taxonomy: { ok: null, detail: 'no taxonomy' } }, ok: true }],
    }));
    const out = path.join(cwd, 'run');
    const r = await cli(['run', '--scenarios', dir, '--stack', DEFAULT, '--evidence', ads, '--out', out, '--workers', '1']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[evidence\] monitor-alerts\.json: watched by leadproof: routing-failures by leadproof monitor → webhook \(127\.0\.0\.1:\d+\)/);
    const items = checklist(out);
    expect(items['routing-alerts']).toMatchObject({ status: 'done', evidence: expect.stringContaining('default-queue by leadproof queue-watch') });
    expect(items['campaign-urls']).toMatchObject({ status: 'done', evidence: expect.stringContaining('1 of 1 campaign URL(s) ready') });
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<section id="campaigns"><h2>Campaign URLs<\/h2>[\s\S]*<td>paid-search<\/td><td>q4<\/td><td><span class="ok">ready<\/span>/);
    expect(html + readFileSync(path.join(out, 'monitor-alerts.json'), 'utf8')).not.toContain(SECRET);
  }, 240_000);
});
