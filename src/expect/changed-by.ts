/**
 * "The rule that decided", in words: who the CRM says made an owner or lifecycle change. On
 * Salesforce every change is made by a user (an assignment rule or flow runs as the user who
 * triggered it, often the integration user), so a user id is resolved to the name the owner
 * lookup already knows when it can be.
 */
import type { HistoryEntry, OwnerInfo } from '../crm/adapter.js';

export function describeChangeAuthor(entry: HistoryEntry | undefined, owners?: Map<string, OwnerInfo>): string | undefined {
  const by = entry?.by;
  if (!by) return undefined;
  // Only a user id is an owner id too; a workflow's number may collide with one.
  const named = by.name ?? (by.kind === 'user' && by.id ? owners?.get(by.id)?.name : undefined);
  switch (by.kind) {
    case 'workflow':
      return named ? `workflow "${named}"` : by.id ? `workflow ${by.id}` : 'a workflow';
    case 'form':
      return 'the form submission';
    case 'user':
      return named ? `user ${named}` : by.id ? `user ${by.id}` : 'a user';
    case 'integration':
      return named ? `integration "${named}"` : 'an API integration';
    case 'import':
      return 'an import';
    default:
      return named ?? undefined;
  }
}
