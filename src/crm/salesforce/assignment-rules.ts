/**
 * The org's Lead assignment rules, for routing coverage. The rules and which one is active come
 * from SOQL (`AssignmentRule`, readable with "View Setup and Configuration"); their entries only
 * from the Metadata API (`readMetadata('AssignmentRules', ['Lead'])` through jsforce's
 * `conn.metadata.read`, SOAP), which needs "Modify All Data" or "Modify Metadata Through Metadata
 * API Functions" (readMetadata(), Metadata API Developer Guide; a user without them gets the fault
 * `sf:INSUFFICIENT_ACCESS` "use of the Metadata API requires a user with the ModifyAllData or
 * ModifyMetadata permissions", forcedotcom/cli#3048). Either refusal is reported as such.
 *
 * An entry names its assignee by Username (user) or DeveloperName (queue); those are resolved to
 * Ids so `assignsTo` compares with Lead.OwnerId. Entries have no id: `<rule id>#<order>`, order
 * being the 1-based position (rules are evaluated in that order, first match wins). LeadHistory
 * names the user the rule ran as, not the rule, so leads are attributed by owner.
 */
import type jsforce from 'jsforce';
import type { AutomationInfo, AutomationList } from '../adapter.js';
import { inListQueries } from './soql-chunks.js';

type Run = <T>(kind: string, fn: () => Promise<T>) => Promise<T>;
type Query = <T>(kind: string, soql: string) => Promise<T[]>;

interface FilterItem { field?: string; operation?: string; value?: string | null; valueField?: string | null }
interface RuleEntry { assignedTo?: string | null; assignedToType?: string | null; criteriaItems?: FilterItem[]; booleanFilter?: string | null; formula?: string | null }
interface RuleMetadata { fullName?: string; active?: boolean | null; ruleEntry?: RuleEntry[] }

const SOQL = "SELECT Id, Name, Active FROM AssignmentRule WHERE SobjectType = 'Lead'";

export async function listLeadAssignmentRules(conn: jsforce.Connection, run: Run, query: Query): Promise<AutomationList> {
  const rules = await query<{ Id: string; Name: string; Active: boolean }>('automations', SOQL).catch((err: unknown) => {
    if (codeOf(err) === 'INVALID_TYPE') return null;
    throw err;
  });
  if (!rules) {
    return {
      status: 'missing-scope', scope: 'View Setup and Configuration',
      message: `Salesforce answered INVALID_TYPE for AssignmentRule: the user behind SF_ACCESS_TOKEN cannot see setup objects. Grant it "View Setup and Configuration" (and "Modify Metadata Through Metadata API Functions" for the rule entries) to see which assignment rule entries no scenario reached.`,
    };
  }
  const read = await run('automations', async () => {
    try {
      return { records: (await conn.metadata.read('AssignmentRules', ['Lead'])) as unknown as { assignmentRule?: RuleMetadata[] }[] };
    } catch (err) {
      // The same code also means a session restriction ("cannot execute Metadata operation with PAC
      // enabled session id", certinia/apex-mdapi#6): only the permission message earns the hint;
      // anything else reaches the report in Salesforce's own words.
      if (/INSUFFICIENT_ACCESS$/.test(codeOf(err) ?? '') && /ModifyAllData|ModifyMetadata/.test(messageOf(err))) return null;
      // jsforce refuses SOAP calls with a JWT-based access token before sending (lib/soap.js: the
      // org would answer INVALID_SESSION_ID and jsforce would loop refreshing the session).
      if (err instanceof Error && /JWT-based access tokens/.test(err.message)) return { jwt: true as const };
      throw err;
    }
  });
  if (read && 'jwt' in read) {
    throw new Error(
      `the Metadata API (SOAP) does not accept JWT-based access tokens, so the assignment rule entries cannot be read: turn off "Issue JSON Web Token (JWT)-based access tokens" in the External Client App (or Connected App) behind SF_ACCESS_TOKEN to see which entries no scenario reached.`,
    );
  }
  if (!read) {
    return {
      status: 'missing-scope', scope: 'Modify Metadata Through Metadata API Functions',
      message: `Salesforce refused the Metadata API read of the Lead assignment rules (sf:INSUFFICIENT_ACCESS): the user behind SF_ACCESS_TOKEN needs "Modify Metadata Through Metadata API Functions" (or "Modify All Data") to see which assignment rule entries no scenario reached.`,
    };
  }
  const meta = read.records.flatMap((r) => r?.assignmentRule ?? []);
  const entries = rules.flatMap((rule) => (meta.find((m) => m.fullName === rule.Name)?.ruleEntry ?? []).map((entry, i) => ({ rule, entry, order: i + 1 })));
  const ids = await assigneeIds(query, entries.map((e) => e.entry));
  const automations: AutomationInfo[] = entries.map(({ rule, entry, order }) => {
    const assignee = entry.assignedTo ? ids.get(`${entry.assignedToType ?? 'User'}:${entry.assignedTo}`) : undefined;
    return {
      id: `${rule.Id}#${order}`,
      name: `Lead rule '${rule.Name}' entry ${order}: ${conditionsOf(entry)} → ${assignee?.name ?? entry.assignedTo ?? 'nobody'}`,
      enabled: rule.Active === true,
      kind: 'assignment-rule-entry',
      ...(assignee ? { assignsTo: assignee.id } : {}),
    };
  });
  return { status: 'listed', automations, attribution: 'owner' };
}

