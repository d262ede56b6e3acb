/**
 * Round-robin coverage: each lead of a `oneOf` pool passes its own owner check whoever of the
 * pool gets it, so a member the rotation skips (left out of the CRM's rotation, or never given
 * leads) is invisible lead by lead. Only the run as a whole shows it: with at least as many leads
 * as members, a strict rotation gives every member one. Fewer leads cannot tell, so that is only
 * a warning. Decided from the leads alone, so `merge` recomputes it over all shards.
 */
import { sameMembers } from './failure-groups.js';
import { poolFairness } from '../volume-report/index.js';
import type { LeadResult, PoolCoverage } from './model.js';

export function derivePools(leads: LeadResult[]): PoolCoverage[] {
  const pools: { members: string[]; leads: LeadResult[] }[] = [];
  for (const lead of leads) {
    const members = lead.owner?.pool;
    if (!members?.length) continue;
    const pool = pools.find((p) => sameMembers(p.members, members));
    if (pool) pool.leads.push(lead);
    else pools.push({ members: [...members], leads: [lead] });
  }
  return pools.map((p) => coverage(p.members, p.leads));
}

function coverage(members: string[], leads: LeadResult[]): PoolCoverage {
  const perMember: Record<string, number> = Object.fromEntries(members.map((m) => [m, 0]));
  const byEmail = new Map(members.map((m) => [m.toLowerCase(), m]));
  let outside = 0;
  // A lead that never reached the CRM, or went outside the pool, could not have reached a member:
  // its own check already failed, so it does not count towards the pool's chance to rotate.
  for (const lead of leads.filter((l) => l.recordId !== null)) {
    // A pool may name its members by email or by name, as `oneOf` allows.
    const member = byEmail.get(lead.owner?.actualEmail?.toLowerCase() ?? '') ?? byEmail.get(lead.owner?.actualName?.toLowerCase() ?? '');
    if (member) perMember[member]! += 1;
    else outside += 1;
  }
  const routed = members.reduce((n, m) => n + perMember[m]!, 0);
  const missing = members.filter((m) => perMember[m] === 0);
  const branches = [...new Set(leads.map((l) => l.branch ?? l.scenario))];
  const name = `${branches.join(' / ')} pool`;
  const counts = members.map((m) => `${m} ${perMember[m]}`).join(', ');
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const status: PoolCoverage['status'] = missing.length === 0 ? 'covered' : routed >= members.length ? 'missed' : 'not-exercised';
  const message =
    status === 'covered' ? `${name}: every member received leads (${counts})`
    : status === 'missed' ? `${name}: ${missing.join(', ')} received none of ${plural(routed, 'lead')} (${counts}); check that the rotation includes ${missing.length === 1 ? 'this member' : 'these members'}, or, if ${missing.length === 1 ? 'they have' : 'some have'} left, take ${missing.length === 1 ? 'them' : 'those'} out of this scenario's pool`
    : `${name} not fully exercised: ${plural(routed, 'lead')}, ${plural(members.length, 'member')} (run with --volume, or give the scenario volume: ${members.length} or more)`;
  return { members, branches, leads: routed, perMember, outside, status, missing, message, fairness: poolFairness(members.map((m) => perMember[m]!)) };
}
