import { z } from 'zod';
import type { Stack } from '../engine/index.js';
import { sfId } from './ids.js';
import { LEAD_FIELDS } from './lead-fields.js';

const duplicateRuleSchema = z
  .object({
    name: z.string().min(1),
    /** Which existing-lead field the matching rule compares. */
    match: z.union([z.literal('email'), z.literal('website')]),
    /** Action on create. `block`, and `allow` with `alert: true`, both drop a matching web lead
     *  silently (Web-to-Lead cannot show the alert); `allow` without an alert lets it in. */
    action: z.union([z.literal('block'), z.literal('allow')]).default('block'),
    alert: z.boolean().default(false),
  })
  .strict();

const validationRuleSchema = z
  .object({
    name: z.string().min(1),
    /** Lead field API name, e.g. Phone, Title, UTM_Source__c. */
    field: z.string().refine((f) => LEAD_FIELDS.some((x) => x.name === f && x.canonical && !x.computed), 'must be a Lead field a web form can fill (e.g. Phone, Title, Company, UTM_Source__c)'),
    /** ISBLANK(field) is an error. */
    required: z.boolean().default(false),
    /** NOT(REGEX(field, pattern)) on a non-blank value is an error; the whole value must match. */
    pattern: z.string().optional(),
    message: z.string().default('Validation failed'),
  })
  .strict();

/**
 * The optional `salesforce:` block of a stack file. Everything has a default derived from the
 * rest of the stack, so one stack drives both CRMs; the block only says what is Salesforce-only
 * (org id, Lead Status values, Web-to-Lead field ids, duplicate rules, org limits).
 */
export const salesforceSettingsSchema = z
  .object({
    orgId: z.string().regex(/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/, 'must be an org id like 00D5g000004LeadPAAS').optional(),
    /** Bearer token the sandbox org accepts. */
    accessToken: z.string().min(8).optional(),
    /** The OAuth username-password flow: `blocked` answers it the way orgs created since Summer '23
     *  do by default (400 invalid_grant "authentication failure", nothing more specific). */
    passwordGrant: z.union([z.literal('allowed'), z.literal('blocked')]).default('allowed'),
    /** DailyApiRequests Max (Developer Edition: 15000). */
    dailyApiRequests: z.number().int().min(1).default(15_000),
    /** Web-to-Lead leads per rolling window (24 h); beyond it posts are queued and created as the window frees. */
    webToLeadDailyLimit: z.number().int().min(0).default(500),
    /** Length of that rolling window in ms: 24 h in Salesforce, seconds in tests. */
    webToLeadWindowMs: z.number().int().min(1).default(86_400_000),
    /** The next N API requests are refused as over the org's concurrent long-request limit
     *  (REQUEST_LIMIT_EXCEEDED "ConcurrentPerOrgLongTxn Limit exceeded."), as when other
     *  integrations hold the org's 25 long-running slots; a client must wait and retry. */
    concurrencyRejections: z.number().int().min(0).default(0),
    /** Default query page size (the real default is 2000; Sforce-Query-Options can lower it to 200). */
    queryBatchSize: z.number().int().min(1).max(2000).default(2000),
    /** Lifecycle stage (engine value) → Lead Status picklist value. */
    leadStatus: z.record(z.string(), z.string()).default({}),
    /** Form id → custom field API names missing from that Web-to-Lead form (the admin regenerated its HTML without them). */
    webToLeadOmit: z.record(z.string(), z.array(z.string())).default({}),
    /** A duplicate rule on Lead (shorthand for a one-rule `duplicateRules`). */
    duplicateRule: duplicateRuleSchema.optional(),
    /** Active duplicate rules on Lead, in evaluation order. */
    duplicateRules: z.array(duplicateRuleSchema).default([]),
    /** Active validation rules on Lead; a web lead failing one is dropped silently. */
    validationRules: z.array(validationRuleSchema).default([]),
    /** Form ids whose Web-to-Lead page carries reCAPTCHA ("Require reCAPTCHA" in Web-to-Lead
     *  settings): posts without a valid token are dropped, so a headless browser never gets through. */
    webToLeadRecaptcha: z.array(z.string()).default([]),
    /** sObjects the integration user's profile cannot see (e.g. AssignmentRule without "View Setup
     *  and Configuration"): a query on them answers INVALID_TYPE, as for an object that does not exist. */
    hiddenObjects: z.array(z.string()).default([]),
    /** The integration user has "Modify All Data" or "Modify Metadata Through Metadata API Functions";
     *  false: every Metadata API call answers INSUFFICIENT_ACCESS (src/sandbox/salesforce/metadata-soap.ts). */
    modifyMetadata: z.boolean().default(true),
  })
  .strict();

