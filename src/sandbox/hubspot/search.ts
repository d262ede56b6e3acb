import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrmEngine, PersonRecord } from '../engine/index.js';
import { hubspotError, readJson, sendJson } from '../http.js';
import { propertyValue, toContact } from './contact-view.js';
import { clampLimit } from './contacts-routes.js';
import type { PortalProperty } from './property-map.js';

/** HubSpot's filter operators; anything else (or none) is a 400. */
const OPERATORS = new Set(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']);

interface Filter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  values?: unknown[];
  highValue?: unknown;
}

interface SearchBody {
  filterGroups?: { filters?: Filter[] }[];
  properties?: string[];
  sorts?: (string | { propertyName?: string; direction?: string })[];
  limit?: number;
  after?: string | number;
  query?: string;
}

/**
 * POST /crm/v3/objects/contacts/search over the *search index*: a record shows up (or shows its
 * latest values) only `searchLagSeconds` after it was written — the lag every tracer must survive.
 */
export async function search(req: IncomingMessage, res: ServerResponse, engine: CrmEngine, catalogue: Map<string, PortalProperty>, lagMs: number): Promise<void> {
  const body = (await readJson(req)) as SearchBody | undefined;
  if (!body || typeof body !== 'object') return hubspotError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1.');
  const limit = clampLimit(body.limit, 10, 200);
  if (body.limit !== undefined && Number(body.limit) > 200) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', 'limit must be at most 200.');
  }
  if (body.filterGroups !== undefined && !Array.isArray(body.filterGroups)) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: filterGroups must be an array.');
  }
  const groups = body.filterGroups ?? [];
  // HubSpot refuses a malformed filter outright; a lenient sandbox would answer "no match" and
  // let a broken query pass as "no duplicate".
  for (const g of groups) {
    if (g === null || typeof g !== 'object' || (g.filters !== undefined && !Array.isArray(g.filters))) {
      return hubspotError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: filterGroups[].filters must be an array.');
    }
    for (const f of g.filters ?? []) {
      if (!f || typeof f.operator !== 'string' || !OPERATORS.has(f.operator)) {
        return hubspotError(res, 400, 'VALIDATION_ERROR',
          `Invalid input JSON on line 1: Cannot deserialize value of type \`FilterOperatorEnum\` from String ${JSON.stringify(f?.operator ?? null)}: not one of the values accepted for Enum class: [${[...OPERATORS].join(', ')}]`);
      }
    }
  }
  // HubSpot's documented caps (since 2024-08): 5 filter groups, 10 filters per group, 25 in all, and
  // no paging past 10,000 results. A query that only works without them must fail here too.
  const filterCount = groups.reduce((n, g) => n + (g.filters?.length ?? 0), 0);
  if (groups.length > 5 || groups.some((g) => (g.filters?.length ?? 0) > 10) || filterCount > 25) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', `Too many filters: at most 5 filterGroups, 10 filters per group and 25 in total (got ${groups.length} groups, ${filterCount} filters).`);
  }
  if ((Number(body.after ?? 0) || 0) + limit > 10_000) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', 'Search can page through at most 10,000 results; narrow the filters.');
  }
  for (const g of groups) {
    for (const f of g.filters ?? []) {
      if (!f.propertyName || !catalogue.has(f.propertyName)) {
        return hubspotError(res, 400, 'VALIDATION_ERROR', `There was a problem with the request: property ${f.propertyName ?? '(none)'} does not exist.`);
      }
    }
  }
  const now = Date.now();
  const hits: { rec: PersonRecord; fields: Record<string, string | null> }[] = [];
  for (const rec of engine.list()) {
    const fields = engine.store.indexed(rec, now, lagMs);
    if (!fields) continue;
    const matches = groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => test(f, propertyValue(rec, catalogue.get(f.propertyName!)!, fields))));
    if (matches && (!body.query || JSON.stringify(fields).toLowerCase().includes(body.query.toLowerCase()))) hits.push({ rec, fields });
  }
  sortHits(hits, body.sorts ?? [], catalogue);
  const offset = Number(body.after ?? 0) || 0;
  const page = hits.slice(offset, offset + limit);
  const out: Record<string, unknown> = {
    total: hits.length,
    results: page.map((h) => toContact(h.rec, catalogue, { properties: body.properties }, h.fields)),
  };
  if (offset + limit < hits.length) out.paging = { next: { after: String(offset + limit) } };
  sendJson(res, 200, out);
}

function test(f: Filter, actual: string | null): boolean {
  const v = f.value === undefined ? undefined : String(f.value);
  const values = (f.values ?? []).map((x) => String(x).toLowerCase());
  const a = actual === null ? null : actual.toLowerCase();
  switch (f.operator) {
    case 'EQ': return a !== null && a === v?.toLowerCase();
    case 'NEQ': return a !== v?.toLowerCase();
    case 'IN': return a !== null && values.includes(a);
    case 'NOT_IN': return a === null || !values.includes(a);
    case 'HAS_PROPERTY': return a !== null && a !== '';
    case 'NOT_HAS_PROPERTY': return a === null || a === '';
    case 'CONTAINS_TOKEN': return a !== null && v !== undefined && tokenMatch(a, v.toLowerCase());
    case 'NOT_CONTAINS_TOKEN': return a === null || v === undefined || !tokenMatch(a, v.toLowerCase());
    case 'GT': return compare(actual, v) > 0;
    case 'GTE': return compare(actual, v) >= 0;
    case 'LT': return compare(actual, v) < 0;
    case 'LTE': return compare(actual, v) <= 0;
    case 'BETWEEN': return compare(actual, v) >= 0 && compare(actual, f.highValue === undefined ? undefined : String(f.highValue)) <= 0;
    default: return false;
  }
}

/** `*` wildcards; otherwise the whole value or one of its tokens must equal the token. */
function tokenMatch(actual: string, token: string): boolean {
  if (token.includes('*')) {
    const re = new RegExp(`^${token.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(actual) || actual.split(/[\s@.,;]+/).some((t) => re.test(t));
  }
  return actual === token || actual.split(/[\s@.,;]+/).includes(token);
}

/** Numbers, epoch milliseconds and ISO dates compare numerically; everything else as text. */
function compare(actual: string | null, expected: string | undefined): number {
  if (actual === null || expected === undefined) return NaN;
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (a !== null && b !== null) return a - b;
  return actual.localeCompare(expected);
}

function asNumber(s: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

function sortHits(hits: { rec: PersonRecord; fields: Record<string, string | null> }[], sorts: SearchBody['sorts'] & object, catalogue: Map<string, PortalProperty>): void {
  const first = sorts[0];
  if (!first) return;
  const name = typeof first === 'string' ? first.replace(/^-/, '') : (first.propertyName ?? 'hs_object_id');
  const desc = typeof first === 'string' ? first.startsWith('-') : first.direction === 'DESCENDING';
  const prop = catalogue.get(name);
  if (!prop) return;
  hits.sort((x, y) => {
    const c = compare(propertyValue(x.rec, prop, x.fields), propertyValue(y.rec, prop, y.fields) ?? undefined);
    return (Number.isNaN(c) ? 0 : c) * (desc ? -1 : 1);
  });
}
