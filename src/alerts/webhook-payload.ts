/**
 * The generic webhook's JSON body, `leadproof.alert/v1`. Documented in the README ("Monitoring");
 * receivers switch on `schema`, so a field is only ever added here, never renamed or removed
 * without a new version.
 */
import { ALERT_SCHEMA, type Alert } from './types.js';

export interface WebhookPayloadV1 {
  schema: typeof ALERT_SCHEMA;
  kind: Alert['kind'];
  title: string;
  verdict: string | null;
  lines: string[];
  link: string | null;
  runId: string | null;
  /** ISO time the alert was built. */
  sentAt: string;
  details: Record<string, unknown>;
}

export function webhookPayload(alert: Alert, now = new Date()): WebhookPayloadV1 {
  return {
    schema: ALERT_SCHEMA,
    kind: alert.kind,
    title: alert.title,
    verdict: alert.verdict ?? null,
    lines: alert.lines,
    link: alert.link ?? null,
    runId: alert.runId ?? null,
    sentAt: now.toISOString(),
    details: alert.details ?? {},
  };
}