export type SalesforceSettings = z.infer<typeof salesforceSettingsSchema>;

/** Typical Lead Status picklist of an org that models the funnel on Lead Status. */
export const DEFAULT_LEAD_STATUS: Record<string, string> = {
  subscriber: 'Open - Nurture',
  lead: 'Open - Not Contacted',
  marketingqualifiedlead: 'Working - MQL',
  salesqualifiedlead: 'Working - SQL',
  opportunity: 'Qualified',
  customer: 'Closed - Converted',
  evangelist: 'Closed - Converted',
  other: 'Closed - Not Converted',
};

export interface SfUser {
  Id: string;
  Username: string;
  Email: string;
  FirstName: string;
  LastName: string;
  Name: string;
  IsActive: boolean;
  UserRoleId: string | null;
  /** Stack owner id this user stands for (null for the integration user). */
  stackOwnerId: string | null;
}

export interface SfQueue {
  Id: string;
  Name: string;
  DeveloperName: string;
  Type: 'Queue';
  Email: string | null;
}

export interface SfRole {
  Id: string;
  Name: string;
  DeveloperName: string;
}

/** The resolved org: settings with defaults plus users, roles and queues built from the stack. */
export interface OrgModel {
  orgId: string;
  accessToken: string;
  settings: SalesforceSettings;
  leadStatus: Record<string, string>;
  users: SfUser[];
  roles: SfRole[];
  queues: SfQueue[];
  /** Owns web leads until routing acts: Salesforce's Default Lead Creator / integration user. */
  integrationUser: SfUser;
  /** Active duplicate rules on Lead, in evaluation order. */
  duplicateRules: DuplicateRule[];
  validationRules: ValidationRule[];
}

export type DuplicateRule = SalesforceSettings['duplicateRules'][number];
export type ValidationRule = SalesforceSettings['validationRules'][number];

/** `overrides` lets tests lower limits and page sizes without a stack file. */
export function buildOrgModel(stack: Stack, overrides: Partial<z.input<typeof salesforceSettingsSchema>> = {}): OrgModel {
  const raw = (stack as Stack & { salesforce?: Record<string, unknown> }).salesforce;
  const settings = salesforceSettingsSchema.parse({ ...(raw ?? {}), ...overrides });
  const orgId = settings.orgId ?? sfId('00D', 424242);
  // One role per team name; a user's role is their first team (Salesforce users have one role).
  const teamNames = [...new Set(stack.owners.map((o) => o.teams[0]).filter((t): t is string => Boolean(t)))];
  const roles = teamNames.map((name, i) => ({ Id: sfId('00E', i + 1), Name: name, DeveloperName: devName(name) }));
  const integrationUser: SfUser = {
    Id: sfId('005', 1),
    Username: `integration@${stack.testDomain}.sandbox`,
    Email: `integration@${stack.testDomain}`,
    FirstName: 'Integration',
    LastName: 'User',
    Name: 'Integration User',
    IsActive: true,
    UserRoleId: null,
    stackOwnerId: null,
  };
  const users: SfUser[] = stack.owners.map((o, i) => ({
    Id: sfId('005', i + 2),
    Username: `${o.email}.sandbox`,
    Email: o.email,
    FirstName: o.firstName,
    LastName: o.lastName,
    Name: `${o.firstName} ${o.lastName}`,
    IsActive: !o.archived,
    UserRoleId: roles.find((r) => r.Name === o.teams[0])?.Id ?? null,
    stackOwnerId: o.id,
  }));
  const queues: SfQueue[] = stack.queues.map((q, i) => ({ Id: sfId('00G', i + 1), Name: q.name, DeveloperName: devName(q.name), Type: 'Queue', Email: null }));
  return {
    orgId,
    accessToken: settings.accessToken ?? `${orgId.slice(0, 15)}!AQ0AQLeadproofSandboxToken`,
    settings,
    leadStatus: { ...DEFAULT_LEAD_STATUS, ...settings.leadStatus },
    users: [integrationUser, ...users],
    roles,
    queues,
    integrationUser,
    validationRules: settings.validationRules,
    // Web-to-Lead never updates an existing lead; an org that keeps one lead per person does it
    // with a blocking duplicate rule on Email. A stack whose funnel merges duplicates gets that
    // rule; the `duplicates: create` fault stack does not.
    duplicateRules: [
      ...(settings.duplicateRule ? [settings.duplicateRule] : []),
      ...settings.duplicateRules,
      ...(stack.duplicates === 'merge' ? [{ name: 'Block duplicate web leads by email', match: 'email' as const, action: 'block' as const, alert: false }] : []),
    ],
  };
}

function devName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
