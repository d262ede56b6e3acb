/**
 * Alerts: one call sends an alert to every configured target, Slack (Block Kit) and a generic
 * JSON webhook (`leadproof.alert/v1`), at once.
 *
 *   const deliveries = await sendAlert({ kind: 'failing', title, verdict: 'FAILED', lines, link, runId });
 *
 * - Targets come from LEADPROOF_SLACK_WEBHOOK_URL / LEADPROOF_ALERT_WEBHOOK_URL (or `opts.config`,
 *   or `opts.targets` directly). No target: nothing is sent and `[]` comes back.
 * - Each delivery is retried with back-off within a bounded total time (`opts.retry`).
 * - It never throws for a delivery problem: each failure is in the returned `AlertDelivery`
 *   (URL scrubbed) and printed on stderr, so an alert can never change a run's verdict or exit code.
 *   (A malformed URL in the environment is a ConfigError, thrown by `alertTargets`, before anything runs;
 *   call it up front to fail fast.)
 */
import { slackMessage } from './slack-message.js';
import { postJson } from './post.js';
import { alertTargets, type AlertConfig } from './targets.js';
import { DEFAULT_RETRY, type Alert, type AlertDelivery, type AlertTarget, type RetryPolicy } from './types.js';
import { webhookPayload } from './webhook-payload.js';

export type { Alert, AlertDelivery, AlertKind, AlertTarget, RetryPolicy } from './types.js';
export { ALERT_SCHEMA } from './types.js';
export { alertTargets, type AlertConfig } from './targets.js';
export { slackMessage } from './slack-message.js';
export { webhookPayload, type WebhookPayloadV1 } from './webhook-payload.js';

export interface SendAlertOptions {
  /** Explicit targets; default `alertTargets(env, config)`. */
  targets?: AlertTarget[];
  env?: NodeJS.ProcessEnv;
  config?: AlertConfig;
  retry?: Partial<RetryPolicy>;
  /** Where failed deliveries are reported (default stderr). */
  warn?: (line: string) => void;
}

export async function sendAlert(alert: Alert, opts: SendAlertOptions = {}): Promise<AlertDelivery[]> {
  const targets = opts.targets ?? alertTargets(opts.env ?? process.env, opts.config);
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const warn = opts.warn ?? ((l: string) => console.error(l));
  const deliveries = await Promise.all(
    targets.map((t) => postJson(t, t.kind === 'slack' ? slackMessage(alert) : webhookPayload(alert), policy)),
  );
  for (const d of deliveries) {
    if (!d.ok) warn(`leadproof: the ${alert.kind} alert was not delivered to the ${d.label}: ${d.error}. The run's verdict is unchanged.`);
  }
  return deliveries;
}
