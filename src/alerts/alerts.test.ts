import { afterEach, describe, expect, it } from 'vitest';
import { alertTargets, sendAlert, slackMessage, webhookPayload, type Alert } from './index.js';
import { configSchema } from '../scenario/schema.js';
import { scrub } from './post.js';
import { startReceiver, type Receiver } from './test-receiver.js';

const alert: Alert = {
  kind: 'failing',
  title: 'leadproof monitor: FAILED',
  verdict: 'FAILED',
  lines: ['EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market — 2 leads', 'a <b> & c'],
  link: 'reports/monitor/report.html',
  runId: '20261123-190000-abcd',
};
const fast = { minTimeoutMs: 5, attemptTimeoutMs: 2000, maxTimeMs: 5000 };

describe('payload builders', () => {
  it('the webhook body is versioned and carries every field, absent ones as null', () => {
    const p = webhookPayload({ kind: 'recovered', title: 't', lines: [] }, new Date('2026-11-23T19:00:00Z'));
    expect(p).toEqual({ schema: 'leadproof.alert/v1', kind: 'recovered', title: 't', verdict: null, lines: [], link: null, runId: null, sentAt: '2026-11-23T19:00:00.000Z', details: {} });
  });

  it('the Slack message is Block Kit: a header, the verdict, the causes as escaped bullets, the run and report', () => {
    const m = slackMessage(alert);
    expect(m.text).toContain('EMEA × mid-market routes to team NA Mid-Market');
    expect(m.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: alert.title, emoji: true } });
    const texts = JSON.stringify(m.blocks);
    expect(texts).toContain('*Verdict:* FAILED');
    expect(texts).toContain('• a &lt;b&gt; &amp; c');
    expect(texts).toContain('report: `reports/monitor/report.html`');
    expect(slackMessage({ ...alert, link: 'https://ci.example/run/1' }).blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'run `20261123-190000-abcd` · <https://ci.example/run/1|report>' }] });
  });

  it('keeps within Slack limits: header 150 characters, a section 3000', () => {
    const m = slackMessage({ ...alert, title: 'x'.repeat(400), lines: Array.from({ length: 200 }, (_, i) => `cause number ${i} `.repeat(3)) });
    const header = m.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBe(150);
    const list = m.blocks[2] as { text: { text: string } };
    expect(list.text.text.length).toBeLessThanOrEqual(3000);
    expect(list.text.text).toMatch(/… and \d+ more$/);
  });
});

describe('alertTargets', () => {
  it('reads both variables, environment over config, and labels never show the secret', () => {
    const t = alertTargets({ LEADPROOF_SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/secret', LEADPROOF_ALERT_WEBHOOK_URL: 'https://hooks.example.com/x?token=abc' }, { webhookUrl: 'https://other.example/y' });
    expect(t.map((x) => [x.kind, x.label])).toEqual([['slack', 'Slack webhook'], ['webhook', 'webhook (hooks.example.com)']]);
    expect(alertTargets({}, { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/c' }).map((x) => x.kind)).toEqual(['slack']);
    expect(alertTargets({})).toEqual([]);
  });

  it('a malformed URL is a ConfigError naming the variable, not its value', () => {
    expect(() => alertTargets({ LEADPROOF_ALERT_WEBHOOK_URL: 'not a url secret123' })).toThrow(/LEADPROOF_ALERT_WEBHOOK_URL/);
    expect(() => alertTargets({ LEADPROOF_ALERT_WEBHOOK_URL: 'not a url secret123' })).not.toThrow(/secret123/);
  });
});

describe('alerts in the project config', () => {
  it('accepts http(s) webhook URLs and a reminder period, and names a wrong field', () => {
    expect(configSchema.safeParse({ forms: {}, alerts: { slackWebhookUrl: 'https://hooks.slack.com/services/T/B/c', webhookUrl: 'http://127.0.0.1:9/x', remindEvery: 3 } }).success).toBe(true);
    const bad = configSchema.safeParse({ forms: {}, alerts: { webhookUrl: 'ftp://x.example/y', remindEvery: 0, slack: 'x' } });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['alerts.webhookUrl', 'alerts.remindEvery']));
    expect(bad.error!.issues.map((i) => i.message).join('\n')).toContain('LEADPROOF_ALERT_WEBHOOK_URL');
  });
});

describe('sendAlert against a real local receiver', () => {
  const open: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((r) => r.close()));
  });
  const receiver = async (answer?: (n: number) => number) => {
    const r = await startReceiver(answer);
    open.push(r);
    return r;
  };

  it('sends Slack and the webhook at once, each its own body', async () => {
    const slack = await receiver();
    const hook = await receiver();
    const d = await sendAlert(alert, { env: { LEADPROOF_SLACK_WEBHOOK_URL: slack.url, LEADPROOF_ALERT_WEBHOOK_URL: hook.url }, retry: fast });
    expect(d.map((x) => [x.target, x.ok, x.attempts])).toEqual([['slack', true, 1], ['webhook', true, 1]]);
    expect((slack.received[0]!.body as { blocks: unknown[] }).blocks.length).toBeGreaterThan(1);
    expect((hook.received[0]!.body as { schema: string }).schema).toBe('leadproof.alert/v1');
  });

  it('retries a 500 with back-off and succeeds when the receiver recovers', async () => {
    const hook = await receiver((n) => (n < 2 ? 500 : 200));
    const d = await sendAlert(alert, { targets: [{ kind: 'webhook', url: hook.url, label: 'webhook' }], retry: fast });
    expect(d[0]).toMatchObject({ ok: true, attempts: 3, status: 200 });
    expect(hook.received).toHaveLength(3);
  });

  it('gives up after the retries, reports it with the URL scrubbed, and never throws', async () => {
    const hook = await receiver(() => 500);
    const warned: string[] = [];
    const d = await sendAlert(alert, { targets: [{ kind: 'slack', url: hook.url, label: 'Slack webhook' }], retry: { ...fast, retries: 2 }, warn: (l) => warned.push(l) });
    expect(d[0]).toMatchObject({ ok: false, attempts: 3, status: 500 });
    expect(warned.join('\n')).toContain('not delivered to the Slack webhook');
    expect(warned.join('\n') + d[0]!.error).not.toContain('s3cr3tT0k3n');
  });

  it('does not retry a 404 (a wrong URL): retrying will not help', async () => {
    const hook = await receiver(() => 404);
    const d = await sendAlert(alert, { targets: [{ kind: 'webhook', url: hook.url, label: 'webhook' }], retry: fast, warn: () => {} });
    expect(d[0]).toMatchObject({ ok: false, attempts: 1, status: 404 });
  });

  it('a receiver that is down is a failed delivery within the time bound, not a crash', async () => {
    const hook = await receiver();
    await hook.close();
    open.pop();
    const d = await sendAlert(alert, { targets: [{ kind: 'webhook', url: hook.url, label: 'webhook' }], retry: { ...fast, retries: 1 }, warn: () => {} });
    expect(d[0]!.ok).toBe(false);
    expect(d[0]!.error).not.toContain('s3cr3tT0k3n');
  });
});

describe('scrub', () => {
  it('removes the URL, its path and its query from a message', () => {
    expect(scrub('failed https://h.example/a/b?t=1 and /a/b and ?t=1', 'https://h.example/a/b?t=1')).toBe('failed <webhook URL> and /<secret> and ?<secret>');
  });
});
