/**
 * Where alerts go: LEADPROOF_SLACK_WEBHOOK_URL (a Slack incoming webhook) and
 * LEADPROOF_ALERT_WEBHOOK_URL (any JSON receiver), either or both. The environment wins over the
 * project config's `alerts`, so a secret never has to be committed.
 */
import { ConfigError } from '../errors.js';
import type { AlertTarget } from './types.js';

export interface AlertConfig {
  /** Slack incoming-webhook URL (prefer LEADPROOF_SLACK_WEBHOOK_URL: it is a secret). */
  slackWebhookUrl?: string;
  /** Generic JSON webhook URL (prefer LEADPROOF_ALERT_WEBHOOK_URL). */
  webhookUrl?: string;
}

export function alertTargets(env: NodeJS.ProcessEnv = process.env, config: AlertConfig = {}): AlertTarget[] {
  const out: AlertTarget[] = [];
  const slack = env.LEADPROOF_SLACK_WEBHOOK_URL || config.slackWebhookUrl;
  const hook = env.LEADPROOF_ALERT_WEBHOOK_URL || config.webhookUrl;
  if (slack) out.push({ kind: 'slack', url: checked(slack, 'LEADPROOF_SLACK_WEBHOOK_URL'), label: 'Slack webhook' });
  if (hook) out.push({ kind: 'webhook', url: checked(hook, 'LEADPROOF_ALERT_WEBHOOK_URL'), label: `webhook (${new URL(hook).host})` });
  return out;
}

/** A malformed URL is the user's mistake (exit 2), named without echoing the value. */
function checked(url: string, name: string): string {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    /* reported below */
  }
  if (!u || !/^https?:$/.test(u.protocol)) {
    throw new ConfigError([{ file: 'environment', field: name, message: 'is not an http(s) URL (its value is not shown: it is a secret). Paste the webhook URL as given by Slack or the receiver.' }]);
  }
  return url;
}
