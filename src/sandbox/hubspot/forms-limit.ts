import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Stack } from '../engine/index.js';
import { hubspotError } from '../http.js';
import type { SandboxStats } from '../stats.js';
import { CORS } from './forms.js';
import { prune } from './limits.js';

const TEN_SECONDS = 10_000;

/**
 * The forms submissions API's own limit, separate from the CRM API budget: submissions per
 * portal over a rolling 10 s, answered with HubSpot's 429 body; a client IP that keeps sending
 * and draws `blockAfter429s` 429s within one second is refused outright for `blockSeconds`.
 * Counters: `hubspot:forms-429` (every 429, blocked ones too) and `hubspot:forms-block` (blocks
 * started), so tests can assert a run never drew either.
 */
export class FormsGate {
  private readonly accepted: number[] = [];
  private readonly recent429 = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly stack: Stack,
    private readonly stats: SandboxStats,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Returns false after answering the request itself (429). */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    const limit = this.stack.formsRateLimit;
    if (limit === false) return true;
    const now = this.now();
    const ip = req.socket.remoteAddress ?? 'unknown';
    if ((this.blockedUntil.get(ip) ?? 0) > now) {
      this.reject(res, `This client is blocked from submitting forms for ${limit.blockSeconds} seconds after repeated rate-limited requests.`);
      return false;
    }
    prune(this.accepted, now - TEN_SECONDS);
    if (this.accepted.length < limit.perTenSeconds) {
      this.accepted.push(now);
      return true;
    }
    const hits = this.recent429.get(ip) ?? [];
    prune(hits, now - 1000);
    hits.push(now);
    this.recent429.set(ip, hits);
    if (hits.length >= limit.blockAfter429s) {
      this.blockedUntil.set(ip, now + limit.blockSeconds * 1000);
      this.recent429.delete(ip);
      this.stats.count('hubspot:forms-block');
    }
    this.reject(res, 'You have reached your ten_secondly_rolling limit.');
    return false;
  }

  private reject(res: ServerResponse, message: string): void {
    this.stats.count('hubspot:forms-429');
    hubspotError(res, 429, 'RATE_LIMITS', message, { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, CORS);
  }
}
