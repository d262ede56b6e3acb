import { z } from 'zod';
import { salesforceSettingsSchema } from '../salesforce/org-settings.js';

/**
 * The stack file: one GTM setup (owners, territories, routing, lifecycle, forms) that both the
 * HubSpot portal and the Salesforce org of the sandbox are configured from. Misconfigured
 * variants differ from the default by exactly one planted fault.
 */

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address');

const owner = z.object({
  /** HubSpot owner id (numeric string). */
  id: z.string().regex(/^\d+$/, 'must be a numeric string like "101"'),
  email,
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  teams: z.array(z.string().min(1)).default([]),
  /** A deactivated user: listed only under `archived=true`, yet contacts may still point at it (a workflow left behind). */
  archived: z.boolean().default(false),
});

const queue = z.object({ name: z.string().min(1), members: z.array(email).default([]) });

const segment = z.object({ name: z.string().min(1), minEmployees: z.number().int().min(0) });

/** HubSpot workflow ids are plain numbers (the flow id in the workflow editor's URL). */
const workflowId = z.string().regex(/^\d+$/, 'must be a numeric workflow id like "51200101"');

/** Who gets a lead. Exactly one key. */
const assign = z.union([
  z.object({ owner: email }).strict(),
  z.object({ team: z.string().min(1) }).strict(),
  z.object({ pool: z.array(email).min(1) }).strict(),
  z.object({ accountOwner: z.literal(true) }).strict(),
  z.object({ queue: z.string().min(1) }).strict(),
]);

const routingRule = z.object({
  name: z.string().min(1),
  match: z
    .object({
      territory: z.string().optional(),
      segment: z.string().optional(),
      existingCustomer: z.boolean().optional(),
      form: z.string().optional(),
    })
    .strict()
    .default({}),
  assign,
  /** Seconds the routing workflow waits before it sets the owner. */
  delaySeconds: z.number().min(0).default(1),
  /** The workflow's id in property history (HubSpot `sourceId`); default: numbered by position. */
  workflowId: workflowId.optional(),
  /**
   * A second rule that takes the lead away again `afterSeconds` after this one assigned it — an
   * old re-routing workflow left switched on. Its change is recorded as its own workflow's.
   */
  reassign: z
    .object({ name: z.string().min(1), assign, afterSeconds: z.number().min(0), workflowId: workflowId.optional() })
    .strict()
    .optional(),
});

const lifecycleRule = z.object({
  name: z.string().min(1),
  /** All given conditions must hold. */
  when: z
    .object({ forms: z.array(z.string()).optional(), minEmployees: z.number().int().min(0).optional() })
    .strict(),
  stage: z.string().min(1),
  delaySeconds: z.number().min(0).default(2),
  /**
   * HubSpot moves a lifecycle stage backwards only when the workflow clears the property first
   * (a direct set to an earlier stage is ignored, without an error); true models such a workflow,
   * e.g. a re-scoring workflow that sends MQLs back to lead. Salesforce's Lead Status has no order,
   * so there any rule sets any status and this is not needed.
   */
  clearFirst: z.boolean().default(false),
  /** The workflow's id as the CRM's history names it (HubSpot sourceId); default derived from the rule's position. */
  workflowId: z.string().regex(/^\d+$/, 'must be a numeric workflow id like "51300101"').optional(),
});

const form = z.object({
  id: z.string().min(1),
  guid: z.string().regex(/^[0-9a-f-]{36}$/, 'must be a GUID like 3f1c9a52-7d4e-4b8a-9c1d-2e5f6a7b8c01'),
  /** Path of the landing page on the demo site. */
  page: z.string().startsWith('/'),
  layout: z.union([z.literal('demo'), z.literal('ebook'), z.literal('contact-sales')]),
  title: z.string().min(1),
  /**
   * How the page draws the form. `hubspot-embed` is what HubSpot's embed code renders: labels
   * `<span>First name</span><span class="hs-form-required">*</span>`, a country list that posts
   * country names, and the form inserted by script after `renderDelayMs`.
   */
  style: z.union([z.literal('plain'), z.literal('hubspot-embed')]).default('plain'),
  renderDelayMs: z.number().int().min(0).max(60_000).default(0),
  /** Whether the page loads the tracking script that sets the `hubspotutk` visitor cookie. */
  visitorCookie: z.boolean().default(true),
  /** Hidden form fields the portal maps to contact properties; others are silently dropped. */
  mappedHiddenFields: z.array(z.string()).default([]),
  required: z.array(z.string()).default(['email']),
  /**
   * The page guards its form with a per-page, single-use token (a hidden `form_nonce`, as CSRF-
   * protected site forms do): the endpoint refuses a post without a token the page issued, or
   * with one already used. Protocol replay must refuse such a form (src/replay/template.ts).
   */
  nonce: z.boolean().default(false),
  inlineMessage: z.string().default('Thanks! We will be in touch shortly.'),
});

