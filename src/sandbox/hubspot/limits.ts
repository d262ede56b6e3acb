import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Stack } from '../engine/index.js';
import { hubspotError } from '../http.js';
import type { SandboxStats } from '../stats.js';

/**
 * Bearer auth plus HubSpot's limits: a rolling 10-second budget per app (with the
 * X-HubSpot-RateLimit-* headers on every answer), a daily budget, and the separate, lower
 * per-second limit of the search endpoints. The headers carry the real counts of the window,
 * including calls other integrations of the portal made (`consume`, for tests).
 */
export class HubspotGate {
  private readonly calls: number[] = [];
  private readonly searches: number[] = [];
  private daily = 0;

  constructor(
    private readonly stack: Stack,
    private readonly stats: SandboxStats,
  ) {}

  /** Returns false after answering the request itself (401 or 429). */
  admit(req: IncomingMessage, res: ServerResponse, opts: { search: boolean }): boolean {
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${this.stack.hubspot.accessToken}`) {
      this.stats.count('hubspot:401');
      hubspotError(
        res,
        401,
        'INVALID_AUTHENTICATION',
        'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
      );
      return false;
    }
    const now = Date.now();
    const { perTenSeconds, searchPerSecond, daily, intervalMs } = this.stack.rateLimit;
    prune(this.calls, now - intervalMs);
    const headers = (remaining: number) => ({
      'X-HubSpot-RateLimit-Max': String(perTenSeconds),
      'X-HubSpot-RateLimit-Remaining': String(Math.max(0, remaining)),
      'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
      'X-HubSpot-RateLimit-Daily': String(daily),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, daily - this.daily)),
    });
    if (this.daily >= daily) {
      this.stats.count('hubspot:429');
      hubspotError(res, 429, 'RATE_LIMITS', 'You have reached your daily limit.', { errorType: 'RATE_LIMIT', policyName: 'DAILY' }, headers(0));
      return false;
    }
    if (this.calls.length >= perTenSeconds) {
      this.stats.count('hubspot:429');
      // No Retry-After: HubSpot does not document sending one, so clients must fall back to the
      // interval header (CRM-FACTS.md) — the sandbox makes sure leadproof's budget does.
      hubspotError(res, 429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, headers(0));
      return false;
    }
    if (opts.search) {
      prune(this.searches, now - 1000);
      if (this.searches.length >= searchPerSecond) {
        this.stats.count('hubspot:429-search');
        // Search answers carry no rate-limit headers (reported for private apps); only the message tells.
        hubspotError(res, 429, 'RATE_LIMITS', 'You have reached your secondly limit.', { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }, {});
        return false;
      }
      this.searches.push(now);
    }
    this.calls.push(now);
    this.daily++;
    if (!opts.search) for (const [k, v] of Object.entries(headers(perTenSeconds - this.calls.length))) res.setHeader(k, v);
    return true;
  }

  /** Another integration of the same portal spends `calls` of the window's (and the day's) budget now. */
  consume(calls: number): void {
    const now = Date.now();
    for (let i = 0; i < calls; i++) this.calls.push(now);
    this.daily += calls;
  }
}

export function prune(times: number[], before: number): void {
  while (times.length > 0 && times[0] <= before) times.shift();
}
