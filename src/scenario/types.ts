/**
 * What a scenario author writes. Plain data: `defineScenario()` is an identity function that only
 * gives editors the types. The same shape is accepted from YAML.
 */

import type { JourneyStep, TouchUtm } from '../journey/index.js';
import type { QueueWatchInput } from '../queue-watch/config.js';

/** How a CRM value is matched. A bare string/number/boolean means "exactly this". */
export type FieldMatcher =
  | string
  | number
  | boolean
  | { oneOf: (string | number)[] }
  | { pattern: string }
  | { present: true }
  | { absent: true };

/** Who must own the lead. Exactly one key. */
export type OwnerExpectation =
  | { email: string }
  | { team: string }
  | { queue: string }
  | { oneOf: string[] };

export interface LifecycleExpectation {
  /** Stages the history must show, in this order (others may sit between); the lead must not
   *  fall back before the last of them. */
  path?: string[];
  /** The stage the lead must be at when its window closes. */
  ends?: string;
  /** A floor: the lead must reach this stage or a later one (in the CRM's stage order) and stay there. */
  atLeast?: string;
  /** Stages the lead must never reach within the window. Every stage after them in the CRM's
   *  order is forbidden too, unless path/ends/atLeast name it. */
  never?: string[];
}

export interface Expectations {
  /** CRM values by field name: a logical name from `fieldMap` or a CRM-native name. */
  fields?: Record<string, FieldMatcher>;
  /** Ordered lifecycle path; an array is shorthand for `{ path }`. */
  lifecycle?: string[] | LifecycleExpectation;
  /** Owner after routing. */
  owner?: OwnerExpectation;
  /** SLA from submission to the CRM's own timestamp of the owner assignment, and the window
   *  for every other check: "45s", "5m", "1h". Default "2m". */
  within?: string;
  /** Exactly one record for this email after all submissions (duplicate handling). */
  unique?: boolean;
  /**
   * How long what passed must still hold after it was first seen right: "5s" (default), "30s".
   * The record is read again then; a later reassignment or a stage moved back fails the lead.
   */
  settle?: string;
}

/** Attributes of the synthetic person. Faker fills whatever is not given. */
export interface LeadAttributes {
  firstName?: string;
  lastName?: string;
  company?: string;
  /** Company website/domain, e.g. "globex.example" — how existing customers are matched. */
  website?: string;
  /** ISO 3166 alpha-2 country code; picks the faker locale too. */
  country?: string;
  employees?: number;
  title?: string;
  phone?: string;
  message?: string;
  /** Marketing consent checkbox. Default true. */
  consent?: boolean;
}

/** utm_source ... utm_content of the landing URL. */
export type UtmParams = TouchUtm;

export interface ScenarioInput {
  /** Human name, shown in every report: "EMEA enterprise demo request from LinkedIn ads". */
  name: string;
  /** Form profile id from the project config (`forms:`). */
  form: string;
  /** UTM parameters put on the landing-page URL (the page's own script must carry them). */
  utm?: UtmParams;
  /** Referrer the browser sends when opening the landing page (referral / organic search). */
  referrer?: string;
  /** Extra query parameters for the landing URL (e.g. gclid). */
  query?: Record<string, string>;
  /**
   * Touches before the one that submits, in the same browser (same visitor cookie): visits with
   * their own UTMs/referrer, and waits. `utm`/`referrer`/`query` above stay the submitting visit,
   * so they are the latest touch. See README "Journeys".
   */
  journey?: JourneyStep[];
  lead?: LeadAttributes;
  expect: Expectations;
  /** How many times the same person submits (2 for a duplicate-handling scenario). Default 1. */
  submissions?: number;
  /** For volume runs: this many leads on this branch. Default 1. */
  volume?: number;
  /** Marketing channel this lead proves, e.g. "paid-search" (reports group by it). */
  channel?: string;
  /** Routing branch this lead proves, e.g. "EMEA × enterprise" (routing matrix rows). */
  branch?: string;
  /** Edge cases this lead exercises (checklist items in the report). */
  edge?: EdgeCase[];
  /** Only run on these CRMs (default: all). */
  crm?: ('hubspot' | 'salesforce')[];
}

