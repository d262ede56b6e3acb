/**
 * Decides which CRM a command talks to and builds its adapter: a real HubSpot portal or
 * Salesforce org from the environment, or the embedded sandbox when no credentials are set.
 * The sandbox is reached only through the same adapters as production — no back door.
 */
import type { CrmAdapter, CrmKind } from '../../crm/adapter.js';
import { createAdapter, createHubSpotBudget, salesforceSession } from '../../crm/index.js';
import { ConfigError, SafetyError } from '../../errors.js';
import { startSandbox, type SandboxHandle } from '../../sandbox/index.js';
import { checkSiteUrl } from './input.js';
import { shardBudgetShare, type ShardSpec } from './shard-budget.js';

export type CrmChoice = 'sandbox' | CrmKind;

export interface Target {
  kind: CrmKind;
  sandbox: SandboxHandle | null;
  adapter: CrmAdapter;
  /** API base URL (recorded in the ledger so `flush --orphans` can come back; never the token). */
  baseUrl?: string;
  siteUrl: string | null;
}

export function chooseCrm(requested: string | undefined, env: NodeJS.ProcessEnv): { kind: CrmKind; sandbox: boolean; note?: string } {
  const sfCreds = Boolean((env.SF_ACCESS_TOKEN && env.SF_INSTANCE_URL) || (env.SF_CLIENT_ID && env.SF_CLIENT_SECRET));
  const choice = (requested ?? (env.HUBSPOT_ACCESS_TOKEN ? 'hubspot' : sfCreds ? 'salesforce' : 'sandbox')) as CrmChoice;
  if (choice === 'sandbox') return { kind: 'hubspot', sandbox: true };
  if (choice === 'hubspot') {
    if (!env.HUBSPOT_ACCESS_TOKEN) {
      throw new ConfigError([{ file: 'environment', field: 'HUBSPOT_ACCESS_TOKEN', message: 'is not set. Set it to a HubSpot Service Key (Development › Keys › Service keys) or an existing private app token with crm.objects.contacts.read/write, crm.objects.owners.read and crm.schemas.contacts.read, or use --crm sandbox.' }]);
    }
    return { kind: 'hubspot', sandbox: false };
  }
  if (choice === 'salesforce') {
    if (sfCreds) return { kind: 'salesforce', sandbox: false };
    return { kind: 'salesforce', sandbox: true, note: 'No Salesforce credentials (SF_INSTANCE_URL + SF_ACCESS_TOKEN, or SF_CLIENT_ID + SF_CLIENT_SECRET): running against the embedded sandbox Salesforce org.' };
  }
  throw new ConfigError([{ file: 'command line', field: '--crm', message: `"${String(requested)}" is not a CRM leadproof knows; use sandbox, hubspot or salesforce.` }]);
}

export async function openTarget(opts: { crm?: string; stack?: string; site?: string; env?: NodeJS.ProcessEnv; shard?: ShardSpec }): Promise<Target> {
  const env = opts.env ?? process.env;
  const share = shardBudgetShare(opts.shard, env);
  const { kind, sandbox, note } = chooseCrm(opts.crm, env);
  if (note) console.log(note);
  const site = checkSiteUrl(opts.site, env); // before the sandbox starts: a bad URL is exit 2, not a stack trace later
  if (!sandbox) {
    if (opts.stack) throw new ConfigError([{ file: 'command line', field: '--stack', message: 'only applies to the sandbox; drop it when running against a real CRM.' }]);
    return { kind, sandbox: null, ...(await realAdapter(kind, env, share)), siteUrl: site };
  }
  const handle = await startSandbox({ stack: opts.stack });
  try {
    if (kind === 'hubspot') {
      const label = `HubSpot portal ${handle.hubspot.portalId}`;
      const budget = share < 1 ? createHubSpotBudget({ label, share }) : undefined;
      const adapter = createAdapter('hubspot', { accessToken: handle.hubspot.accessToken, baseUrl: handle.hubspot.baseUrl, portalLabel: handle.hubspot.portalId, budget });
      return { kind, sandbox: handle, adapter, baseUrl: handle.hubspot.baseUrl, siteUrl: site ?? handle.siteUrl };
    }
    const sf = handle.salesforce;
    if (!sf) throw new SafetyError('This build of the sandbox has no Salesforce org; use --crm sandbox (HubSpot).');
    const adapter = createAdapter('salesforce', { instanceUrl: sf.instanceUrl, accessToken: sf.accessToken, version: sf.version, orgLabel: sf.orgId, share, webToLeadDailyLimit: sf.webToLead.dailyLimit, webToLeadWindowMs: sf.webToLead.windowMs });
    return { kind, sandbox: handle, adapter, baseUrl: sf.instanceUrl, siteUrl: site ?? handle.siteUrl };
  } catch (err) {
    await handle.stop();
    throw err;
  }
}

