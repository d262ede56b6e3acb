/**
 * The owner's history in words: who got the lead when, and which rule (workflow, user) the CRM
 * says made each change — "went to Anna Schmidt at 2.0 s by workflow 51200103, then to Tom Reed
 * at 9.0 s by workflow 51200201".
 */
import type { HistoryEntry, OwnerInfo } from '../crm/adapter.js';
import { formatDuration } from '../scenario/duration.js';
import { describeChangeAuthor } from './changed-by.js';
import { describeOwner } from './matchers.js';

/** The history entry that set the current owner: the last time it became that value. */
export function assignmentOf(history: HistoryEntry[], ownerId: string): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i].value === ownerId) return history[i];
  return undefined;
}

/** " by workflow 123" when the CRM says who made the change, else "". */
export function byWords(entry: HistoryEntry | undefined, owners: Map<string, OwnerInfo>): string {
  const who = describeChangeAuthor(entry, owners);
  return who ? ` by ${who}` : '';
}

/**
 * Each owner the record had, in order (repeats collapsed, empty values left out). One entry means
 * the lead was assigned once; more mean it was reassigned.
 */
export function ownerChanges(history: HistoryEntry[]): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const h of history) if (h.value && h.value !== out.at(-1)?.value) out.push(h);
  return out;
}

/**
 * "went to A at 2.0 s by X, then to B at 9.0 s by Y": earlier owners by name, the current one as
 * `describeOwner` tells it (teams, deactivated), so the reader sees why it does not match.
 */
export function ownerTrail(changes: HistoryEntry[], owners: Map<string, OwnerInfo>, after: (t: number) => number): string {
  const steps = changes.map((h, i) => {
    const info = h.value ? owners.get(h.value) : undefined;
    const who = i === changes.length - 1 ? describeOwner(info, h.value) : (info?.name ?? `owner id ${h.value}`);
    return `${who} at ${formatDuration(after(Date.parse(h.timestamp)))}${byWords(h, owners)}`;
  });
  return `went to ${steps.join(', then to ')}`;
}
