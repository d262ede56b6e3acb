/**
 * One JSON POST to a webhook with retries (p-retry: exponential back-off, a bound on the total
 * time). 5xx, 408, 429 and network failures are retried; any other 4xx means the URL or the
 * payload is wrong and retrying will not help. Slack answers 429 with Retry-After, which is
 * honoured within the time bound. Every error text has the URL scrubbed: it is a secret.
 */
import pRetry, { AbortError } from 'p-retry';
import { LeadproofError } from '../errors.js';
import type { AlertDelivery, AlertTarget, RetryPolicy } from './types.js';

/** One failed attempt; `retryAfterMs` when the receiver asked us to wait. */
export class AlertPostError extends LeadproofError {
  readonly status?: number;
  readonly retryAfterMs?: number;
  constructor(message: string, opts: { status?: number; retryAfterMs?: number } = {}) {
    super('ALERT_DELIVERY', message, { exitCode: 3 });
    this.status = opts.status;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

export async function postJson(target: AlertTarget, body: unknown, policy: RetryPolicy): Promise<AlertDelivery> {
  const started = Date.now();
  let attempts = 0;
  let status: number | undefined;
  const attempt = async () => {
    attempts += 1;
    const left = policy.maxTimeMs - (Date.now() - started);
    let res: Response;
    try {
      res = await fetch(target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'leadproof-alerts' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(Math.max(1, Math.min(policy.attemptTimeoutMs, left))),
      });
    } catch (err) {
      throw new AlertPostError(`no answer (${reason(err)})`);
    }
    status = res.status;
    const text = await res.text().catch(() => '');
    if (res.ok) return;
    const what = `HTTP ${res.status}${text ? ` ${JSON.stringify(text.slice(0, 120))}` : ''}`;
    if (res.status >= 500 || res.status === 408 || res.status === 429) {
      throw new AlertPostError(what, { status: res.status, retryAfterMs: retryAfter(res.headers.get('retry-after')) });
    }
    throw new AbortError(new AlertPostError(`${what}; check the webhook URL (retrying will not help)`, { status: res.status }));
  };
  try {
    await pRetry(attempt, {
      retries: policy.retries,
      minTimeout: policy.minTimeoutMs,
      factor: 2,
      maxRetryTime: policy.maxTimeMs,
      onFailedAttempt: async ({ error }) => {
        const wait = (error as AlertPostError).retryAfterMs;
        const left = policy.maxTimeMs - (Date.now() - started);
        if (wait && wait < left) await new Promise((r) => setTimeout(r, wait));
      },
    });
    return { target: target.kind, label: target.label, ok: true, attempts, ...(status ? { status } : {}) };
  } catch (err) {
    const error = scrub(`${(err as Error).message} after ${attempts} attempt${attempts === 1 ? '' : 's'}`, target.url);
    return { target: target.kind, label: target.label, ok: false, attempts, ...(status ? { status } : {}), error };
  }
}

/** Retry-After in seconds (or an HTTP date), as ms; undefined when absent or unreadable. */
function retryAfter(h: string | null): number | undefined {
  if (!h) return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(h);
  return Number.isNaN(t) ? undefined : Math.max(0, t - Date.now());
}

function reason(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/** Removes the URL (and its path, where a Slack webhook keeps its secret) from a message. */
export function scrub(message: string, url: string): string {
  let out = message.split(url).join('<webhook URL>');
  try {
    const u = new URL(url);
    if (u.pathname.length > 1) out = out.split(u.pathname).join('/<secret>');
    if (u.search.length > 1) out = out.split(u.search).join('?<secret>');
    if (u.password) out = out.split(u.password).join('<secret>');
  } catch {
    /* not a URL: the whole string was scrubbed above */
  }
  return out;
}
