/** The alert a stage hands to `sendAlert`, and what became of each delivery. */

/** Version of the generic webhook's JSON body; bumped only on a breaking change. */
export const ALERT_SCHEMA = 'leadproof.alert/v1' as const;

/** Why the alert is sent. */
export type AlertKind = 'failing' | 'still-failing' | 'recovered' | 'queue-accumulation';

export interface Alert {
  /** Why the alert is sent; picks the Slack message's emoji and lets a receiver route it. */
  kind: AlertKind;
  /** One line a person reads first, e.g. "leadproof monitor: routing FAILED (wrong-team)". */
  title: string;
  /** The run's verdict when the alert is about a run: PASSED, INCOMPLETE or FAILED. */
  verdict?: string;
  /** What a person acts on, one fact per line: grouped causes
   *  ("EMEA × mid-market routes to team NA Mid-Market; expected team EMEA Mid-Market — 2 leads"),
   *  or the oldest records parked in a queue. Shown as a list. */
  lines: string[];
  /** Where the evidence is: the report's URL or path. */
  link?: string;
  /** The run the alert is about. */
  runId?: string;
  /** Anything else a machine receiver may want (counts, ids); sent as is in the webhook body. */
  details?: Record<string, unknown>;
}

/** Where an alert goes. The URL is a secret: only `label` is ever printed. */
export interface AlertTarget {
  kind: 'slack' | 'webhook';
  url: string;
  /** "Slack webhook" or "webhook (hooks.example.com)": what messages may show. */
  label: string;
}

/** What became of one target's delivery. A failed delivery never changes a run's verdict. */
export interface AlertDelivery {
  target: AlertTarget['kind'];
  label: string;
  ok: boolean;
  /** HTTP attempts made (1 when the first one was answered with 2xx). */
  attempts: number;
  /** The last HTTP status seen, if any answer came. */
  status?: number;
  /** Why it failed, with the URL scrubbed. */
  error?: string;
}

/** Retry policy of one delivery: exponential back-off inside a bounded total time. */
export interface RetryPolicy {
  /** Retries after the first attempt (default 4). */
  retries: number;
  /** First back-off in ms (default 500; doubles each retry). */
  minTimeoutMs: number;
  /** Deadline of one HTTP attempt in ms (default 10 000). */
  attemptTimeoutMs: number;
  /** Bound on the whole delivery, attempts and waits included, in ms (default 30 000). */
  maxTimeMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 4, minTimeoutMs: 500, attemptTimeoutMs: 10_000, maxTimeMs: 30_000 };
