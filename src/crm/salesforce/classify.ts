/**
 * What a failed jsforce call means for the shared rate budget. jsforce throws an `HttpApiError`
 * whose `errorCode` (also its `name`) is Salesforce's code from the `[{ message, errorCode }]`
 * body, or `ERROR_HTTP_<status>` when the body had none; it does not expose the HTTP status.
 * Network failures are node-fetch `FetchError`s with a string `code` (ECONNRESET, ...).
 */
import type { FailureClass } from '../budget.js';

const AUTH_CODES = new Set(['INVALID_SESSION_ID', 'INVALID_AUTH_HEADER', 'INVALID_LOGIN']);
const PERMISSION_CODES = new Set(['API_DISABLED_FOR_ORG', 'API_CURRENTLY_DISABLED', 'INSUFFICIENT_ACCESS', 'INSUFFICIENT_ACCESS_OR_READONLY']);
const TRANSIENT_CODES = new Set(['SERVER_UNAVAILABLE', 'UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT', 'UNKNOWN_EXCEPTION']);
/** REQUEST_LIMIT_EXCEEDED messages that name a concurrency limit rather than the daily allowance. */
const CONCURRENCY_LIMIT = /\bConcurrent(Requests|PerOrgLongTxn|PerOrgApex|\w*Txn)\b/i;
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'ENETUNREACH']);

/** Salesforce session ids / OAuth tokens (`00D...!...`) and auth headers. */
const SECRET_PATTERNS = [/\b00D[a-zA-Z0-9]{12,15}![A-Za-z0-9._-]+/g, /Bearer\s+\S+/gi];

export function redactSalesforceSecrets(text: string, extra: string[] = []): string {
  let out = text;
  for (const s of extra) if (s) out = out.split(s).join('[redacted]');
  for (const p of SECRET_PATTERNS) out = out.replace(p, '[redacted]');
  return out;
}

export function classifySalesforceError(err: unknown): FailureClass {
  const e = (err ?? {}) as { errorCode?: unknown; code?: unknown; name?: unknown; message?: unknown };
  // SOAP faults (Metadata API) carry the same codes with the `sf:` namespace prefix (`sf:INVALID_SESSION_ID`).
  const code = typeof e.errorCode === 'string' ? e.errorCode.replace(/^sf:/, '') : undefined;
  const message = redactSalesforceSecrets(typeof e.message === 'string' ? e.message.trim() : String(err));
  if (!code) {
    const net = typeof e.code === 'string' ? e.code : undefined;
    if (e.name === 'FetchError' || (net && NETWORK_CODES.has(net))) return { action: 'retry', reason: `network: ${net ?? message}` };
    return { action: 'abort', reason: message };
  }
  const reason = `${code}: ${message.split('\n').filter(Boolean).pop() ?? message}`;
  if (AUTH_CODES.has(code)) {
    return {
      action: 'auth', reason, status: 401,
      message:
        'Salesforce rejected the access token (INVALID_SESSION_ID). Set SF_ACCESS_TOKEN to a current session ' +
        'token for SF_INSTANCE_URL (sessions expire; get a new one with `sf org display` or an OAuth login).',
    };
  }
  if (PERMISSION_CODES.has(code)) {
    return {
      action: 'auth', reason, status: 403,
      message: `Salesforce refused the call (${code}). The user behind SF_ACCESS_TOKEN needs "API Enabled" and read/delete access to Leads, Users and Groups.`,
    };
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED' && CONCURRENCY_LIMIT.test(message)) {
    // The same code is used for too many requests in flight at once (long ones count against
    // ConcurrentPerOrgLongTxn): those finish within seconds, so waiting and retrying works.
    return { action: 'retry', reason, status: 403, rateLimited: true };
  }
  if (code === 'REQUEST_LIMIT_EXCEEDED') {
    // The org's rolling 24-hour API allowance ("TotalRequests Limit exceeded") is used up:
    // retrying within a run cannot help.
    return { action: 'abort', reason, status: 403, hint: 'The org has used its daily API requests; wait for the 24-hour window to free up or raise the allowance, then run again with fewer leads.' };
  }
  const http = /^ERROR_HTTP_(\d{3})$/.exec(code);
  const status = http ? Number(http[1]) : undefined;
  if (status === 429 || status === 420) return { action: 'retry', reason, status, rateLimited: true };
  if ((status !== undefined && status >= 500) || TRANSIENT_CODES.has(code)) return { action: 'retry', reason, status };
  return { action: 'abort', reason, status };
}
