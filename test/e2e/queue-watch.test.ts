/**
 * `leadproof queue-watch` through the real CLI against the sandbox: real leads parked in the
 * fallback queue alert with their count (to a real local receiver standing in for the webhook)
 * and exit 1; the default stack stays silent and exits 0; no record changes either way, as the
 * CRM's own API shows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../src/alerts/test-receiver.js';
import { allContacts, hubspotEnv, ROOT, runCli, withSandbox } from './harness.js';

const PARKED = path.join(ROOT, 'fixtures/stacks/parked-in-fallback.stack.yaml');
const DEFAULT = path.join(ROOT, 'fixtures/stacks/default.stack.yaml');

function config(queueWatch: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lp-queue-watch-'));
  const file = path.join(dir, 'leadproof.config.yaml');
  writeFileSync(file, `forms: {}\nqueueWatch:\n${queueWatch}`);
  return file;
}
const NOAH = config('  owners: [noah.fischer@acme-funnel.example]\n  olderThan: 30m\n  limit: 5\n  show: 3\n');

async function watch(stack: string, args: string[] = ['--config', NOAH]) {
  const sb = await withSandbox(stack);
  const hook = await startReceiver();
  try {
    const before = await allContacts(sb);
    const r = await runCli(['queue-watch', ...args], { env: { ...hubspotEnv(sb), LEADPROOF_ALERT_WEBHOOK_URL: hook.url } });
    const after = await allContacts(sb);
    return { r, before, after, received: hook.received };
  } finally {
    await hook.close();
    await sb.stop();
  }
}

describe('queue-watch', () => {
  it('parked-in-fallback: alerts once with the count and the oldest leads, exits 1, changes nothing', async () => {
    const { r, before, after, received } = await watch(PARKED);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(received).toHaveLength(1);
    const body = received[0].body as { schema: string; kind: string; title: string; lines: string[]; details: { count: number; limit: number; oldest: { id: string; createdAt: string; source: string }[] } };
    expect(body).toMatchObject({ schema: 'leadproof.alert/v1', kind: 'queue-accumulation', details: { count: 12, limit: 5 } });
    expect(body.title).toMatch(/12 real leads parked in the default queue for over 30m \(limit 5\)/);
    expect(body.details.oldest).toHaveLength(3);
    expect(body.lines[0]).toMatch(/^\d+ — created 2\d{3}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(4 h 00 m ago\) — source (ORGANIC|PAID)_SEARCH — Noah Fischer/);
    expect(body.lines).toContain('… and 9 more');
    expect(r.stdout).toContain('ALERT: 12 real lead(s) parked in the default queue for over 30m, more than the limit of 5');
    expect(r.stdout).toContain('Alert sent to the webhook (127.0.0.1');
    // Read-only: every record (owner, stage, last-modified) as the CRM shows it, unchanged.
    expect(after).toEqual(before);
    expect(after.length).toBe(312);
  });

  it('default stack: silent (no alert sent), exits 0, changes nothing', async () => {
    const { r, before, after, received } = await watch(DEFAULT);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(received).toEqual([]);
    expect(r.stdout).toContain('OK: 0 real lead(s) parked in the default queue for over 30m (limit 5).');
    expect(after).toEqual(before);
  });

  it('flags override the config: a limit of 12 tolerates the 12 parked leads (exit 0, no alert)', async () => {
    const { r, received } = await watch(PARKED, ['--config', NOAH, '--limit', '12']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(received).toEqual([]);
    expect(r.stdout).toContain('OK: 12 real lead(s)');
  });

  it('Salesforce: the 12 leads in the Lead Desk Queue alert to Slack, exit 1', async () => {
    const slack = await startReceiver();
    try {
      const r = await runCli(['queue-watch', '--crm', 'salesforce', '--stack', PARKED, '--config', NOAH, '--queue', 'Lead Desk Queue'], { env: { LEADPROOF_SLACK_WEBHOOK_URL: slack.url } });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain('ALERT: 12 real lead(s)');
      expect(r.stdout).toMatch(/00Q\w+ — created .* — source (Phone Inquiry|Partner Referral) — Lead Desk Queue \(queue\)/);
      expect(slack.received).toHaveLength(1);
      expect(JSON.stringify(slack.received[0].body)).toContain('12 real leads parked in the default queue');
    } finally {
      await slack.close();
    }
  });

  it('bad input is exit 2, named, before any record is read: an unknown owner, a bad flag, no default queue at all', async () => {
    const unknown = await runCli(['queue-watch', '--config', config('  owners: [nobody@acme-funnel.example]\n')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/queueWatch\.owners\.0: "nobody@acme-funnel\.example" is not an owner in the CRM \(known: anna\.schmidt@acme-funnel\.example, /);
    const flag = await runCli(['queue-watch', '--config', NOAH, '--limit', 'lots', '--older-than', 'soon']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--older-than: "soon" is not a duration/);
    expect(flag.stderr).toMatch(/--limit: "lots" must be a whole number/);
    const none = await runCli(['queue-watch', '--config', config('  limit: 3\n')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/queueWatch: names no default queue/);
    const empty = await runCli(['queue-watch', '--config', NOAH, '--older-than', '7d']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/queueWatch\.lookback: 7d is not longer than olderThan 7d/);
    expect(none.stderr + unknown.stderr + flag.stderr + empty.stderr).not.toMatch(/\n\s+at /);
  });
});
