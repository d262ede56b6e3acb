/**
 * The Salesforce org view of a sandbox engine (flavour salesforce): engine person records seen
 * as Lead rows with Salesforce ids, field names, Lead Status values and LeadHistory rows, plus
 * Users, Roles and Queues built from the stack, the org's API usage and Web-to-Lead intake.
 * The REST routes only talk to this class.
 */
import type { CrmEngine, PersonRecord, Stack } from '../engine/index.js';
import { idNumber, sfId } from './ids.js';
import { LEAD_FIELDS, describeLead } from './lead-fields.js';
import { buildOrgModel, type OrgModel, type SfUser } from './org-settings.js';
import { historyRows } from './lead-history.js';
import type { Row, SoqlTable } from './soql-eval.js';
import { acceptWebToLead, type WebToLeadOutcome } from './web-to-lead.js';

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
  /** Posts over the daily limit: Salesforce queues them and emails the admin; never created here. */
  readonly webToLeadQueue: URLSearchParams[] = [];
  /** Engine ids deleted through the API, so a second delete says ENTITY_IS_DELETED like Salesforce. */
  private readonly deleted = new Set<number>();

  constructor(
    readonly engine: CrmEngine,
    readonly stack: Stack,
    private readonly now: () => number = Date.now,
    overrides: Parameters<typeof buildOrgModel>[1] = {},
  ) {
    this.model = buildOrgModel(stack, overrides);
  }

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

  private concurrencyRejected = 0;

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
    if (this.engine.archive(String(n))) {
      this.deleted.add(n);
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

  /** SOQL tables: Lead (with Owner), LeadHistory, User (with UserRole), Group, UserRole. */
  tables(): SoqlTable[] {
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
    return [
      {
        name: 'Lead',
        fields: LEAD_FIELDS.map((f) => f.name),
        relationships: { Owner: { attributesType: 'Name', schema: ownerSchema, resolve: (row) => byId.get(row.OwnerId as string) ?? null } },
        rows: () => this.engine.list().map((r) => this.leadRow(r)),
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
    ];
  }

  /** Web-to-Lead intake; the browser learns nothing of the outcome (Salesforce redirects regardless). */
  webToLead(form: URLSearchParams): WebToLeadOutcome {
    return acceptWebToLead(this, form, this.now());
  }
}

function userRow(u: SfUser): Row {
  const { stackOwnerId: _unused, ...row } = u;
  return row as unknown as Row;
}
