/**
 * queue-watch on HubSpot: one contacts search that counts real contacts still owned by a default
 * owner (or by nobody) since before a cutoff, sorted oldest first. Read-only, never paged: the
 * count is the search answer's `total`, and only the first page (the oldest) is listed, so the
 * 10,000-result paging cap and the search rate limit are never in play.
 */
import type { Filter, FilterOperatorEnum, PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import type { ParkedQuery, ParkedRecord } from '../adapter.js';
import { chunk, toIso } from './map.js';

/** HubSpot's caps: 5 filter groups, 10 filters per group, 25 filters in all; IN takes up to 100 values. */
const MAX_GROUPS = 5;
const IN_VALUES = 100;
const SEARCH_PAGE = 200;
const SOURCE = 'hs_analytics_source';
const OWNER = 'hubspot_owner_id';

const op = (o: string) => o as FilterOperatorEnum;

/** The search request; null when there is nothing to look for (no owner ids, unassigned off). */
export function parkedSearchRequest(q: ParkedQuery): PublicObjectSearchRequest | null {
  // Filters within a group are ANDed, groups ORed: every group repeats the time window and the
  // test-email exclusion. `*@domain` is the wildcard token form HubSpot documents for email domains.
  const common: Filter[] = [
    { propertyName: 'createdate', operator: op('LT'), value: String(Date.parse(q.createdBefore)) },
    ...(q.createdAfter ? [{ propertyName: 'createdate', operator: op('GTE'), value: String(Date.parse(q.createdAfter)) }] : []),
    { propertyName: 'email', operator: op('NOT_CONTAINS_TOKEN'), value: `*@${q.excludeEmailDomain.toLowerCase()}` },
  ];
  const ownerGroups = chunk([...new Set(q.ownerIds.map((id) => String(id).toLowerCase()))], IN_VALUES).map((values) => ({
    filters: [{ propertyName: OWNER, operator: op('IN'), values }, ...common],
  }));
  const groups = [...ownerGroups, ...(q.unassigned ? [{ filters: [{ propertyName: OWNER, operator: op('NOT_HAS_PROPERTY') }, ...common] }] : [])];
  if (groups.length === 0) return null;
  if (groups.length > MAX_GROUPS) throw new RangeError(`queue-watch: ${q.ownerIds.length} owner ids need ${groups.length} filter groups; HubSpot allows ${MAX_GROUPS}.`);
  return {
    filterGroups: groups,
    properties: ['email', SOURCE, OWNER, 'createdate'],
    // The SDK types sorts as strings but sends them as given; this is the documented object form.
    sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' } as unknown as string],
    limit: Math.min(Math.max(1, q.limit), SEARCH_PAGE),
  };
}

export function toParked(o: { id: string; properties?: Record<string, string | null>; createdAt: Date | string }): ParkedRecord {
  const p = o.properties ?? {};
  return { id: String(o.id), createdAt: toIso(o.createdAt), source: p[SOURCE] ?? null, ownerId: p[OWNER] || null, email: p.email ?? null };
}
