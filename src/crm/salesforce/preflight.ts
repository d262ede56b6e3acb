/**
 * Preflight for a Salesforce org, read-only: the token works for the REST API, Leads and their
 * history can be queried, Users and Queues can be read, and the org's rolling 24 h API usage
 * (Sforce-Limit-Info) leaves headroom for a run. Problems come back as sentences that say what
 * to fix. Field, owner and queue names the scenarios use are checked by the harness's preflight.
 */
import type jsforce from 'jsforce';
import { CrmAuthError, LeadproofError, CrmTimeoutError } from '../../errors.js';
import type { SfRequest } from './client.js';

interface Deps {
  call: <T>(kind: string, req: SfRequest) => Promise<T>;
  query: <T>(kind: string, soql: string) => Promise<T[]>;
  conn: jsforce.Connection;
  account: string;
}

/** Share of the daily allowance beyond which a run would crowd out production integrations. */
const MAX_USAGE_SHARE = 0.9;

export async function salesforcePreflight({ call, query, conn, account }: Deps): Promise<string[]> {
  const problems: string[] = [];
  const probes: [string, () => Promise<unknown>][] = [
    ['describe Lead', () => call('describe', { method: 'GET', url: '/sobjects/Lead/describe' })],
    ['query Leads', () => query('read', 'SELECT Id FROM Lead LIMIT 1')],
    ['query LeadHistory', () => query('history', 'SELECT Id FROM LeadHistory LIMIT 1')],
    ['query Users and Queues', () => query('owners', "SELECT Id FROM Group WHERE Type = 'Queue' LIMIT 1")],
  ];
  for (const [what, run] of probes) {
    try {
      await run();
    } catch (err) {
      // A CRM that does not answer is not a setup problem to list: the run ends there (exit 3).
      if (err instanceof CrmTimeoutError) throw err;
      // Every other probe would say the same about a rejected token; one sentence is enough.
      if (err instanceof CrmAuthError) return [err.message];
      const message = err instanceof LeadproofError ? err.message : String(err);
      problems.push(`${account}: cannot ${what} (${message}). Give the API user read access to it (and field history tracking on Lead for Status and Owner).`);
    }
  }
  const usage = conn.limitInfo?.apiUsage;
  if (usage && usage.limit > 0 && usage.used / usage.limit > MAX_USAGE_SHARE) {
    problems.push(
      `${account} has used ${usage.used} of ${usage.limit} daily API requests (over ${MAX_USAGE_SHARE * 100}%); a run would crowd out production integrations. Run later or raise the org's API allowance.`,
    );
  }
  return problems;
}
