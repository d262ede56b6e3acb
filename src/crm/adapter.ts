/**
 * The whole surface a CRM must offer leadproof. Everything else (polling, deadlines, verdicts,
 * reports) is CRM-agnostic and lives outside src/crm/. No CRM names outside src/crm/.
 */

export type CrmKind = 'hubspot' | 'salesforce';

/** A change of one property/field, as the CRM's own history records it. */
export interface HistoryEntry {
  value: string | null;
  /** ISO timestamp the CRM recorded for the change. */
  timestamp: string;
  /** Who/what made the change, when the CRM says (workflow id, API, form...), in the CRM's own words. */
  source?: string;
  /** The same, CRM-agnostic: what the verdict names as "the rule that decided". */
  by?: ChangeAuthor;
}

/** Who made a change: a workflow/flow/assignment rule, a form, a user, an integration, an import. */
export interface ChangeAuthor {
  kind: 'workflow' | 'form' | 'user' | 'integration' | 'import' | 'system';
  /** The CRM's id of it (workflow id, user id, form id), when given. */
  id?: string;
  /** Its name as the CRM labels it, when given (workflow name, user name). */
  name?: string;
}

/** A record (HubSpot contact, Salesforce lead) found for a test email. */
export interface CrmRecord {
  id: string;
  email: string;
  /** Current values of the properties asked for (native names), null when empty. */
  properties: Record<string, string | null>;
  /** History of the properties asked for, oldest first. */
  history: Record<string, HistoryEntry[]>;
  createdAt: string;
  updatedAt?: string;
}

/** An owner as a person would name it: a user (with teams/role) or a queue. */
export interface OwnerInfo {
  id: string;
  kind: 'user' | 'queue';
  /** "Anna Schmidt" or the queue's name. */
  name: string;
  email?: string;
  /** Team names (HubSpot teams; Salesforce role name). */
  teams: string[];
  active: boolean;
}

export interface PropertyInfo {
  /** Native API name (`utm_source`, `UTM_Source__c`). */
  name: string;
  label: string;
  type: string;
  /** Allowed values for enumerations/picklists. */
  options?: string[];
}

export interface DeleteResult {
  deleted: string[];
  failed: { id: string; message: string }[];
}

/** Native names of the fields every adapter must know about. */
export interface CoreFields {
  email: string;
  /** HubSpot `lifecyclestage`, Salesforce `Status` (or what the stack maps). */
  lifecycle: string;
  /** HubSpot `hubspot_owner_id`, Salesforce `OwnerId`. */
  owner: string;
  /**
   * What a value likely means when a field check fails on it, by native field and value: the
   * CRM's own knowledge, so verdict messages can name the cause without naming the CRM.
   */
  valueHints?: Record<string, Record<string, string>>;
  /**
   * The CRM's standard source/attribution fields (native names), read for every lead so the
   * report shows where the CRM says each lead came from even when no check asserts it.
   */
  sourceFields?: string[];
}

/** A capped form intake's state: `used` counts deleted records too; over `max`, posts are queued and created later. */
export interface WebToLeadAllowance {
  remaining: number;
  max: number;
  /** Intake records the CRM shows created within the window. */
  used: number;
  /** The rolling window the cap applies to. */
  windowMs: number;
}

/** What `findParked` looks for: real records still with a default owner/queue (or none) since before a cutoff. */
export interface ParkedQuery {
  /** Owner ids (users and queues) that count as "the default queue". */
  ownerIds: string[];
  /** Also count records with no owner at all (CRMs where a record always has one ignore it). */
  unassigned: boolean;
  /** Only records created before this ISO time count (older than the threshold). */
  createdBefore: string;
  /** And after this one (the lookback), so years of a working rep's book do not count. */
  createdAfter?: string;
  /** Emails on this domain are test records; the query leaves them out where the CRM can. */
  excludeEmailDomain: string;
  /** How many of the oldest to return. */
  limit: number;
}

/** One parked record as the alert lists it. */
export interface ParkedRecord {
  id: string;
  createdAt: string;
  /** The CRM's standard source field (original source / LeadSource), null when empty. */
  source: string | null;
  ownerId: string | null;
  email: string | null;
}

export interface ParkedResult {
  /** How many records match, as the CRM counts them. */
  total: number;
  /** The oldest `limit` of them, oldest first. */
  oldest: ParkedRecord[];
}

