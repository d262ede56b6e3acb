/**
 * The Salesforce CRM adapter: leads found by SOQL `Email IN (...)`, field history from
 * LeadHistory, owners as Users (role = team) or Queues, fields via describe, deletes via
 * composite delete. Built on jsforce with its own retries off; every HTTP attempt goes through
 * the shared RateBudget (see client.ts for why).
 */
import type { CoreFields, CrmAdapter, CrmRecord, DeleteResult, OwnerInfo, ParkedQuery, ParkedResult, PropertyInfo, SourceCountQuery, SourceCounts, WebToLeadAllowance } from '../adapter.js';
import { CrmAuthError } from '../../errors.js';
import type { RateBudget } from '../budget.js';
import { redactSalesforceSecrets } from './classify.js';
import { createConnection, createSalesforceBudget, sfRequest, type SfRequest } from './client.js';
import { buildHistory, chunk, historyFieldName, queueOwner, soqlString, toProperty, toRecord, userOwner, type HistoryRow } from './map.js';
import { parkedSoql, toParked } from './parked.js';
import { sourceCountSoql, toSourceCounts } from './source-counts.js';
import { salesforcePreflight } from './preflight.js';
import { inListQueries } from './soql-chunks.js';
import { listLeadAssignmentRules } from './assignment-rules.js';

export interface SalesforceAdapterOptions {
  /** https://yourdomain.my.salesforce.com (or the sandbox's URL). */
  instanceUrl: string;
  /** Session id / OAuth access token. Never logged, never put in a message. */
  accessToken: string;
  /** REST API version, e.g. "62.0" (jsforce's default is old, so set it). */
  version?: string;
  /** The run's one budget for this org; created with Salesforce defaults when absent. */
  budget?: RateBudget;
  /** This process's share of the org's API pace when the budget is created here: 1/n for shard i/n. Default 1. */
  share?: number;
  /** Web leads the org accepts per 24 h (Salesforce: 500). */
  webToLeadDailyLimit?: number;
  /** Length of that rolling window in ms (Salesforce: 24 h; a sandbox org in tests: seconds). */
  webToLeadWindowMs?: number;
  /** Org label for reports; default the instance host. */
  orgLabel?: string;
}

/** LeadSource is the only standard source field a Lead has; UTM fields are custom, read when a scenario asserts them. */
export const SALESFORCE_CORE_FIELDS: CoreFields = { email: 'Email', lifecycle: 'Status', owner: 'OwnerId', sourceFields: ['LeadSource'] };

const EMAILS_PER_QUERY = 100; // and fewer when long: inListQueries keeps the URI under 8,000 bytes
const IDS_PER_QUERY = 200;
const DELETE_IDS = 200; // composite delete maximum

type QueryPage<T> = { totalSize: number; done: boolean; nextRecordsUrl?: string; records: T[] };
type Lead = Record<string, unknown> & { Id: string; Email?: string; CreatedDate: string; LastModifiedDate?: string };

