/**
 * Preflight's owner check: does the CRM know the owner, team, queue or pool a scenario expects?
 * A deactivated user is known but cannot meet an owner expectation (only active users do).
 */
import type { OwnerInfo } from '../crm/adapter.js';
import type { OwnerExpectation } from '../scenario/types.js';

export interface OwnerFinding {
  /** Stops the run: no lead could ever pass. */
  problem?: string;
  /** Worth saying, but the run still tells (e.g. a deactivated member of a pool). */
  warning?: string;
}

export function checkOwnerExpectation(o: OwnerExpectation, owners: OwnerInfo[]): OwnerFinding {
  const users = owners.filter((x) => x.kind === 'user' && x.active);
  const inactive = owners.filter((x) => x.kind === 'user' && !x.active);
  const queues = owners.filter((x) => x.kind === 'queue');
  const teams = [...new Set(users.flatMap((u) => u.teams))];
  const list = (xs: string[]) => xs.slice(0, 8).join(', ') + (xs.length > 8 ? ', ...' : '');
  const byEmail = (xs: OwnerInfo[], e: string) => xs.some((u) => u.email?.toLowerCase() === e.toLowerCase());
  if ('email' in o) {
    if (byEmail(users, o.email)) return {};
    if (byEmail(inactive, o.email)) return { problem: `"${o.email}" is a deactivated user in the CRM; only an active user meets an owner expectation. Expect the rep who took over, or reactivate the user.` };
    return { problem: `"${o.email}" is not an owner in the CRM.` };
  }
  if ('team' in o) {
    return teams.some((t) => t.toLowerCase() === o.team.toLowerCase()) ? {} : { problem: `"${o.team}" is not a team in the CRM (known: ${list(teams) || 'none'}).` };
  }
  if ('queue' in o) {
    return queues.some((q) => q.name.toLowerCase() === o.queue.toLowerCase()) ? {} : { problem: `"${o.queue}" is not a queue in the CRM (known: ${list(queues.map((q) => q.name)) || 'none'}).` };
  }
  const named = (xs: OwnerInfo[], x: string) => xs.some((u) => u.email?.toLowerCase() === x.toLowerCase() || u.name.toLowerCase() === x.toLowerCase());
  const missing = o.oneOf.filter((x) => !named(owners, x));
  if (missing.length) return { problem: `${missing.map((m) => `"${m}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} not an owner in the CRM.` };
  const deactivated = o.oneOf.filter((x) => !named([...users, ...queues], x));
  if (deactivated.length === o.oneOf.length) return { problem: `every member of the pool (${o.oneOf.join(', ')}) is a deactivated user in the CRM; only an active user meets an owner expectation.` };
  // The pool as the scenario knows it still names someone who left: a rotation that kept them
  // hands them leads, and those leads fail — the run will show which.
  if (deactivated.length) return { warning: `${deactivated.join(', ')} ${deactivated.length > 1 ? 'are deactivated users' : 'is a deactivated user'} in the CRM: leads a rotation still hands to ${deactivated.length > 1 ? 'them' : 'this user'} fail the owner check. Take ${deactivated.length > 1 ? 'them' : 'the user'} out of the rotation and out of this pool.` };
  return {};
}
