import { z } from 'zod';
import type { Stack } from '../engine/index.js';
import { sfId } from './ids.js';

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
    /** DailyApiRequests Max (Developer Edition: 15000). */
    dailyApiRequests: z.number().int().min(1).default(15_000),
    /** Web-to-Lead leads per rolling 24 h; beyond it they are queued, not created. */
    webToLeadDailyLimit: z.number().int().min(0).default(500),
    /** Default query page size (the real default is 2000; Sforce-Query-Options can lower it to 200). */
    queryBatchSize: z.number().int().min(1).max(2000).default(2000),
    /** Lifecycle stage (engine value) → Lead Status picklist value. */
    leadStatus: z.record(z.string(), z.string()).default({}),
    /** Form id → custom field API names missing from that Web-to-Lead form (the admin regenerated its HTML without them). */
    webToLeadOmit: z.record(z.string(), z.array(z.string())).default({}),
    /** A duplicate rule on Lead; `block` silently drops matching web leads. */
    duplicateRule: z
      .object({
        name: z.string().min(1),
        /** Which existing-lead field the matching rule compares. */
        match: z.union([z.literal('email'), z.literal('website')]),
        action: z.union([z.literal('block'), z.literal('allow')]).default('block'),
      })
      .optional(),
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
}

export type DuplicateRule = NonNullable<SalesforceSettings['duplicateRule']>;

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
    // Web-to-Lead never updates an existing lead; an org that keeps one lead per person does it
    // with a blocking duplicate rule on Email. A stack whose funnel merges duplicates gets that
    // rule; the `duplicates: create` fault stack does not.
    duplicateRules: [
      ...(settings.duplicateRule ? [settings.duplicateRule] : []),
      ...(stack.duplicates === 'merge' ? [{ name: 'Block duplicate web leads by email', match: 'email' as const, action: 'block' as const }] : []),
    ],
  };
}

function devName(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