/** Username / queue DeveloperName → Id and name, in two queries. */
async function assigneeIds(query: Query, entries: RuleEntry[]): Promise<Map<string, { id: string; name: string }>> {
  const out = new Map<string, { id: string; name: string }>();
  const names = (type: string) => [...new Set(entries.filter((e) => (e.assignedToType ?? 'User') === type && e.assignedTo).map((e) => e.assignedTo!))];
  const users = names('User');
  const queues = names('Queue');
  // Split like every IN list of the adapter: an org with a few hundred assignees would pass the
  // 16,384-byte request limit in one GET (414, KA 000386264) and lose the whole coverage.
  const all = async <T>(soql: string[]) => (await Promise.all(soql.map((s) => query<T>('automations', s)))).flat();
  const [u, q] = await Promise.all([
    all<{ Id: string; Name: string; Username: string }>(users.length ? inListQueries(users, (l) => `SELECT Id, Name, Username FROM User WHERE Username IN (${l})`, { maxCount: 100 }) : []),
    all<{ Id: string; Name: string; DeveloperName: string }>(queues.length ? inListQueries(queues, (l) => `SELECT Id, Name, DeveloperName FROM Group WHERE Type = 'Queue' AND DeveloperName IN (${l})`, { maxCount: 100 }) : []),
  ]);
  for (const r of u) out.set(`User:${r.Username}`, { id: r.Id, name: r.Name });
  for (const r of q) out.set(`Queue:${r.DeveloperName}`, { id: r.Id, name: `queue ${r.Name}` });
  return out;
}

const OPS: Record<string, string> = { equals: '=', notEqual: '≠', lessThan: '<', greaterThan: '>', lessOrEqual: '≤', greaterOrEqual: '≥' };

/** "Country = GB,IE,DE,… (11) AND NumberOfEmployees ≥ 1000", the formula, or "any lead". */
export function conditionsOf(e: RuleEntry): string {
  if (e.formula) return `formula ${e.formula.length > 80 ? `${e.formula.slice(0, 79)}…` : e.formula}`;
  const items = (e.criteriaItems ?? []).map((c) => {
    const values = (c.value ?? '').split(',');
    const value = c.valueField ? c.valueField.replace(/^Lead\./, '') : values.length > 4 ? `${values.slice(0, 3).join(',')},… (${values.length})` : (c.value ?? '');
    return `${(c.field ?? '').replace(/^Lead\./, '')} ${OPS[c.operation ?? ''] ?? c.operation} ${value}`;
  });
  if (items.length === 0) return 'any lead';
  return e.booleanFilter ? `${e.booleanFilter} of [${items.map((t, i) => `${i + 1}: ${t}`).join('; ')}]` : items.join(' AND ');
}

/** jsforce's error code (REST `INVALID_TYPE`, SOAP `sf:INSUFFICIENT_ACCESS`), also behind the budget's error. */
function codeOf(err: unknown): string | undefined {
  const e = err as { errorCode?: unknown; cause?: { errorCode?: unknown } } | null;
  const c = e?.errorCode ?? e?.cause?.errorCode;
  return typeof c === 'string' ? c : undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
