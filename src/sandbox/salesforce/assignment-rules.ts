/**
 * The org's lead assignment rules, two ways Salesforce serves them:
 *
 * - SOQL: the standard `AssignmentRule` object (Id, Name, SobjectType, Active; read-only,
 *   "query(), retrieve()" — Object Reference, AssignmentRule).
 * - Metadata API: `readMetadata('AssignmentRules', ['Lead'])` gives each rule (`fullName` = the
 *   rule's name, `active`) with its `ruleEntry` list in evaluation order (Metadata API Developer
 *   Guide, AssignmentRules: "Rules are processed in the order they appear"; RuleEntry fields
 *   assignedTo — a user's Username or a queue's DeveloperName —, assignedToType User|Queue,
 *   criteriaItems {field, operation, value}, booleanFilter, formula; formula and criteriaItems
 *   exclude each other). Entries carry no id and no order field: their position is their order.
 *
 * The stack's routing is one active Lead rule whose entries are the stack's routing rules in
 * order, then the fallback as a last entry without criteria; an org keeps its earlier rule,
 * switched off. Rotations (team, pool) are the common real pattern: one entry per member, told
 * apart by a `Round_Robin_ID__c` criterion (a formula field on Lead in real orgs; the sandbox's
 * Lead has no such field, it rotates in the engine's router).
 */
import type { RoutingRule, Stack } from '../engine/index.js';
import { sfId } from './ids.js';
import type { OrgModel } from './org-settings.js';
import type { Row, SoqlTable } from './soql-eval.js';

/** The active rule's name and the older, inactive one (same in SOQL and the Metadata API). */
export const activeRuleName = (stack: Stack): string => `${stack.name} lead routing`;
const OLD_RULE = 'Standard';

/** `created`: the rules' CreatedDate in Salesforce's format. */
export function assignmentRuleTable(stack: Stack, created: string): SoqlTable {
  const rows: Row[] = [
    { Id: sfId('01Q', 1), Name: activeRuleName(stack), SobjectType: 'Lead', Active: stack.routing.length > 0, CreatedDate: created, LastModifiedDate: created, SystemModstamp: created },
    // An org keeps its earlier rules, switched off: only one Lead rule is active at a time.
    { Id: sfId('01Q', 2), Name: OLD_RULE, SobjectType: 'Lead', Active: false, CreatedDate: created, LastModifiedDate: created, SystemModstamp: created },
  ];
  return { name: 'AssignmentRule', fields: ['Id', 'Name', 'SobjectType', 'Active', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], rows: () => rows.map((r) => ({ ...r })) };
}

/** Metadata API FilterItem (subset). `operation`: FilterOperation values (equals, lessThan, greaterOrEqual, ...). */
export interface FilterItem {
  field: string;
  operation: 'equals' | 'lessThan' | 'greaterOrEqual';
  value: string;
}

/** Metadata API RuleEntry (subset). */
export interface RuleEntry {
  assignedTo: string;
  assignedToType: 'User' | 'Queue';
  criteriaItems: FilterItem[];
  formula?: string;
}

export interface AssignmentRuleMetadata {
  fullName: string;
  active: boolean;
  ruleEntry: RuleEntry[];
}

/** The Lead object's assignment rules as `readMetadata('AssignmentRules', ['Lead'])` returns them. */
export function leadAssignmentRules(stack: Stack, model: OrgModel): AssignmentRuleMetadata[] {
  const username = (email: string) => model.users.find((u) => u.Email === email)?.Username ?? email;
  const devName = (queue: string) => model.queues.find((q) => q.Name === queue)?.DeveloperName ?? queue;
  const user = (email: string): Pick<RuleEntry, 'assignedTo' | 'assignedToType'> => ({ assignedTo: username(email), assignedToType: 'User' });
  const fb = stack.fallback;
  const fallback: RuleEntry = { ...(fb.queue ? { assignedTo: devName(fb.queue), assignedToType: 'Queue' as const } : user(fb.owner)), criteriaItems: [] };
  return [
    { fullName: activeRuleName(stack), active: stack.routing.length > 0, ruleEntry: [...stack.routing.flatMap((r) => entriesOf(stack, r, user, devName)), fallback] },
    { fullName: OLD_RULE, active: false, ruleEntry: [{ ...user(fb.owner), criteriaItems: [] }] },
  ];
}

