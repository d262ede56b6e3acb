/**
 * baseline-sources: one read-only question to the CRM — how many real contacts/leads were created
 * per value of the original-source field in the last N days — and the file that records the
 * answer. Nothing here writes to the CRM: the adapter's countBySource only searches or queries.
 */
import type { CrmAdapter, PropertyInfo } from '../crm/adapter.js';
import { ConfigError, LeadproofError } from '../errors.js';
import { BASELINE_KIND, type SourceBaseline } from './model.js';

const DAY_MS = 86_400_000;

export interface BaselineOptions {
  adapter: CrmAdapter;
  /** Native field name to count by. */
  field: string;
  /** The logical name (from fieldMap) the field was given as, for the file. */
  logical?: string;
  /** Where the field name came from, for an error that names it: command line --field, or the config's fieldMap.source. */
  fieldOrigin: { file: string; field: string };
  days: number;
  testDomain: string;
  sandbox: boolean;
  now?: number;
}

export async function establishBaseline(o: BaselineOptions): Promise<SourceBaseline> {
  const { adapter } = o;
  if (!adapter.countBySource) throw new LeadproofError('BASELINE_UNSUPPORTED', `${adapter.account}: this CRM adapter cannot count records by source; baseline-sources needs HubSpot or Salesforce.`);
  const prop = findField(await adapter.listProperties(), o.field, o.fieldOrigin, adapter.account);
  const now = o.now ?? Date.now();
  const from = new Date(now - o.days * DAY_MS).toISOString();
  const to = new Date(now).toISOString();
  const counts = await adapter.countBySource({ field: prop.name, createdAfter: from, createdBefore: to, excludeEmailDomain: o.testDomain, values: prop.options });
  const sources = [...counts.bySource]
    .sort((a, b) => b.count - a.count || String(a.source).localeCompare(String(b.source)))
    .map((e) => ({ ...e, share: counts.total ? Math.round((e.count / counts.total) * 10_000) / 10_000 : 0 }));
  const noun = adapter.kind === 'hubspot' ? 'contacts' : 'leads';
  return {
    schemaVersion: 1,
    kind: BASELINE_KIND,
    establishedAt: to,
    statement: `Baseline established on ${to.slice(0, 10)}: ${counts.total} ${noun} created in the ${o.days} days from ${from.slice(0, 10)} to ${to.slice(0, 10)}, by ${prop.label ?? prop.name} (${prop.name}), test records left out.`,
    crm: adapter.kind,
    account: adapter.account,
    sandbox: o.sandbox,
    field: { name: prop.name, ...(o.logical ? { logical: o.logical } : {}), ...(prop.label ? { label: prop.label } : {}) },
    window: { days: o.days, from, to },
    excluded: `test records: emails on @${o.testDomain}`,
    total: counts.total,
    sources,
    method: counts.method,
    apiCalls: adapter.apiCalls,
  };
}

/** The CRM's property by API name (case-insensitive), or an exit-2 error naming where the name came from. */
function findField(props: PropertyInfo[], name: string, origin: { file: string; field: string }, account: string): PropertyInfo {
  const hit = props.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (hit) return hit;
  const like = props.filter((p) => /source/i.test(p.name)).map((p) => p.name).slice(0, 8);
  const known = like.length ? ` (its source fields: ${like.join(', ')})` : '';
  throw new ConfigError([{ ...origin, message: `"${name}" is not a field of ${account}${known}. Give the API name of the original-source field, e.g. --field ${like[0] ?? 'hs_analytics_source'}.` }], 'Nothing was read.');
}