/** A routing rule or workflow as the CRM lists it (HubSpot workflow, Salesforce assignment rule entry). */
export interface AutomationInfo {
  /** The id the CRM's history names it by (HubSpot flow id); for rule entries, `<rule id>#<order>`. */
  id: string;
  name: string;
  enabled: boolean;
  kind: 'workflow' | 'assignment-rule-entry';
  /** Owner/queue id a rule entry assigns to: how a CRM whose history names no rule attributes a lead to one. */
  assignsTo?: string;
}

/** The CRM's list of its routing rules/workflows, or why the token may not read it. */
export type AutomationList =
  | { status: 'listed'; automations: AutomationInfo[]; /** How leads are matched to them: by the history's author, or by the owner an entry assigns. */ attribution: 'history' | 'owner' }
  | { status: 'missing-scope'; /** The scope/permission to grant, in the CRM's words. */ scope: string; message: string };

/** What `countBySource` counts: real records created in a window, grouped by a source field. */
export interface SourceCountQuery {
  /** Native name of the source field (`hs_analytics_source`, `LeadSource`, `Original_Source__c`). */
  field: string;
  /** ISO times: created at or after `createdAfter`, before `createdBefore`. */
  createdAfter: string;
  createdBefore: string;
  /** Emails on this domain are test records, left out of every count. */
  excludeEmailDomain: string;
  /** The field's known values (enumeration options), when it has them: a CRM may count per value. */
  values?: string[];
}

export interface SourceCounts {
  /** Records created in the window, test records left out, as the CRM counts them. */
  total: number;
  /** One entry per source value (null: no value), as the CRM counts them. */
  bySource: { source: string | null; count: number }[];
  /** How the CRM was asked, in words for the output ("10 searches: one per value of ..."). */
  method: string;
}

export interface CrmAdapter {
  readonly kind: CrmKind;
  /** Human label of the account: "HubSpot portal 424242", "Salesforce org 00D...". */
  readonly account: string;
  readonly coreFields: CoreFields;
  /**
   * Current records for many emails at once (batched, chunked by the adapter). Reads that
   * avoid the search index where the CRM offers them (HubSpot batch read by email).
   * Missing emails are absent from the map. `historyOf` fields come back with history.
   */
  findByEmails(emails: string[], properties: string[], historyOf: string[]): Promise<Map<string, CrmRecord[]>>;
  /**
   * Every record id carrying one of these emails, via the CRM's search/query (so duplicates
   * show up). May lag behind writes on CRMs with a search index.
   */
  searchByEmails(emails: string[]): Promise<Map<string, { id: string; email: string; createdAt: string; updatedAt?: string }[]>>;
  /** Resolve owner ids (users and queues) to people/queue names. */
  resolveOwners(ids: string[]): Promise<Map<string, OwnerInfo>>;
  /** All owners (deactivated users with `active: false`), queues and teams, for preflight. */
  listOwners(): Promise<OwnerInfo[]>;
  /** All properties/fields of the lead object, for preflight. */
  listProperties(): Promise<PropertyInfo[]>;
  /** Read-only: real records parked with a default owner/queue (queue-watch). One or two calls, never paged. */
  findParked?(q: ParkedQuery): Promise<ParkedResult>;
  /** The CRM's routing rules and workflows (routing coverage); a token without the scope gets `missing-scope`, never a throw. */
  listAutomations?(): Promise<AutomationList>;
  /** Read-only: how many real records were created per value of a source field (baseline-sources). */
  countBySource?(q: SourceCountQuery): Promise<SourceCounts>;
  /** Delete (archive) these records. Callers have already proved each is a test record. */
  deleteRecords(ids: string[]): Promise<DeleteResult>;
  /** Optional extra preflight (token scope, API headroom, web-to-lead daily remaining). */
  preflight?(): Promise<string[]>;
  /** Form submissions the CRM still accepts today where it caps them (Salesforce Web-to-Lead: 500/24 h); null when unknown. */
  webToLeadRemaining?(): Promise<WebToLeadAllowance | null>;
  /**
   * The limit of the CRM's own form endpoint, where forms post to it (HubSpot's forms API), with
   * leadproof's margin; the run paces submit clicks to it unless a form profile says otherwise.
   */
  readonly formIntake?: { perTenSeconds: number; endpoint: string };
  /** API calls made so far through this adapter (for the report's figures). */
  readonly apiCalls: number;
}
