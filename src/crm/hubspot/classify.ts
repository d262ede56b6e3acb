/**
 * What a failed `@hubspot/api-client` call means for the shared rate budget. The SDK throws
 * `ApiException` (`.code` = HTTP status, `.body` parsed JSON or text, `.headers` lower-cased)
 * for HTTP errors, node-fetch's `FetchError` (string `.code` such as ECONNRESET) for network
 * failures, and a plain Error when a response has no Content-Type (e.g. a proxy's 502 page).
 */
import type { FailureClass } from '../budget.js';

const SECONDLY_LIMIT_MESSAGE = 'You have reached your secondly limit.';
/** Shapes of HubSpot credentials and auth headers, scrubbed from anything we put in a message. */
const SECRET_PATTERNS = [/\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g, /Bearer\s+\S+/gi];

interface HttpishError {
  code?: unknown;
  body?: unknown;
  headers?: Record<string, string>;
  message?: string;
  name?: string;
}

export function classifyHubSpotError(err: unknown): FailureClass {
  const e = (err ?? {}) as HttpishError;
  const status = typeof e.code === 'number' ? e.code : undefined;
  if (status === undefined) return classifyWithoutStatus(e);

  const body = e.body;
  const headers = e.headers ?? {};
  const detail = bodyMessage(body);
  const reason = redactSecrets(`HTTP ${status}${detail ? `: ${detail}` : ''}`);

  if (status === 401) {
    return {
      action: 'auth', reason, status,
      message:
        'HubSpot rejected the access token (401). Check HUBSPOT_ACCESS_TOKEN: it must be the current ' +
        'Service Key (or private app token) of the portal under test (tokens stop working when rotated or deleted).',
    };
  }
  if (status === 403) {
    const scopes = requiredScopes(body);
    const which = scopes.length > 0 ? scopes.join(', ') : 'crm.objects.contacts.read, crm.objects.contacts.write and crm.objects.owners.read';
    return {
      action: 'auth', reason, status,
      message: `HubSpot refused the call (403): the token is missing a scope. Add ${which} to the Service Key (or private app), then use its token again.`,
    };
  }
  if (status === 429) {
    if (policyName(body) === 'DAILY') {
      // Waiting hours for tomorrow's quota is not a retry; say so instead.
      return {
        action: 'abort', reason: redactSecrets(`HTTP 429: the portal's daily API limit is used up (${detail})`), status,
        hint: 'Run again after the daily limit resets (midnight in the portal\'s time zone), or with fewer leads.',
      };
    }
    const delayMs = retryAfterMs(headers['retry-after']) ?? headerMs(headers['x-hubspot-ratelimit-interval-milliseconds'])
      ?? (detail === SECONDLY_LIMIT_MESSAGE ? 1000 : undefined);
    return { action: 'retry', reason, status, rateLimited: true, delayMs };
  }
  if (status >= 500) return { action: 'retry', reason, status, delayMs: retryAfterMs(headers['retry-after']) };
  return { action: 'abort', reason, status };
}

function classifyWithoutStatus(e: HttpishError): FailureClass {
  const message = redactSecrets(e.message ?? String(e));
  // node-fetch FetchError: system errors (ECONNRESET, ETIMEDOUT, ...) are worth retrying.
  if (e.name === 'FetchError' || typeof e.code === 'string') return { action: 'retry', reason: `network error: ${message}` };
  // The SDK cannot parse a body without Content-Type; that is a gateway/proxy page, not HubSpot's answer.
  if (/No Content-Type defined/i.test(message)) return { action: 'retry', reason: 'response without Content-Type (gateway or proxy error)' };
  return { action: 'abort', reason: message };
}

/** Seconds or an HTTP date, as RFC 9110 allows. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function headerMs(value: string | undefined): number | undefined {
  const ms = Number(value);
  return value && Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

function bodyMessage(body: unknown): string {
  if (typeof body === 'string') return body.slice(0, 300);
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return '';
}

function policyName(body: unknown): string | undefined {
  return body && typeof body === 'object' ? ((body as { policyName?: string }).policyName ?? undefined) : undefined;
}

/** HubSpot names the missing scopes somewhere in a 403 body (`requiredScopes`, `requiredGranularScopes`...). */
function requiredScopes(body: unknown, depth = 0): string[] {
  if (!body || typeof body !== 'object' || depth > 4) return [];
  const found = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (/scopes$/i.test(key) && Array.isArray(value)) value.filter((v) => typeof v === 'string').forEach((v) => found.add(v));
    else if (value && typeof value === 'object') requiredScopes(value, depth + 1).forEach((v) => found.add(v));
  }
  return [...found];
}

export function redactSecrets(text: string, secrets: string[] = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  for (const p of SECRET_PATTERNS) out = out.replace(p, (m) => (m.toLowerCase().startsWith('bearer') ? 'Bearer ***' : '***'));
  return out;
}

/** Scrub secrets from an error and its cause chain in place, so logging it can never leak them. */
export function scrubError(err: unknown, secrets: string[]): void {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    e.message = redactSecrets(e.message, secrets);
    if (e.stack) e.stack = redactSecrets(e.stack, secrets);
  }
}
