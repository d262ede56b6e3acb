/**
 * The org's lead assignment rule as SOQL sees it: the standard `AssignmentRule` object (Id, Name,
 * SobjectType, Active; read-only, "query(), retrieve()" — Object Reference, AssignmentRule). The
 * stack's routing is one active Lead rule whose entries are the stack's routing rules in order;
 * its entries are Metadata API data (AssignmentRules › ruleEntry), not SOQL rows.
 */
import type { Stack } from '../engine/index.js';
import { sfId } from './ids.js';
import type { Row, SoqlTable } from './soql-eval.js';

/** `created`: the rules' CreatedDate in Salesforce's format. */
export function assignmentRuleTable(stack: Stack, created: string): SoqlTable {
  const rows: Row[] = [
    { Id: sfId('01Q', 1), Name: `${stack.name} lead routing`, SobjectType: 'Lead', Active: stack.routing.length > 0, CreatedDate: created, LastModifiedDate: created, SystemModstamp: created },
    // An org keeps its earlier rules, switched off: only one Lead rule is active at a time.
    { Id: sfId('01Q', 2), Name: 'Standard', SobjectType: 'Lead', Active: false, CreatedDate: created, LastModifiedDate: created, SystemModstamp: created },
  ];
  return { name: 'AssignmentRule', fields: ['Id', 'Name', 'SobjectType', 'Active', 'CreatedDate', 'LastModifiedDate', 'SystemModstamp'], rows: () => rows.map((r) => ({ ...r })) };
}
