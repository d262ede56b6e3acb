/**
 * Journeys: the touches a visitor makes before the touch that submits the form. Plain data, the
 * same in TypeScript and YAML. The scenario's own `utm` / `referrer` / `query` stay what they
 * always were: the visit that lands on the form and submits it, so it is the latest touch.
 */

/** UTM parameters of one visit (utm_source ... utm_content on the URL). */
export interface TouchUtm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

/** One page view: where, from which channel. */
export interface JourneyVisit {
  /** Page to open; relative URLs resolve against the site. Default: the form's landing page. */
  url?: string;
  /** UTM parameters put on the URL (an ad, a newsletter link). */
  utm?: TouchUtm;
  /** Referrer the browser sends (organic search, a social post, a partner blog). */
  referrer?: string;
  /** Extra query parameters (e.g. gclid). */
  query?: Record<string, string>;
}

/** One step of a journey: a visit, a wait, or a visit then a wait. */
export interface JourneyStep {
  visit?: JourneyVisit;
  /** How long the visitor stays away after this step: "2s", "1m" (at most 10m). */
  wait?: string;
}

/** A touch as the browser performs it: the URL resolved, the wait in ms. */
export interface PlannedTouch {
  /** Absent for a step that only waits. */
  url?: string;
  referrer?: string;
  waitMs: number;
}