/**
 * HubSpot's limit on the unauthenticated forms submissions API: 50 per 10 s (per portal here),
 * and a caller that draws ten 429s within one second is blocked for a minute (developer changelog
 * "Additional rate limit protection being added to Form Submissions API"). false turns it off.
 */
const formsRateLimit = z.union([
  z.literal(false),
  z
    .object({
      perTenSeconds: z.number().int().min(1).default(50),
      /** 429s within one second from one client IP that trigger the block. */
      blockAfter429s: z.number().int().min(1).default(10),
      blockSeconds: z.number().min(0).default(60),
    })
    .strict(),
]);

export const stackSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    testDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]+$/, 'must be a domain like leadproof.test'),
    hubspot: z
      .object({
        portalId: z.string().regex(/^\d+$/),
        accessToken: z.string().min(8),
        /** Scopes the portal's token lacks (e.g. `automation`): calls that need them answer 403 MISSING_SCOPES. */
        missingScopes: z.array(z.string().min(1)).default([]),
      })
      .default({ portalId: '424242', accessToken: 'pat-sandbox-00000000-leadproof', missingScopes: [] }),
    searchLagSeconds: z.number().min(0).default(3),
    rateLimit: z
      .object({
        perTenSeconds: z.number().int().min(1).default(190),
        searchPerSecond: z.number().int().min(1).default(5),
        daily: z.number().int().min(1).default(250_000),
        /** Length of the rolling window `perTenSeconds` counts over (HubSpot: 10 s; tests shorten it). Sent as X-HubSpot-RateLimit-Interval-Milliseconds. */
        intervalMs: z.number().int().min(100).default(10_000),
      })
      .default({ perTenSeconds: 190, searchPerSecond: 5, daily: 250_000, intervalMs: 10_000 }),
    formsRateLimit: formsRateLimit.default({ perTenSeconds: 50, blockAfter429s: 10, blockSeconds: 60 }),
    owners: z.array(owner).min(1),
    queues: z.array(queue).default([]),
    territories: z.record(z.string(), z.array(z.string().regex(/^[A-Z]{2}$/, 'must be ISO alpha-2 codes like DE'))),
    segments: z.array(segment).min(1),
    customers: z.array(z.object({ domain: z.string().min(3), name: z.string().min(1), owner: email })).default([]),
    routing: z.array(routingRule).default([]),
    fallback: z.object({ owner: email, queue: z.string().optional(), delaySeconds: z.number().min(0).default(1) }),
    lifecycle: z.object({
      initialStage: z.string().default('lead'),
      /** false reproduces "the MQL workflow was never turned on". */
      workflowsEnabled: z.boolean().default(true),
      rules: z.array(lifecycleRule).default([]),
    }),
    duplicates: z.union([z.literal('merge'), z.literal('create')]).default('merge'),
    customProperties: z.array(z.string()).default([]),
    /**
     * The site's tracking loses the first touch: the HubSpot snippet mints a new visitor cookie on
     * every page and the Web-to-Lead page script keeps no first-touch cookie, so a multi-touch
     * visitor's original source is that of its last visit (a journey scenario catches it).
     */
    trackingDropsFirstTouch: z.boolean().default(false),
    forms: z.array(form).min(1),
    /** Salesforce-only settings of the org view (src/sandbox/salesforce/org-settings.ts). */
    salesforce: salesforceSettingsSchema.optional(),
    seed: z.object({ count: z.number().int().min(0).max(2000).default(300), seed: z.number().int().default(42) }).default({ count: 300, seed: 42 }),
    /**
     * Real (non-test) leads that routing left with the fallback owner (the fallback queue on
     * Salesforce) and nobody picked up: `count` of them, created between `newestMinutes` and
     * `oldestMinutes` ago — a default queue filling up, for queue-watch to catch.
     */
    parkedInFallback: z
      .object({ count: z.number().int().min(1).max(500), oldestMinutes: z.number().min(1), newestMinutes: z.number().min(0) })
      .strict()
      .refine((p) => p.newestMinutes <= p.oldestMinutes, { message: 'newestMinutes must not be more than oldestMinutes', path: ['newestMinutes'] })
      .optional(),
  })
  .strict();

export type Stack = z.infer<typeof stackSchema>;
export type StackOwner = z.infer<typeof owner>;
export type RoutingRule = z.infer<typeof routingRule>;
export type Assign = z.infer<typeof assign>;
export type StackForm = z.infer<typeof form>;
