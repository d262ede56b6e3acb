/**
 * Preflight for a HubSpot portal: prove the token works and carries the read scopes a run needs,
 * with read-only calls only. Problems come back as sentences that say what to fix.
 */
import { CrmAuthError, LeadproofError, CrmTimeoutError } from '../../errors.js';
import type { HubSpotApis } from './client.js';

type Call = <T>(kind: string, fn: () => Promise<T>) => Promise<T>;

interface Probe {
  what: string;
  scope: string;
  run: (apis: HubSpotApis, call: Call) => Promise<unknown>;
}

/** An address HubSpot will never hold: reading it proves access without touching real data. */
const PROBE_EMAIL = 'leadproof-preflight@example.invalid';

const PROBES: Probe[] = [
  {
    what: 'read contacts',
    scope: 'crm.objects.contacts.read',
    run: (apis, call) =>
      call('read', () => apis.batch.read({ idProperty: 'email', inputs: [{ id: PROBE_EMAIL }], properties: ['email'], propertiesWithHistory: [] }, false, apis.callOptions)),
  },
  {
    what: 'list owners',
    scope: 'crm.objects.owners.read',
    run: (apis, call) => call('owners', () => apis.owners.getPage(undefined, undefined, 1, false, apis.callOptions)),
  },
  {
    what: 'list contact properties',
    scope: 'crm.schemas.contacts.read',
    run: (apis, call) => call('properties', () => apis.properties.getAll('contacts', undefined, undefined, apis.callOptions)),
  },
];

export async function hubspotPreflight(apis: HubSpotApis, call: Call): Promise<string[]> {
  const problems: string[] = [];
  for (const probe of PROBES) {
    try {
      await probe.run(apis, call);
    } catch (err) {
      // A CRM that does not answer is not a setup problem to list: the run ends there (exit 3).
      if (err instanceof CrmTimeoutError) throw err;
      const status = (err instanceof Error ? (err.cause as { code?: unknown } | undefined)?.code : undefined);
      if (err instanceof CrmAuthError && status === 401) {
        // Every other probe would say the same; one clear sentence is enough.
        return [err.message];
      }
      if (err instanceof CrmAuthError) {
        problems.push(`HubSpot token cannot ${probe.what} (403). Add the ${probe.scope} scope to the Service Key (or private app), then use its token again.`);
        continue;
      }
      const message = err instanceof LeadproofError ? err.message : String(err);
      problems.push(`HubSpot check "${probe.what}" failed: ${message}`);
    }
  }
  return problems;
}
