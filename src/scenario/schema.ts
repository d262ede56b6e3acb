/**
 * Runtime schemas for scenario and config files. Strict objects, so a typo such as `expects:` is
 * reported instead of silently ignored. Types come from types.ts; these schemas must accept
 * exactly that shape.
 */
import { z } from 'zod';
import { journeySchema, referrerSchema, touchUtmSchema } from '../journey/schema.js';
import { queueWatchSchema } from '../queue-watch/config.js';
import { parseDuration } from './duration.js';

const matcher = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.strictObject({ oneOf: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.strictObject({ pattern: z.string().refine(isRegExp, 'is not a valid regular expression') }),
  z.strictObject({ present: z.literal(true) }),
  z.strictObject({ absent: z.literal(true) }),
]);

const owner = z.union([
  z.strictObject({ email: z.string().email('must be an owner email address') }),
  z.strictObject({ team: z.string().min(1) }),
  z.strictObject({ queue: z.string().min(1) }),
  z.strictObject({ oneOf: z.array(z.string().min(1)).min(1) }),
], { error: 'owner must have exactly one of: email, team, queue, oneOf' });

const duration = z.string().refine((s) => parseDuration(s) !== null, 'must be a duration such as "30s", "5m" or "1h"');

const lifecycle = z.union([
  z.array(z.string().min(1)).min(1),
  z.strictObject({
    path: z.array(z.string().min(1)).min(1).optional(),
    ends: z.string().min(1).optional(),
    atLeast: z.string().min(1).optional(),
    never: z.array(z.string().min(1)).min(1).optional(),
  }).refine((l) => l.path || l.ends || l.atLeast || l.never, 'needs at least one of path, ends, atLeast, never'),
], { error: 'must be a list of stages such as [lead, marketingqualifiedlead], or { path: [stages], ends: stage, atLeast: stage, never: [stages] }' });

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  form: z.string().min(1),
  utm: touchUtmSchema.optional(),
  referrer: referrerSchema.optional(),
  query: z.record(z.string(), z.string()).optional(),
  journey: journeySchema.optional(),
  lead: z.strictObject({
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    company: z.string().optional(),
    website: z.string().optional(),
    country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as "DE"').optional(),
    employees: z.number().int().nonnegative().optional(),
    title: z.string().optional(),
    phone: z.string().optional(),
    message: z.string().optional(),
    consent: z.boolean().optional(),
  }).optional(),
  expect: z.strictObject({
    fields: z.record(z.string(), matcher).optional(),
    lifecycle: lifecycle.optional(),
    owner: owner.optional(),
    within: duration.optional(),
    unique: z.boolean().optional(),
    settle: duration.optional(),
  }),
  submissions: z.number().int().min(1).max(5).optional(),
  volume: z.number().int().min(1).max(10_000).optional(),
  channel: z.string().optional(),
  branch: z.string().optional(),
  edge: z.array(z.enum(['unmatched-territory', 'duplicate', 'existing-customer', 'fallback-owner', 'not-mql', 'round-robin'])).optional(),
  crm: z.array(z.enum(['hubspot', 'salesforce'])).optional(),
});

const fieldFill = z.union([
  z.string().min(1),
  z.strictObject({ label: z.string().optional(), selector: z.string().optional(), step: z.number().int().min(1).optional() }),
]);

const perCrm = z.strictObject({ hubspot: z.string().optional(), salesforce: z.string().optional() });

export const formProfileSchema = z.strictObject({
  url: z.union([z.string().min(1), perCrm]),
  frame: z.string().optional(),
  fields: z.partialRecord(
    z.enum(['email', 'firstName', 'lastName', 'company', 'website', 'country', 'employees', 'title', 'phone', 'message', 'consent']),
    fieldFill,
  ),
  submit: z.string().optional(),
  next: z.string().optional(),
  renderWait: duration.optional(),
  intake: z.union([
    z.literal(false),
    z.strictObject({ perTenSeconds: z.number().int('must be a whole number of submissions').min(1).max(10_000) }),
  ], { error: 'intake must be false (the form posts somewhere unlimited) or { perTenSeconds: N }' }).optional(),
}).refine((f) => f.fields.email !== undefined, {
  path: ['fields', 'email'],
  message: 'is required: the email carries the test identity, without it flush could never find the lead',
});

export const configSchema = z.strictObject({
  testDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain such as "leadproof.test"').optional(),
  forms: z.record(z.string(), formProfileSchema),
  fieldMap: z.record(z.string(), perCrm).optional(),
  lifecycleMap: z.record(z.string(), perCrm).optional(),
  requireComplete: z.boolean({ message: 'must be true or false' }).optional(),
  taxonomy: z.string().min(1).optional(),
  queueWatch: queueWatchSchema.optional(),
  alerts: z.strictObject({
    slackWebhookUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL (better: set LEADPROOF_SLACK_WEBHOOK_URL, it is a secret)' }).optional(),
    webhookUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL (better: set LEADPROOF_ALERT_WEBHOOK_URL, it is a secret)' }).optional(),
    remindEvery: z.number().int('must be a whole number of failing runs').min(1).optional(),
  }).optional(),
});

/** Whether a user's pattern compiles (taxonomy rules use it too). */
export function isRegExp(p: string): boolean {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}

/** Turns zod issues into "field: message" pairs with dotted paths, in words a scenario author reads. */
export function zodIssues(error: z.ZodError, prefix = ''): { field: string; message: string }[] {
  const at = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter(Boolean).join('.');
  return error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ field: at([...i.path, k]), message: 'is not a field leadproof knows here; check the spelling (see README "Scenario format")' }));
    }
    if (i.code === 'invalid_type' && /received undefined$/.test(i.message)) return [{ field: at(i.path), message: 'is required' }];
    return [{ field: at(i.path), message: i.message }];
  });
}
