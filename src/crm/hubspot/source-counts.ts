/**
 * baseline-sources on HubSpot: contacts created in a window, counted per value of a source
 * property, read-only. With the property's options known (an enumeration such as
 * hs_analytics_source), one search per value with `limit: 1` gives each count as the answer's
 * `total`, plus one for "no value" and one for all: a dozen searches whatever the portal's size,
 * so neither the 10,000-result paging cap nor the search rate limit (about 5/s, paced by the
 * budget) is in play. A free-text property is paged instead and refused above the cap.
 */
import type { Filter, FilterOperatorEnum, PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { LeadproofError } from '../../errors.js';
import type { SourceCountQuery, SourceCounts } from '../adapter.js';

/** Search paging stops here: HubSpot returns at most 10,000 results for one query (CRM search docs). */
export const SEARCH_RESULT_CAP = 10_000;
const SEARCH_PAGE = 200;
const op = (o: string) => o as FilterOperatorEnum;

type Search = (r: PublicObjectSearchRequest) => Promise<{ total: number; results: { properties?: Record<string, string | null> }[]; paging?: { next?: { after?: string } } }>;

/** The window and the test-record exclusion every query repeats; `*@domain` as in queue-watch. */
function windowFilters(q: SourceCountQuery): Filter[] {
  return [
    { propertyName: 'createdate', operator: op('GTE'), value: String(Date.parse(q.createdAfter)) },
    { propertyName: 'createdate', operator: op('LT'), value: String(Date.parse(q.createdBefore)) },
    { propertyName: 'email', operator: op('NOT_CONTAINS_TOKEN'), value: `*@${q.excludeEmailDomain.toLowerCase()}` },
  ];
}

/** One counting request per value (null: the property has no value), and one for the total. */
export function countRequests(q: SourceCountQuery, values: string[]): { source: string | null | 'all'; request: PublicObjectSearchRequest }[] {
  const req = (extra: Filter[]): PublicObjectSearchRequest => ({ filterGroups: [{ filters: [...windowFilters(q), ...extra] }], properties: ['email'], limit: 1 });
  return [
    { source: 'all', request: req([]) },
    ...values.map((v) => ({ source: v, request: req([{ propertyName: q.field, operator: op('EQ'), value: v }]) })),
    { source: null, request: req([{ propertyName: q.field, operator: op('NOT_HAS_PROPERTY') }]) },
  ];
}

export async function countBySource(q: SourceCountQuery, search: Search): Promise<SourceCounts> {
  const values = q.values ?? [];
  if (values.length > 0) {
    const counts = new Map<string | null | 'all', number>();
    for (const { source, request } of countRequests(q, values)) counts.set(source, (await search(request)).total);
    const total = counts.get('all') ?? 0;
    counts.delete('all');
    const bySource = [...counts].map(([source, count]) => ({ source: source as string | null, count })).filter((e) => e.count > 0);
    const counted = bySource.reduce((s, e) => s + e.count, 0);
    // A value the property's options do not list (an option deleted later) still counts in the total.
    if (counted < total) bySource.push({ source: '(other values)', count: total - counted });
    return { total, bySource, method: `${values.length + 2} contact searches (one per ${q.field} value, one for no value, one for all), counting each answer's total` };
  }
  const tally = new Map<string | null, number>();
  let after: string | undefined;
  let total = 0;
  let pages = 0;
  do {
    const page = await search({ filterGroups: [{ filters: windowFilters(q) }], properties: [q.field], limit: SEARCH_PAGE, ...(after ? { after } : {}) });
    total = page.total;
    if (total > SEARCH_RESULT_CAP) {
      throw new LeadproofError('BASELINE_OVER_SEARCH_CAP', `${total} contacts were created in the window, more than the ${SEARCH_RESULT_CAP} a HubSpot search can page through, and ${q.field} has no options to count by. Give a shorter --days, or count by an enumeration property (--field hs_analytics_source).`, { exitCode: 2 });
    }
    for (const r of page.results) {
      const v = r.properties?.[q.field] || null;
      tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    pages += 1;
    after = page.paging?.next?.after;
  } while (after);
  return { total, bySource: [...tally].map(([source, count]) => ({ source, count })), method: `${pages} page(s) of contact search results read and tallied by ${q.field}` };
}
