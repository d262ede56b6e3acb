/**
 * A HubSpot budget that learns the portal's real limit from the `X-HubSpot-RateLimit-*` headers
 * every answer carries (CRM-FACTS.md): the configured limit is a guess (190 or 100 per 10 s), the
 * token's actual one is in `-Max`, and `-Remaining` counts every app of the portal. So the run
 * uses the smaller of the configured limit and what the portal reports (times the margin and the
 * shard's share), and holds off for a whole window when `Remaining` falls into the reserve the
 * margin keeps for the portal's other integrations.
 */
import { RateBudget, type RateBudgetOptions } from '../budget.js';

export interface PortalLimitOptions {
  /** Requests per window the user configured (HUBSPOT_RATE_LIMIT_PER_10S; default 190). */
  configured: number;
  /** Share of the portal's limit a run may use; the rest is the reserve for other integrations. */
  margin: number;
  /** This process's share of the run's budget (1/n for shard i/n). */
  share: number;
}

export class HubSpotBudget extends RateBudget {
  private reported: { max: number; intervalMs: number } | null = null;

  constructor(
    options: RateBudgetOptions,
    private readonly portal: PortalLimitOptions,
  ) {
    super(options);
  }

  /** The portal's limit as last reported, or null before the first answer with headers. */
  get reportedLimit(): { max: number; intervalMs: number } | null {
    return this.reported && { ...this.reported };
  }

  /** Response headers (lower-case names) of any HubSpot answer, successful or not. */
  observeHeaders(headers: Record<string, string | undefined>): void {
    const max = positiveInt(headers['x-hubspot-ratelimit-max']);
    if (max === undefined) return; // search answers carry none
    const intervalMs = positiveInt(headers['x-hubspot-ratelimit-interval-milliseconds']) ?? this.limitNow.intervalMs;
    const { configured, margin, share } = this.portal;
    const maxPerInterval = Math.max(1, Math.floor(Math.min(configured, max) * margin * share));
    const now = this.limitNow;
    if (now.maxPerInterval !== maxPerInterval || now.intervalMs !== intervalMs) this.setLimit({ maxPerInterval, intervalMs });
    this.reported = { max, intervalMs };
    const remaining = nonNegativeInt(headers['x-hubspot-ratelimit-remaining']);
    // Our own use stays within the margin, so a Remaining inside the reserve means others are busy
    // too: wait a whole window, after which every call counted in this Remaining has rolled off.
    if (remaining !== undefined && remaining < max * (1 - margin)) this.holdOff(intervalMs);
  }
}

function positiveInt(v: string | undefined): number | undefined {
  const n = nonNegativeInt(v);
  return n !== undefined && n > 0 ? n : undefined;
}

function nonNegativeInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  return Number(v);
}