export type EdgeCase = 'unmatched-territory' | 'duplicate' | 'existing-customer' | 'fallback-owner' | 'not-mql' | 'round-robin';

/** Identity function: gives scenario files types and editor completion. */
export function defineScenario(s: ScenarioInput): ScenarioInput {
  return s;
}

/** How to fill one form field: by visible label (default) or by CSS selector. */
export interface FieldFill {
  label?: string;
  selector?: string;
  /** Which step of a multi-step form the field is on (1-based). Default 1. */
  step?: number;
}

/** A form profile: where the form lives and how a person fills it. */
export interface FormProfile {
  /** URL of the landing page; relative URLs resolve against the site base URL. A map gives one per CRM. */
  url: string | Partial<Record<'hubspot' | 'salesforce', string>>;
  /** Selector of the iframe the form lives in, when it does. */
  frame?: string;
  /** Lead attribute → how to fill it. Attributes not listed are not filled. */
  fields: Partial<Record<keyof LeadAttributes | 'email', FieldFill | string>>;
  /** Button that submits (accessible name); on multi-step forms, `next` advances a step. */
  submit?: string;
  next?: string;
  /** How long to wait for a form rendered late by script to show its first field: "20s".
   *  Default 15 s (LEADPROOF_FORM_RENDER_MS). */
  renderWait?: string;
  /**
   * How fast the run may submit this form, shared by every browser worker (and split over
   * `--shard`s): `{ perTenSeconds: 40 }`, or `false` when the form posts somewhere without a rate
   * limit. Default: the CRM's form endpoint limit with a margin (HubSpot forms: 40 per 10 s).
   */
  intake?: false | { perTenSeconds: number };
}

/** Project configuration: `scenarios/leadproof.config.yaml` (or `.ts`). */
export interface ProjectConfig {
  /** Domain every synthetic email is on. Required against a real CRM. */
  testDomain?: string;
  /** Form profiles by id. */
  forms: Record<string, FormProfile>;
  /** Logical field name → native name per CRM, so one scenario set runs on both. */
  fieldMap?: Record<string, Partial<Record<'hubspot' | 'salesforce', string>>>;
  /** Lifecycle stage names per CRM when they differ (logical → native value). */
  lifecycleMap?: Record<string, Partial<Record<'hubspot' | 'salesforce', string>>>;
  /** Exit 1 when the run is INCOMPLETE (nothing failed, but definition-of-done items were not
   *  exercised), as `run --require-complete` does. Default false: INCOMPLETE exits 0. */
  requireComplete?: boolean;
  /** The UTM taxonomy file, relative to this config (default: taxonomy.yaml in the working folder, when there is one). */
  taxonomy?: string;
  /** `npx leadproof queue-watch`: which owners/queues are the default queue, the age threshold, the alert limit. */
  queueWatch?: QueueWatchInput;
  /** Where `leadproof monitor` sends alerts. The environment (LEADPROOF_SLACK_WEBHOOK_URL,
   *  LEADPROOF_ALERT_WEBHOOK_URL) wins; webhook URLs are secrets, keep them out of the repository. */
  alerts?: {
    /** Slack incoming-webhook URL. */
    slackWebhookUrl?: string;
    /** Generic JSON webhook URL (body `leadproof.alert/v1`). */
    webhookUrl?: string;
    /** While failing, a reminder every N-th failing run in a row (`monitor --remind-every` wins). */
    remindEvery?: number;
  };
}

/** Identity function for `leadproof.config.ts`. */
export function defineConfig(c: ProjectConfig): ProjectConfig {
  return c;
}