export function createSalesforceAdapter(opts: SalesforceAdapterOptions): CrmAdapter & {
  webToLeadRemaining(): Promise<WebToLeadAllowance>;
} {
  const conn = createConnection(opts);
  const account = `Salesforce org ${opts.orgLabel ?? new URL(opts.instanceUrl).host}`;
  const budget = opts.budget ?? createSalesforceBudget({ label: account, share: opts.share });

  /** Any budgeted request that is not a REST call through `call` (the Metadata API's SOAP). */
  const run = async <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await budget.run(kind, fn);
    } catch (err) {
      if (err instanceof Error) err.message = redactSalesforceSecrets(err.message, [opts.accessToken]);
      throw err;
    }
  };

  const call = <T>(kind: string, req: SfRequest): Promise<T> => run(kind, () => sfRequest<T>(conn, req));

  /** All rows of a query, following nextRecordsUrl; each page is one budgeted call. */
  const query = async <T>(kind: string, soql: string): Promise<T[]> => {
    const out: T[] = [];
    let page = await call<QueryPage<T>>(kind, { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}` });
    out.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      page = await call<QueryPage<T>>(kind, { method: 'GET', url: page.nextRecordsUrl });
      out.push(...page.records);
    }
    return out;
  };

  const leadsByEmail = async (emails: string[], fields: string[]): Promise<Lead[]> => {
    const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
    const statements = inListQueries(unique, (list) => `SELECT ${fields.join(', ')} FROM Lead WHERE Email IN (${list}) ORDER BY CreatedDate`, { maxCount: EMAILS_PER_QUERY });
    const parts = await Promise.all(statements.map((soql) => query<Lead>('read', soql)));
    return parts.flat();
  };

  const historyOf = async (leadIds: string[], fields: string[]): Promise<HistoryRow[]> => {
    if (leadIds.length === 0 || fields.length === 0) return [];
    const names = [...new Set(fields.map(historyFieldName))];
    const statements = inListQueries(
      leadIds,
      (list) => `SELECT LeadId, Field, DataType, OldValue, NewValue, CreatedDate, CreatedById FROM LeadHistory WHERE LeadId IN (${list}) AND Field IN (${names.map(soqlString).join(', ')}) ORDER BY CreatedDate`,
      { maxCount: IDS_PER_QUERY },
    );
    const parts = await Promise.all(statements.map((soql) => query<HistoryRow>('history', soql)));
    return parts.flat();
  };

  let owners: Promise<OwnerInfo[]> | undefined;
  const listOwners = (): Promise<OwnerInfo[]> => {
    if (!owners) {
      owners = (async () => {
        const users = await query<Parameters<typeof userOwner>[0]>('owners', 'SELECT Id, Name, Email, IsActive, UserRole.Name FROM User ORDER BY Name');
        const queues = await query<{ Id: string; Name: string }>('owners', "SELECT Id, Name FROM Group WHERE Type = 'Queue' ORDER BY Name");
        return [...users.map(userOwner), ...queues.map(queueOwner)];
      })();
      owners.catch(() => (owners = undefined));
    }
    return owners;
  };

  const adapter = {
    kind: 'salesforce' as const,
    account,
    coreFields: SALESFORCE_CORE_FIELDS,
    get apiCalls() {
      return budget.apiCalls;
    },

    async findByEmails(emails: string[], properties: string[], historyFields: string[]): Promise<Map<string, CrmRecord[]>> {
      const props = [...new Set(['Email', ...properties, ...historyFields])];
      const fields = [...new Set(['Id', 'CreatedDate', 'LastModifiedDate', ...props])];
      const leads = await leadsByEmail(emails, fields);
      const rows = await historyOf(leads.map((l) => l.Id), historyFields);
      const records = leads.map((l) => toRecord(l, props, buildHistory(l, rows.filter((r) => r.LeadId === l.Id), historyFields)));
      return byCallerEmail(emails, records);
    },

    async searchByEmails(emails: string[]) {
      // SOQL reads the database directly: no index lag, so this is the same query with fewer fields.
      const leads = await leadsByEmail(emails, ['Id', 'Email', 'CreatedDate', 'LastModifiedDate']);
      const hits = leads.map((l) => toRecord(l, [], {})).map(({ id, email, createdAt, updatedAt }) => ({ id, email, createdAt, updatedAt }));
      return byCallerEmail(emails, hits);
    },

    async resolveOwners(ids: string[]): Promise<Map<string, OwnerInfo>> {
      const wanted = [...new Set(ids.filter(Boolean))];
      const out = new Map<string, OwnerInfo>();
      const known = new Map((await listOwners()).map((o) => [o.id, o]));
      for (const id of wanted) {
        // Ids may come back 15- or 18-character; the first 15 identify the record.
        const o = known.get(id) ?? [...known.values()].find((x) => x.id.slice(0, 15) === id.slice(0, 15));
        if (o) out.set(id, o);
      }
      return out;
    },

    listOwners,

    async listProperties(): Promise<PropertyInfo[]> {
      const d = await call<{ fields: Parameters<typeof toProperty>[0][] }>('describe', { method: 'GET', url: '/sobjects/Lead/describe' });
      return d.fields.map(toProperty);
    },

    async findParked(q: ParkedQuery): Promise<ParkedResult> {
      const soql = parkedSoql(q);
      if (!soql) return { total: 0, oldest: [] };
      const count = await call<QueryPage<never>>('read', { method: 'GET', url: `/query?q=${encodeURIComponent(soql.count)}` });
      if (count.totalSize === 0) return { total: 0, oldest: [] };
      const rows = await call<QueryPage<Parameters<typeof toParked>[0]>>('read', { method: 'GET', url: `/query?q=${encodeURIComponent(soql.oldest)}` });
      return { total: count.totalSize, oldest: rows.records.map(toParked) };
    },

    async countBySource(q: SourceCountQuery): Promise<SourceCounts> {
      const page = await call<QueryPage<Record<string, unknown>>>('read', { method: 'GET', url: `/query?q=${encodeURIComponent(sourceCountSoql(q))}` });
      // A group per distinct value: far below a query page (2,000 rows), so never paged.
      return toSourceCounts(q, page.records);
    },

    async deleteRecords(ids: string[]): Promise<DeleteResult> {
      const result: DeleteResult = { deleted: [], failed: [] };
      for (const part of chunk([...new Set(ids)], DELETE_IDS)) {
        try {
          const res = await call<{ id: string; success: boolean; errors: { statusCode: string; message: string }[] }[]>('delete', {
            method: 'DELETE',
            url: `/composite/sobjects?ids=${part.join(',')}&allOrNone=false`,
          });
          res.forEach((r, i) => {
            const id = part[i]!;
            // Already deleted (a flush retried after a crash) is the outcome we wanted.
            if (r.success || r.errors.some((e) => e.statusCode === 'ENTITY_IS_DELETED')) result.deleted.push(id);
            else result.failed.push({ id, message: r.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') });
          });
        } catch (err) {
          if (err instanceof CrmAuthError) throw err;
          const message = err instanceof Error ? err.message : String(err);
          result.failed.push(...part.map((id) => ({ id, message })));
        }
      }
      return result;
    },

    preflight: () => salesforcePreflight({ call, query, conn, account }),

    /** The Lead assignment rules' entries (SOQL + Metadata API), for routing coverage. */
    listAutomations: () => listLeadAssignmentRules(conn, run, query),

    /**
     * Web leads left today. Salesforce publishes no counter for this limit, so it is estimated
     * from leads with LeadSource 'Web' created in the last 24 h (the demo forms post
     * lead_source=Web), through /queryAll: leads flushed earlier today still count against it.
     */
    async webToLeadRemaining(): Promise<WebToLeadAllowance> {
      const max = opts.webToLeadDailyLimit ?? 500;
      const windowMs = opts.webToLeadWindowMs ?? 86_400_000;
      const since = new Date(Date.now() - windowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const page = await call<QueryPage<never>>('read', { method: 'GET', url: `/queryAll?q=${encodeURIComponent(`SELECT COUNT() FROM Lead WHERE LeadSource = 'Web' AND CreatedDate >= ${since}`)}` });
      return { remaining: Math.max(0, max - page.totalSize), max, used: page.totalSize, windowMs };
    },
  };
  return adapter;
}

/** Key results by the emails as the caller wrote them, oldest record first; misses are absent. */
function byCallerEmail<T extends { email: string }>(emails: string[], records: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const e of emails) {
    const found = records.filter((r) => r.email === e.trim().toLowerCase());
    if (found.length > 0) out.set(e, found);
  }
  return out;
}
