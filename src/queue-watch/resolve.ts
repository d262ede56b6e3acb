/**
 * Names in the queueWatch config → the CRM's owner ids, through the adapter's owner list (as
 * preflight resolves owner expectations). An unknown name is the user's mistake, named with what
 * the CRM does know; a deactivated fallback owner still counts (records can still point at it).
 */
import type { OwnerInfo } from '../crm/adapter.js';
import type { ConfigIssue } from '../errors.js';
import type { WatchSettings } from './config.js';

export interface ResolvedOwners {
  /** Owner ids that count as the default queue. */
  ids: string[];
  /** How each id reads in messages: "Noah Fischer <noah.fischer@…>", "Lead Desk Queue (queue)". */
  labels: Map<string, string>;
  issues: ConfigIssue[];
  /** Worth saying, not fatal. */
  notes: string[];
}

export function resolveWatchedOwners(s: Pick<WatchSettings, 'owners' | 'queues' | 'teams'>, owners: OwnerInfo[], file: string): ResolvedOwners {
  const out: ResolvedOwners = { ids: [], labels: new Map(), issues: [], notes: [] };
  const add = (o: OwnerInfo) => {
    if (!out.labels.has(o.id)) out.ids.push(o.id);
    out.labels.set(o.id, label(o));
  };
  const users = owners.filter((o) => o.kind === 'user');
  const queues = owners.filter((o) => o.kind === 'queue');
  const list = (xs: string[]) => xs.slice(0, 8).join(', ') + (xs.length > 8 ? ', ...' : '') || 'none';
  s.owners.forEach((email, i) => {
    const hit = users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
    if (hit) add(hit);
    else out.issues.push({ file, field: `queueWatch.owners.${i}`, message: `"${email}" is not an owner in the CRM (known: ${list(users.map((u) => u.email ?? u.name))}).` });
  });
  if (s.queues.length > 0 && queues.length === 0) {
    out.notes.push(`The CRM has no queues; queueWatch.queues (${s.queues.join(', ')}) is ignored here — name the fallback owner under queueWatch.owners.`);
  } else {
    s.queues.forEach((name, i) => {
      const hit = queues.find((q) => q.name.toLowerCase() === name.toLowerCase());
      if (hit) add(hit);
      else out.issues.push({ file, field: `queueWatch.queues.${i}`, message: `"${name}" is not a queue in the CRM (known: ${list(queues.map((q) => q.name))}).` });
    });
  }
  s.teams.forEach((team, i) => {
    const members = users.filter((u) => u.teams.some((t) => t.toLowerCase() === team.toLowerCase()));
    if (members.length > 0) members.forEach(add);
    else out.issues.push({ file, field: `queueWatch.teams.${i}`, message: `"${team}" is not a team in the CRM (known: ${list([...new Set(users.flatMap((u) => u.teams))])}).` });
  });
  return out;
}

function label(o: OwnerInfo): string {
  if (o.kind === 'queue') return `${o.name} (queue)`;
  return `${o.name}${o.email ? ` <${o.email}>` : ''}${o.active ? '' : ' (deactivated)'}`;
}