/** An adapter for a real CRM (or a standalone sandbox given as a base URL). */
export async function realAdapter(kind: CrmKind, env: NodeJS.ProcessEnv, share = 1): Promise<{ adapter: CrmAdapter; baseUrl?: string }> {
  if (kind === 'hubspot') {
    const baseUrl = env.HUBSPOT_BASE_URL?.replace(/\/+$/, '');
    const portalLabel = env.HUBSPOT_PORTAL_ID;
    // Free/Starter portals allow 100 requests per 10 s, Pro/Enterprise 190; the run uses 80 % of it.
    const limit = env.HUBSPOT_RATE_LIMIT_PER_10S;
    if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) {
      throw new ConfigError([{ file: 'environment', field: 'HUBSPOT_RATE_LIMIT_PER_10S', message: `"${limit}" must be a whole number: 100 on Free/Starter, 190 on Pro/Enterprise.` }]);
    }
    const label = `HubSpot portal ${portalLabel ?? new URL(baseUrl ?? 'https://api.hubapi.com').host}`;
    const budget = limit || share < 1 ? createHubSpotBudget({ label, limitPer10s: limit ? Number(limit) : undefined, share }) : undefined;
    return { adapter: createAdapter('hubspot', { accessToken: env.HUBSPOT_ACCESS_TOKEN!, baseUrl, portalLabel, budget }), baseUrl: baseUrl ?? 'https://api.hubapi.com' };
  }
  // A token as given, or an OAuth2 login (client credentials / username-password) through jsforce.
  const session = await salesforceSession(env);
  if (!session) {
    throw new ConfigError([{ file: 'environment', field: 'SF_INSTANCE_URL/SF_ACCESS_TOKEN', message: 'are not set. Set both, or SF_CLIENT_ID + SF_CLIENT_SECRET (and SF_USERNAME + SF_PASSWORD for the password flow) to log in.' }]);
  }
  const webToLead = webToLeadEnv(env);
  return { adapter: createAdapter('salesforce', { instanceUrl: session.instanceUrl, accessToken: session.accessToken, version: session.version, orgLabel: env.SF_ORG_ID, share, ...webToLead }), baseUrl: session.instanceUrl };
}

/** Test domain: the sandbox's own, or the configured one — required against a real CRM. */
export function resolveTestDomain(target: Target, configured: string | undefined, env: NodeJS.ProcessEnv): string {
  if (target.sandbox) return env.LEADPROOF_TEST_DOMAIN ?? target.sandbox.testDomain;
  const domain = env.LEADPROOF_TEST_DOMAIN ?? configured;
  if (!domain) {
    throw new SafetyError('Refusing to run against a real CRM without a test domain. Set LEADPROOF_TEST_DOMAIN (or testDomain in leadproof.config.yaml) to a domain you own and reserve for synthetic leads; every test email is created on it and flush deletes nothing else.');
  }
  return domain;
}

/** SF_WEB_TO_LEAD_DAILY_LIMIT (default 500) and SF_WEB_TO_LEAD_WINDOW_MS (default 24 h; shorter only for a sandbox org). */
function webToLeadEnv(env: NodeJS.ProcessEnv): { webToLeadDailyLimit?: number; webToLeadWindowMs?: number } {
  const out: { webToLeadDailyLimit?: number; webToLeadWindowMs?: number } = {};
  for (const [name, key] of [['SF_WEB_TO_LEAD_DAILY_LIMIT', 'webToLeadDailyLimit'], ['SF_WEB_TO_LEAD_WINDOW_MS', 'webToLeadWindowMs']] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new ConfigError([{ file: 'environment', field: name, message: `"${raw}" must be a positive whole number.` }]);
    out[key] = n;
  }
  return out;
}
