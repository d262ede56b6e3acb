/**
 * The HubSpot CRM adapter: contacts read, searched, resolved and archived through the real
 * `@hubspot/api-client`, every call through one shared RateBudget.
 */
import type { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import type { CoreFields, CrmAdapter, CrmRecord, DeleteResult, OwnerInfo, PropertyInfo } from '../adapter.js';
import { CrmAuthError, CrmRequestError } from '../../errors.js';
import type { RateBudget } from '../budget.js';
import { scrubError } from './classify.js';
import { createHubSpotBudget, DEFAULT_HUBSPOT_BASE_URL, hubspotApis } from './client.js';
import { listHubSpotFlows } from './flows.js';
import { chunk, toIso, toOwner, toProperty, toRecord, uniqueEmails } from './map.js';
import { parkedSearchRequest, toParked } from './parked.js';
import { countBySource } from './source-counts.js';
import { hubspotPreflight } from './preflight.js';
import { HubSpotBudget } from './rate-headers.js';

export interface HubSpotAdapterOptions {
  /** Private app access token. Never logged, never put in a message. */
  accessToken: string;
  /** API base URL without trailing slash; default https://api.hubapi.com (the sandbox passes its own). */
  baseUrl?: string;
  /** Portal id or name for reports: "HubSpot portal <label>". Default: the base URL's host. */
  portalLabel?: string;
  /** The run's one budget for this portal; created with HubSpot defaults when absent. */
  budget?: RateBudget;
}

const BATCH_SIZE = 100; // batch read/archive inputs per call
/** HubSpot refuses a batch read with `propertiesWithHistory` over 50 inputs (400 VALIDATION_ERROR). */
const HISTORY_BATCH_SIZE = 50;
const SEARCH_IN_VALUES = 100; // values per IN filter
const SEARCH_PAGE = 200; // search page size limit

export const HUBSPOT_CORE_FIELDS: CoreFields = {
  email: 'email',
  lifecycle: 'lifecyclestage',
  owner: 'hubspot_owner_id',
  // Original and latest source with drill-downs: where HubSpot says the contact came from.
  sourceFields: ['hs_analytics_source', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'hs_latest_source'],
  valueHints: {
    // HubSpot's knowledge base: contacts from form submissions "filtered from analytics by IP
    // address" get Offline sources; so do submissions without the hubspotutk cookie.
    hs_analytics_source: {
      OFFLINE:
        "likely cause: the submission came from an IP address excluded in the portal's tracking settings (a CI runner on an office or VPN IP gets OFFLINE on every lead), or it carried no hubspotutk tracking cookie (no tracking code on the page, or cookies declined)",
    },
  },
};

/**
 * The forms submissions API takes 50 per 10 s and blocks the client IP for a minute after ten
 * 429s in a second (CRM-FACTS.md); the run keeps 20 % below it, as it does for the CRM API.
 */
const HUBSPOT_FORM_INTAKE = { perTenSeconds: 40, endpoint: 'the HubSpot forms endpoint' };

type SearchHit = { id: string; email: string; createdAt: string; updatedAt?: string };

export function createHubSpotAdapter(opts: HubSpotAdapterOptions): CrmAdapter {
  const baseUrl = (opts.baseUrl ?? DEFAULT_HUBSPOT_BASE_URL).replace(/\/+$/, '');
  const account = `HubSpot portal ${opts.portalLabel ?? new URL(baseUrl).host}`;
  const budget = opts.budget ?? createHubSpotBudget({ label: account });
  const apis = hubspotApis(opts.accessToken, baseUrl);
  if (budget instanceof HubSpotBudget) apis.onHeaders((h) => budget.observeHeaders(h));

  /** Every call goes through the budget; whatever escapes is scrubbed of the token. */
  const call = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await budget.run(kind, fn);
    } catch (err) {
      scrubError(err, [opts.accessToken]);
      throw err;
    }
  };

  let owners: Promise<OwnerInfo[]> | undefined;
  let archivedOwners: Promise<OwnerInfo[]> | undefined;
  const ownerPages = async (archived: boolean): Promise<OwnerInfo[]> => {
    const out: OwnerInfo[] = [];
    let after: string | undefined;
    do {
      const page = await call('owners', () => apis.owners.getPage(undefined, after, 500, archived, apis.callOptions));
      out.push(...page.results.map(toOwner));
      after = page.paging?.next?.after;
    } while (after);
    return out;
  };
  /** Cached per adapter; a failed load is not cached so the next call tries again. */
  const cached = (get: () => Promise<OwnerInfo[]> | undefined, set: (p: Promise<OwnerInfo[]> | undefined) => void, archived: boolean) => {
    let p = get();
    if (!p) {
      p = ownerPages(archived);
      set(p);
      p.catch(() => set(undefined));
    }
    return p;
  };
  const activeOwners = () => cached(() => owners, (p) => (owners = p), false);
  const inactiveOwners = () => cached(() => archivedOwners, (p) => (archivedOwners = p), true);
  // Deactivated owners too (active: false): preflight tells "deactivated" from "no such owner".
  const listOwners = async () => [...(await activeOwners()), ...(await inactiveOwners())];

  const adapter: CrmAdapter = {
    kind: 'hubspot',
    account,
    coreFields: HUBSPOT_CORE_FIELDS,
    formIntake: HUBSPOT_FORM_INTAKE,
    get apiCalls() {
      return budget.apiCalls;
    },

    async findByEmails(emails, properties, historyOf) {
      const props = [...new Set(['email', ...properties])];
      const found = new Map<string, CrmRecord>();
      await Promise.all(
        chunk(uniqueEmails(emails), historyOf.length > 0 ? HISTORY_BATCH_SIZE : BATCH_SIZE).map(async (ids) => {
          const res = await call('read', () =>
            apis.batch.read({ idProperty: 'email', inputs: ids.map((id) => ({ id })), properties: props, propertiesWithHistory: historyOf }, false, apis.callOptions),
          );
          // 207: the SDK resolves with `errors`; OBJECT_NOT_FOUND just means "not there yet".
          const other = ('errors' in res ? (res.errors ?? []) : []).filter((e) => e.category !== 'OBJECT_NOT_FOUND');
          if (other.length > 0) {
            throw new CrmRequestError(
              `${account}: batch read by email partly failed (${other.map(describeBatchError).join('; ')}). ` +
                'Check that the properties the scenarios name exist on contacts.',
            );
          }
          for (const o of res.results) {
            const email = (o.properties?.email ?? '').toLowerCase();
            if (email) found.set(email, toRecord(o, email, props, historyOf));
          }
        }),
      );
      return byCallerEmail(emails, (e) => {
        const r = found.get(e);
        return r ? [r] : [];
      });
    },

    async searchByEmails(emails) {
      const hits = new Map<string, SearchHit[]>();
      for (const values of chunk(uniqueEmails(emails), SEARCH_IN_VALUES)) {
        let after: string | undefined;
        do {
          const page = await call('search', () =>
            apis.search.doSearch({
              filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN' as FilterOperatorEnum, values }] }],
              properties: ['email'],
              limit: SEARCH_PAGE,
              after,
            }, apis.callOptions),
          );
          for (const o of page.results) {
            const email = (o.properties?.email ?? '').toLowerCase();
            if (!email) continue;
            const hit: SearchHit = { id: String(o.id), email, createdAt: toIso(o.createdAt), updatedAt: o.updatedAt ? toIso(o.updatedAt) : undefined };
            hits.set(email, [...(hits.get(email) ?? []), hit]);
          }
          after = page.paging?.next?.after;
        } while (after);
      }
      return byCallerEmail(emails, (e) => hits.get(e) ?? []);
    },

    async resolveOwners(ids) {
      const wanted = [...new Set(ids.map(String))];
      if (wanted.length === 0) return new Map();
      const byId = new Map((await activeOwners()).map((o) => [o.id, o]));
      // An owner deactivated since routing still explains the assignment; look there only when needed.
      if (wanted.some((id) => !byId.has(id))) {
        for (const o of await inactiveOwners()) if (!byId.has(o.id)) byId.set(o.id, o);
      }
      const out = new Map<string, OwnerInfo>();
      for (const id of wanted) {
        const o = byId.get(id);
        if (o) out.set(id, o);
      }
      return out;
    },

    listOwners,

    async listProperties(): Promise<PropertyInfo[]> {
      const res = await call('properties', () => apis.properties.getAll('contacts', undefined, undefined, apis.callOptions));
      return res.results.map(toProperty);
    },

    async findParked(q) {
      const request = parkedSearchRequest(q);
      if (!request) return { total: 0, oldest: [] };
      const page = await call('search', () => apis.search.doSearch(request, apis.callOptions));
      return { total: page.total, oldest: page.results.slice(0, q.limit).map(toParked) };
    },

    countBySource: (q) => countBySource(q, (request) => call('search', () => apis.search.doSearch(request, apis.callOptions))),

    async deleteRecords(ids): Promise<DeleteResult> {
      const result: DeleteResult = { deleted: [], failed: [] };
      // Archive (restorable for 90 days), never GDPR-delete: see CRM-FACTS.md.
      for (const part of chunk([...new Set(ids)], BATCH_SIZE)) {
        try {
          await call('archive', () => apis.batch.archive({ inputs: part.map((id) => ({ id })) }, apis.callOptions));
          result.deleted.push(...part);
        } catch (err) {
          if (err instanceof CrmAuthError) throw err;
          const message = err instanceof Error ? err.message : String(err);
          result.failed.push(...part.map((id) => ({ id, message })));
        }
      }
      return result;
    },

    preflight: () => hubspotPreflight(apis, call),
    listAutomations: () => listHubSpotFlows(apis, call),
  };
  return adapter;
}

/** A 207 error item in words: HubSpot names the inputs it concerns in `context` (e.g. `ids`). */
function describeBatchError(e: { category: string; message: string; context?: Record<string, string[]> }): string {
  const about = Object.entries(e.context ?? {}).map(([k, v]) => `${k}: ${v.slice(0, 5).join(', ')}${v.length > 5 ? ', ...' : ''}`).join('; ');
  return `${e.category}: ${e.message}${about ? ` [${about}]` : ''}`;
}

/** Key results by the emails as the caller wrote them; emails with nothing found are absent. */
function byCallerEmail<T>(emails: string[], lookup: (lowerEmail: string) => T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of emails) {
    const found = lookup(e.trim().toLowerCase());
    if (found.length > 0) out.set(e, found);
  }
  return out;
}
