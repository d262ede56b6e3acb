/**
 * `leadproof monitor` through the real CLI on the embedded sandbox, with real local HTTP
 * receivers standing in for Slack and for a JSON webhook: a planted fault alerts once, naming
 * the branch; the same fault again is silent; the fix alerts "recovered"; a webhook answering 500
 * is retried and changes nothing about the run's verdict or exit code. Webhook URLs never printed.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../src/alerts/test-receiver.js';
import type { WebhookPayloadV1 } from '../../src/alerts/index.js';
import type { MonitorState } from '../../src/monitor/state.js';
import type { RunReport } from '../../src/report/model.js';
import { DEMO_CONFIG, ROOT, runCli, scenarioDir } from './harness.js';

// One EMEA mid-market lead: wrong-team.stack.yaml routes it to NA Mid-Market (the planted fault).
const emeaMidMarket = `
name: EMEA mid-market demo request (monitor)
form: demo-request
branch: EMEA × mid-market
lead: { country: IE, employees: 250 }
expect: { owner: { team: EMEA Mid-Market }, within: 20s }
`;
const SECRET = 's3cr3tT0k3n';
const WRONG_TEAM = path.join(ROOT, 'fixtures/stacks/wrong-team.stack.yaml');
const DEFAULT = path.join(ROOT, 'fixtures/stacks/default.stack.yaml');

const dir = scenarioDir({ 'leadproof.config.yaml': DEMO_CONFIG, 'emea.scenario.yaml': emeaMidMarket });
const state = (reports: string) => JSON.parse(readFileSync(path.join(reports, 'monitor-state.json'), 'utf8')) as MonitorState;
const open: Receiver[] = [];
afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
});
async function receiver(answer?: (n: number) => number): Promise<Receiver> {
  const r = await startReceiver(answer);
  open.push(r);
  return r;
}
const monitor = (reports: string, stack: string, env: Record<string, string>, ...more: string[]) =>
  runCli(['monitor', '--scenarios', dir, '--stack', stack, '--reports', reports, ...more], { env });

describe('leadproof monitor alerts', () => {
  const reports = path.join(mkdtempSync(path.join(tmpdir(), 'lp-monitor-')), 'reports');
  let slack: Receiver;
  let hook: Receiver;
  let env: Record<string, string>;

  it('a failing run alerts once, to Slack and the webhook at once, naming the branch and the cause', async () => {
    slack = await receiver();
    hook = await receiver((n) => (n < 2 ? 500 : 200)); // answers 500 twice first: retried, then delivered
    env = { LEADPROOF_SLACK_WEBHOOK_URL: slack.url, LEADPROOF_ALERT_WEBHOOK_URL: hook.url };
    const r = await monitor(reports, WRONG_TEAM, env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(slack.received).toHaveLength(1);
    expect(hook.received).toHaveLength(3);
    const body = hook.received[2]!.body as WebhookPayloadV1;
    expect(body).toMatchObject({ schema: 'leadproof.alert/v1', kind: 'failing', verdict: 'FAILED' });
    expect(body.title).toContain('EMEA × mid-market');
    expect(body.lines.join('\n')).toMatch(/EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market — 1 lead/);
    expect(body.link).toMatch(/report\.html$/);
    const blocks = JSON.stringify(slack.received[0]!.body);
    expect(blocks).toContain('"type":"header"');
    expect(blocks).toContain('EMEA × mid-market routes to team NA Mid-Market');
    expect(r.stdout).toContain('failing alert sent to Slack webhook and webhook (127.0.0.1');
    expect(r.stdout + r.stderr + readFileSync(path.join(reports, 'monitor-state.json'), 'utf8')).not.toContain(SECRET);
    expect(state(reports)).toMatchObject({ status: 'failing', consecutive: 1, lastAlert: { kind: 'failing' } });
  }, 180_000);

  it('the same failure again sends nothing', async () => {
    const r = await monitor(reports, WRONG_TEAM, env);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('nothing changed, no alert');
    expect(slack.received).toHaveLength(1);
    expect(hook.received).toHaveLength(3);
    expect(state(reports)).toMatchObject({ status: 'failing', consecutive: 2 });
  }, 180_000);

  it('with --remind-every 3 the third failing run in a row sends the reminder', async () => {
    const r = await monitor(reports, WRONG_TEAM, env, '--remind-every', '3');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(slack.received).toHaveLength(2);
    expect((hook.received.at(-1)!.body as WebhookPayloadV1)).toMatchObject({ kind: 'still-failing', details: { failingRuns: 3 } });
  }, 180_000);

  it('the fixed stack sends "recovered" (here as a long-lived --every process, stopped by SIGTERM with exit 0)', async () => {
    let out = '';
    const child = runCli(['monitor', '--scenarios', dir, '--stack', DEFAULT, '--reports', reports, '--every', '1h'], {
      env,
      onStdout: (c) => {
        out += c;
        if (/next pass in/.test(out)) child.kill('SIGTERM');
      },
    });
    const r = await child;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('SIGTERM: stopping');
    const body = hook.received.at(-1)!.body as WebhookPayloadV1;
    expect(body).toMatchObject({ kind: 'recovered', details: { failingRuns: 0 } });
    expect(body.lines).toEqual(['fixed: EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market']);
    expect(slack.received).toHaveLength(3);
    expect(state(reports)).toMatchObject({ status: 'passing', consecutive: 1 });
  }, 180_000);

  it('a webhook that only answers 500 is retried, reported, and the verdict and exit code are the run\'s', async () => {
    const down = await receiver(() => 500);
    const fresh = path.join(mkdtempSync(path.join(tmpdir(), 'lp-monitor-')), 'reports');
    const r = await monitor(fresh, WRONG_TEAM, { LEADPROOF_ALERT_WEBHOOK_URL: down.url });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(down.received.length).toBeGreaterThan(1);
    expect(r.stderr).toMatch(/the failing alert was not delivered to the webhook \(127\.0\.0\.1:\d+\): HTTP 500/);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
    const s = state(fresh);
    expect(s.lastAlert!.deliveries).toEqual([expect.objectContaining({ ok: false, status: 500, attempts: down.received.length })]);
    const report = JSON.parse(readFileSync(path.resolve(ROOT, s.lastPass.report!.replace(/report\.html$/, 'report.json')), 'utf8')) as RunReport;
    expect(report.summary.verdict).toBe('FAILED');
  }, 180_000);
});

describe('leadproof monitor stopped mid-pass', () => {
  // A single pass (no --every), as a cron job or CI step runs it: a stop mid-pass is not a failing funnel.
  it('a pass interrupted by SIGTERM sends no alert and leaves the state alone', async () => {
    const hook = await receiver();
    const reports = path.join(mkdtempSync(path.join(tmpdir(), 'lp-monitor-')), 'reports');
    let out = '';
    const child = runCli(['monitor', '--scenarios', dir, '--stack', WRONG_TEAM, '--reports', reports], {
      env: { LEADPROOF_ALERT_WEBHOOK_URL: hook.url },
      onStdout: (c) => {
        if (!/submitted 1\/1/.test(out) && /submitted 1\/1/.test((out += c))) child.kill('SIGTERM');
      },
    });
    const r = await child;
    expect(r.stderr).toContain('SIGTERM: stopping after this pass');
    expect(r.stderr).toContain('this pass was interrupted');
    expect(hook.received).toHaveLength(0);
    expect(existsSync(path.join(reports, 'monitor-state.json'))).toBe(false);
  }, 180_000);
});

describe('leadproof monitor bad input (exit 2 before any lead)', () => {
  it('a malformed --every or webhook URL is named, the URL value never shown, nothing run', async () => {
    const reports = path.join(mkdtempSync(path.join(tmpdir(), 'lp-monitor-')), 'reports');
    const every = await runCli(['monitor', '--scenarios', dir, '--reports', reports, '--every', 'hourly']);
    expect(every.code).toBe(2);
    expect(every.stderr).toContain('--every: "hourly" must be a duration');
    const url = await runCli(['monitor', '--scenarios', dir, '--reports', reports], { env: { LEADPROOF_SLACK_WEBHOOK_URL: `hooks.slack.com/services/${SECRET}` } });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('LEADPROOF_SLACK_WEBHOOK_URL');
    expect(url.stdout + url.stderr).not.toContain(SECRET);
    expect(existsSync(reports)).toBe(false);
  }, 60_000);
});
