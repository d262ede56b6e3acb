/** Turns a scenario's journey into the touches the browser performs, with URLs resolved. */
import { parseDuration } from '../scenario/duration.js';
import type { JourneyStep, PlannedTouch, TouchUtm } from './types.js';

/** `base` with the visit's UTMs and extra query parameters on it. */
export function visitUrl(base: string, utm: TouchUtm | undefined, query: Record<string, string> | undefined): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(utm ?? {})) if (v !== undefined) url.searchParams.set(`utm_${k}`, v);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return url.href;
}

/**
 * The touches before the submitting visit. A visit without `url` opens the form's landing page
 * (`landing`, resolved for the CRM in use, without query); a relative `url` resolves against `site`.
 */
export function planTouches(journey: JourneyStep[] | undefined, landing: string, site: string): PlannedTouch[] {
  return (journey ?? []).map((step) => {
    const waitMs = step.wait ? (parseDuration(step.wait) ?? 0) : 0;
    if (!step.visit) return { waitMs };
    const base = step.visit.url ? new URL(step.visit.url, site.endsWith('/') ? site : `${site}/`).href : landing;
    return { url: visitUrl(base, step.visit.utm, step.visit.query), referrer: step.visit.referrer, waitMs };
  });
}

/** Total time a lead's journey waits, for the browser test's timeout. */
export function journeyWaitMs(touches: PlannedTouch[] | undefined): number {
  return (touches ?? []).reduce((sum, t) => sum + t.waitMs, 0);
}
