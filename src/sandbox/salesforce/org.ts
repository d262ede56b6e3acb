/**
 * The Salesforce org view of a sandbox engine (flavour salesforce): engine person records seen
 * as Lead rows with Salesforce ids, field names, Lead Status values and LeadHistory rows, plus
 * Users, Roles and Queues built from the stack, the org's API usage and Web-to-Lead intake.
 * The REST routes only talk to this class.
 */
import type { CrmEngine, PersonRecord, Stack } from '../engine/index.js';
import { assignmentRuleTable } from './assignment-rules.js';
import { idNumber, sfId } from './ids.js';
import { LEAD_FIELDS, describeLead } from './lead-fields.js';
import { buildOrgModel, type OrgModel, type SfUser } from './org-settings.js';
import { historyRows } from './lead-history.js';
import type { Row, SoqlTable } from './soql-eval.js';
import { acceptWebToLead, drainWebToLeadQueue, nextWindowFree, type QueuedPost, type WebToLeadOutcome } from './web-to-lead.js';

export type DeleteOutcome = 'deleted' | 'already-deleted' | 'not-found';

/** Salesforce's datetime wire format: 2024-05-01T10:00:00.000+0000. */
export function sfDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export class SalesforceOrg {
  readonly model: OrgModel;
  private apiUsed = 0;
  /** Epoch ms of accepted Web-to-Lead posts, for the rolling 24 h limit. */
  readonly webToLeadLog: number[] = [];
  /** Posts over the daily limit: Salesforce queues them, emails the admin, and creates them as the window frees. */
  readonly webToLeadQueue: QueuedPost[] = [];
  /** Leads deleted through the API (in the recycle bin): a second delete says ENTITY_IS_DELETED, `/queryAll` still shows them. */
  private readonly deleted = new Map<number, PersonRecord>();
  private drainTimer: NodeJS.Timeout | undefined;
  /** API requests refused so far as over the concurrency limit (settings.concurrencyRejections). */
  private concurrencyRejected = 0;

  constructor(
    readonly engine: CrmEngine,
    readonly stack: Stack,
    private readonly now: () => number = Date.now,
    overrides: Parameters<typeof buildOrgModel>[1] = {},
  ) {
    this.model = buildOrgModel(stack, overrides);
    this.createdAt = this.now() - 400 * 86_400_000;
  }

  /** When the org's setup (assignment rules) was made: long before any run. */
  private readonly createdAt: number;

  get orgId(): string {
    return this.model.orgId;
  }
  get accessToken(): string {
    return this.model.accessToken;
  }
  get queryBatchSize(): number {
    return this.model.settings.queryBatchSize;
  }

  /** Counts one API request; false when the org is over its daily allowance. */
  countApiCall(): boolean {
    if (this.apiUsed >= this.model.settings.dailyApiRequests) return false;
    this.apiUsed++;
    return true;
  }

  /** True while the org should still refuse requests as over its concurrency limit. */
  overConcurrencyLimit(): boolean {
    if (this.concurrencyRejected >= this.model.settings.concurrencyRejections) return false;
    this.concurrencyRejected++;
    return true;
  }

  apiUsage(): { used: number; max: number } {
    return { used: this.apiUsed, max: this.model.settings.dailyApiRequests };
  }

  /** The `/limits` resource, in the real shape (a subset of its keys). */
  limits(): Record<string, { Max: number; Remaining: number }> {
    const { used, max } = this.apiUsage();
    return {
      DailyApiRequests: { Max: max, Remaining: max - used },
      DailyBulkApiBatches: { Max: 15_000, Remaining: 15_000 },
      DailyWorkflowEmails: { Max: 1_890, Remaining: 1_890 },
      DataStorageMB: { Max: 5, Remaining: 5 },
      FileStorageMB: { Max: 20, Remaining: 20 },
      MassEmail: { Max: 10, Remaining: 10 },
      SingleEmail: { Max: 15, Remaining: 15 },
    };
  }

  describeLead(urlBase: string): Record<string, unknown> {
    return describeLead(this.model.leadStatus, urlBase);
  }

  leadId(rec: PersonRecord): string {
    return sfId('00Q', Number(rec.id));
  }

  /** The live engine record behind a lead id, if any. */
  record(leadId: string): PersonRecord | undefined {
    const n = idNumber(leadId);
    return n === null || !leadId.startsWith('00Q') ? undefined : this.engine.get(String(n));
  }

  deleteLead(leadId: string): DeleteOutcome {
    const n = idNumber(leadId);
    if (n === null || !leadId.startsWith('00Q')) return 'not-found';
    const rec = this.engine.get(String(n));
    if (rec && this.engine.archive(String(n))) {
      this.deleted.set(n, rec);
      return 'deleted';
    }
    return this.deleted.has(n) ? 'already-deleted' : 'not-found';
  }

  /** Owner id (005/00G) for an engine owner value ("101" or "queue:<name>"); unset → integration user. */
  ownerId(value: string | null | undefined): string {
    if (!value) return this.model.integrationUser.Id;
    if (value.startsWith('queue:')) {
      const q = this.model.queues.find((x) => x.Name === value.slice(6));
      if (q) return q.Id;
    }
    return this.model.users.find((u) => u.stackOwnerId === value)?.Id ?? this.model.integrationUser.Id;
  }

  ownerName(id: string): string {
    return this.model.users.find((u) => u.Id === id)?.Name ?? this.model.queues.find((q) => q.Id === id)?.Name ?? id;
  }

  status(stage: string | null | undefined): string {
    return this.model.leadStatus[stage ?? 'lead'] ?? stage ?? this.model.leadStatus.lead!;
  }

  leadRow(rec: PersonRecord): Row {
    const f = rec.fields;
    const row: Row = {};
    for (const field of LEAD_FIELDS) if (field.canonical) row[field.name] = f[field.canonical] ?? null;
    const employees = f.employees ? Number(f.employees) : NaN;
    Object.assign(row, {
      Id: this.leadId(rec),
      IsDeleted: false,
      Name: [f.firstName, f.lastName].filter(Boolean).join(' ') || null,
      NumberOfEmployees: Number.isFinite(employees) ? employees : null,
      Status: this.status(f.lifecycle),
      OwnerId: this.ownerId(f.owner),
      HasOptedOutOfEmail: f.consent === 'false',
      IsConverted: false,
      CreatedDate: sfDate(rec.createdAt),
      CreatedById: this.model.integrationUser.Id,
      LastModifiedDate: sfDate(rec.updatedAt),
      SystemModstamp: sfDate(rec.updatedAt),
    });
    return row;
  }

  /** SOQL tables: Lead (with Owner), LeadHistory, User (with UserRole), Group, UserRole. With
   *  `all` (the `/queryAll` resource), deleted leads are rows too, with IsDeleted = true. */
  tables(opts: { all?: boolean } = {}): SoqlTable[] {
    const roleSchema = { name: 'UserRole', fields: ['Id', 'Name', 'DeveloperName'] };
    const users = this.model.users.map(userRow);
    const queues = this.model.queues.map((q) => ({ ...q }) as Row);
    const ownerSchema = { name: 'Name', fields: ['Id', 'Name', 'Type', 'Email', 'FirstName', 'LastName', 'IsActive', 'Username'] };
    const byId = new Map<string, { row: Row; sobject: string }>();
    for (const u of users) byId.set(u.Id as string, { row: { ...u, Type: 'User' }, sobject: 'User' });
    for (const q of queues) byId.set(q.Id as string, { row: { ...q, Type: 'Queue', FirstName: null, LastName: null, IsActive: true, Username: null }, sobject: 'Group' });
    const roleRel = {
      attributesType: 'UserRole',
      schema: roleSchema,
      resolve: (row: Row) => {
        const r = this.model.roles.find((x) => x.Id === row.UserRoleId);
        return r ? { row: { ...r } as Row, sobject: 'UserRole' } : null;
      },
    };
    const tables: SoqlTable[] = [
      {
        name: 'Lead',
        fields: LEAD_FIELDS.map((f) => f.name),
        relationships: { Owner: { attributesType: 'Name', schema: ownerSchema, resolve: (row) => byId.get(row.OwnerId as string) ?? null } },
        rows: () => [
          ...this.engine.list().map((r) => this.leadRow(r)),
          ...(opts.all ? [...this.deleted.values()].map((r) => ({ ...this.leadRow(r), IsDeleted: true })) : []),
        ],
      },
      {
        name: 'LeadHistory',
        fields: ['Id', 'IsDeleted', 'LeadId', 'CreatedById', 'CreatedDate', 'Field', 'DataType', 'OldValue', 'NewValue'],
        rows: () => this.engine.list().flatMap((r) => historyRows(this, r)),
      },
      {
        name: 'User',
        fields: ['Id', 'Username', 'Email', 'FirstName', 'LastName', 'Name', 'IsActive', 'UserRoleId'],
        relationships: { UserRole: roleRel },
        rows: () => users,
      },
      { name: 'Group', fields: ['Id', 'Name', 'DeveloperName', 'Type', 'Email'], rows: () => queues },
      { name: 'UserRole', fields: roleSchema.fields, rows: () => this.model.roles.map((r) => ({ ...r }) as Row) },
      assignmentRuleTable(this.stack, sfDate(this.createdAt)),
    ];
    return tables.filter((t) => !this.model.settings.hiddenObjects.includes(t.name));
  }

  /** Web-to-Lead intake; the browser learns nothing of the outcome (Salesforce redirects regardless). */
  webToLead(form: URLSearchParams): WebToLeadOutcome {
    const outcome = acceptWebToLead(this, form, this.now());
    this.scheduleDrain();
    return outcome;
  }

  /** Creates queued Web-to-Lead posts the window now has room for; called before every API answer too. */
  drainWebToLead(): WebToLeadOutcome[] {
    const out = this.webToLeadQueue.length > 0 ? drainWebToLeadQueue(this, this.now()) : [];
    this.scheduleDrain();
    return out;
  }

  /** Leads appear when the window frees even if nobody asks (a later flush must find them). */
  private scheduleDrain(): void {
    clearTimeout(this.drainTimer);
    const at = nextWindowFree(this);
    if (at === null) return;
    this.drainTimer = setTimeout(() => this.drainWebToLead(), Math.max(0, at - this.now()) + 5);
    this.drainTimer.unref();
  }
}

function userRow(u: SfUser): Row {
  const { stackOwnerId: _unused, ...row } = u;
  return row as unknown as Row;
}
