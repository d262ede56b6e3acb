/**
 * The jsforce connection and the one rate budget for a Salesforce org.
 *
 * jsforce retries GET/PUT/DELETE on 420/429/5xx and network errors itself (up to 5 times, 0.5 s
 * doubling) in lib/request.js. Those hidden retries would spend the org's daily API allowance
 * uncounted and ignore the run's budget, so every call here goes through `conn.request` with
 * `retry.methods = []` (no method is retried by jsforce) and the RateBudget does the retrying,
 * counting each attempt. jsforce still does auth headers, URL building, error parsing and
 * `limitInfo` from Sforce-Limit-Info.
 */
import jsforce from 'jsforce';
import { RateBudget, type Clock } from '../budget.js';
import { classifySalesforceError } from './classify.js';
import { crmTimeoutMs, SOCKET_GRACE_MS } from '../timeout.js';

export const DEFAULT_SF_VERSION = '62.0';

export type SfRequest = { method: 'GET' | 'POST' | 'DELETE'; url: string; body?: unknown; headers?: Record<string, string> };

/** One HTTP attempt, no jsforce retries. Relative urls resolve against /services/data/vNN.N. */
export function sfRequest<T>(conn: jsforce.Connection, req: SfRequest): Promise<T> {
  const headers = { ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}), ...req.headers };
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  // jsforce aborts the fetch (closing its socket) after `timeout`; the budget's deadline fires first.
  const timeout = crmTimeoutMs() + SOCKET_GRACE_MS;
  return Promise.resolve(conn.request<T>({ method: req.method, url: req.url, headers, body }, { retry: { methods: [] }, timeout } as Parameters<jsforce.Connection['request']>[1]));
}

export function createConnection(opts: { instanceUrl: string; accessToken: string; version?: string }): jsforce.Connection {
  return new jsforce.Connection({ instanceUrl: opts.instanceUrl.replace(/\/+$/, ''), accessToken: opts.accessToken, version: opts.version ?? DEFAULT_SF_VERSION });
}

export interface SalesforceBudgetOptions {
  /** "Salesforce org 00D...", used in error messages. */
  label: string;
  /** Requests per second the run may send. Salesforce has no short-window API limit, only the
   *  daily allowance and 25 concurrent long requests; this keeps a run polite. Default 20. */
  perSecond?: number;
  /** Requests in flight at once. Default 4. */
  concurrency?: number;
  clock?: Clock;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per-attempt deadline; default LEADPROOF_CRM_TIMEOUT_MS or 30 s. */
  timeoutMs?: number;
  /**
   * This process's share of the pace: shards of one run talk to one org, so shard i/n sends
   * 1/n of the requests per second and holds 1/n of the requests in flight (at least one each).
   * Default 1.
   */
  share?: number;
}

export function createSalesforceBudget(opts: SalesforceBudgetOptions): RateBudget {
  const share = opts.share ?? 1;
  if (!(share > 0 && share <= 1)) throw new RangeError(`A budget share must be in (0, 1] (got ${share}).`);
  return new RateBudget({
    label: opts.label,
    maxPerInterval: Math.max(1, Math.floor((opts.perSecond ?? 20) * share)),
    intervalMs: 1000,
    concurrency: Math.max(1, Math.floor((opts.concurrency ?? 4) * share)),
    classify: classifySalesforceError,
    clock: opts.clock,
    minBackoffMs: opts.minBackoffMs,
    maxBackoffMs: opts.maxBackoffMs,
    timeoutMs: opts.timeoutMs ?? crmTimeoutMs(),
  });
}