type Target = Pick<RuleEntry, 'assignedTo' | 'assignedToType'>;

/** One routing rule as rule entries: its match as criteria, one entry per person it may assign. */
function entriesOf(stack: Stack, rule: RoutingRule, user: (email: string) => Target, devName: (q: string) => string): RuleEntry[] {
  const m = rule.match;
  const items: FilterItem[] = [];
  if (m.territory !== undefined) items.push({ field: 'Lead.Country', operation: 'equals', value: (stack.territories[m.territory] ?? []).join(',') });
  if (m.segment !== undefined) {
    const min = stack.segments.find((s) => s.name === m.segment)?.minEmployees ?? 0;
    const above = stack.segments.map((s) => s.minEmployees).filter((n) => n > min).sort((a, b) => a - b)[0];
    if (min > 0) items.push({ field: 'Lead.NumberOfEmployees', operation: 'greaterOrEqual', value: String(min) });
    if (above !== undefined) items.push({ field: 'Lead.NumberOfEmployees', operation: 'lessThan', value: String(above) });
  }
  if (m.form !== undefined) items.push({ field: 'Lead.Web_Form__c', operation: 'equals', value: m.form });
  // An existing customer is known by the website's domain: no criteria item says that, a formula does.
  const customerFormula = (domains: string[], is: boolean) => {
    const any = domains.length ? `OR(${domains.map((d) => `CONTAINS(Website, "${d}")`).join(', ')})` : 'FALSE';
    return is ? any : `NOT(${any})`;
  };
  const entry = (target: Target, extra: FilterItem[] = [], domains?: { list: string[]; is: boolean }): RuleEntry => {
    const all = [...items, ...extra];
    if (!domains) return { ...target, criteriaItems: all };
    return { ...target, criteriaItems: [], formula: `AND(${[...all.map(formulaOf), customerFormula(domains.list, domains.is)].join(', ')})` };
  };
  const customerDomains = stack.customers.map((c) => c.domain);
  const domains = m.existingCustomer === undefined ? undefined : { list: customerDomains, is: m.existingCustomer };
  const a = rule.assign;
  if ('owner' in a) return [entry(user(a.owner), [], domains)];
  if ('queue' in a) return [entry({ assignedTo: devName(a.queue), assignedToType: 'Queue' }, [], domains)];
  if ('accountOwner' in a) {
    // Per account owner, the websites of that owner's accounts.
    const owners = [...new Set(stack.customers.map((c) => c.owner))];
    return owners.map((o) => entry(user(o), [], { list: stack.customers.filter((c) => c.owner === o).map((c) => c.domain), is: true }));
  }
  const members = 'pool' in a ? a.pool : stack.owners.filter((o) => o.teams.includes(a.team) && !o.archived).map((o) => o.email);
  return members.map((email, i) => entry(user(email), [{ field: 'Lead.Round_Robin_ID__c', operation: 'equals', value: String(i + 1) }], domains));
}

function formulaOf(f: FilterItem): string {
  const field = f.field.replace(/^Lead\./, '');
  if (f.operation === 'equals' && f.value.includes(',')) return `OR(${f.value.split(',').map((v) => `${field} = "${v}"`).join(', ')})`;
  const value = /^\d+$/.test(f.value) ? f.value : `"${f.value}"`;
  return `${field} ${f.operation === 'equals' ? '=' : f.operation === 'lessThan' ? '<' : '>='} ${value}`;
}
