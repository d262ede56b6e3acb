/**
 * Failures grouped by cause: ten leads sent to the wrong team by one routing rule are one fault,
 * and the reader should see it once ("EMEA × mid-market routes to team NA Mid-Market — 2 leads")
 * before the per-lead lines. Pure, so the console, report.json and the HTML render the same groups.
 */
import type { CheckKind, CheckResult, FailureGroup, LeadResult, PoolCoverage, RunReport } from './model.js';
import { show } from './xml.js';

export type { FailureGroup };

/** Groups every failed check of the run (and every missed pool member) by cause, biggest first. */
export function groupFailures(report: Pick<RunReport, 'leads'> & { pools?: PoolCoverage[] }): FailureGroup[] {
  const groups = new Map<string, { key: string; kind: CheckKind; check: CheckResult; leads: LeadResult[] }>();
  for (const lead of report.leads) {
    // A lead that went to the wrong owner was not late to the right one: the owner group is its cause.
    const wrongOwner = lead.checks.some((c) => c.kind === 'owner' && !c.passed);
    for (const check of lead.checks.filter((c) => !c.passed && !(wrongOwner && c.kind === 'sla'))) {
      const key = groupKey(check, lead);
      const g = groups.get(key) ?? { key, kind: check.kind, check, leads: [] };
      if (!g.leads.includes(lead)) g.leads.push(lead);
      groups.set(key, g);
    }
  }
  const out: FailureGroup[] = [...groups.values()].map((g) => {
    const branches = new Set(g.leads.map((l) => l.branch));
    const branch = branches.size === 1 ? g.leads[0]!.branch : undefined;
    return { cause: describe(g.check, g.leads[0]!, branch), key: g.key, kind: g.kind, count: g.leads.length, leads: g.leads.map((l) => l.key), ...(branch ? { branch } : {}) };
  });
  for (const p of report.pools ?? []) {
    if (p.status !== 'missed') continue;
    const leads = report.leads.filter((l) => sameMembers(l.owner?.pool, p.members) && l.recordId !== null).map((l) => l.key);
    // Keyed without the per-member counts, which change from run to run for the same fault.
    out.push({ cause: p.message, key: JSON.stringify(['pool', [...p.members].sort(), [...p.missing].sort()]), kind: 'pool', count: leads.length, leads, ...(p.branches.length === 1 ? { branch: p.branches[0] } : {}) });
  }
  // Stable: biggest first, ties in the order the run met them.
  return out.map((g, i) => ({ g, i })).sort((a, b) => b.g.count - a.g.count || a.i - b.i).map(({ g }) => g);
}

/** "EMEA × mid-market routes to team NA Mid-Market — 2 leads". */
export function describeGroup(g: FailureGroup): string {
  return `${g.cause} — ${g.count} lead${g.count === 1 ? '' : 's'}`;
}

/** Leads share a cause when the same check saw the same thing where the same was expected.
 *  Values that differ per lead by nature (times, record ids, counts) are reduced to their sense. */
function groupKey(c: CheckResult, lead: LeadResult): string {
  const parts: unknown[] = [c.kind, c.name, c.expected];
  if (c.kind === 'owner') parts.push(ownerGroup(lead) ?? c.actual);
  else if (c.kind === 'sla') parts.push(c.actual === null ? 'none' : 'late');
  else if (c.kind === 'unique') parts.push(typeof c.actual === 'number' && c.actual > 1 ? 'many' : 'unjudged');
  else if (c.kind === 'record' || c.kind === 'submit') parts.push(c.actual === null ? 'none' : c.message);
  else if (c.kind === 'lifecycle') parts.push(withoutTimes(c.message));
  else parts.push(c.actual);
  return JSON.stringify(parts);
}

/** A wrong owner is grouped by the team it landed in: a round-robin team spreads one fault over
 *  several people. An inactive user or one without a team is its own cause. */
function ownerGroup(lead: LeadResult): string | undefined {
  const o = lead.owner;
  if (!o?.actual || o.actualActive === false || !o.actualTeams?.length) return undefined;
  return `team ${o.actualTeams.join(', ')}`;
}

function describe(c: CheckResult, lead: LeadResult, branch: string | undefined): string {
  const on = branch ? `${branch}: ` : '';
  switch (c.kind) {
    case 'owner': {
      const actual = ownerGroup(lead) ?? (c.actual === null ? 'nobody (no owner)' : show(c.actual));
      return `${branch ?? 'the lead'} routes to ${actual}; expected ${show(c.expected)}`;
    }
    case 'sla':
      return `${on}${c.actual === null ? 'no owner assignment' : 'owner assigned too late'}; expected ${show(c.expected)}`;
    case 'field': {
      const actual = c.actual === null || c.actual === '' ? 'empty' : JSON.stringify(c.actual);
      return `${on}${c.name.replace(/^field /, '')} is ${actual}; expected ${matcherWords(c.expected)}`;
    }
    case 'lifecycle':
      // The check's own words tell late from never from moved back; only the per-lead times go.
      return `${on}${withoutTimes(c.message)}`;
    case 'unique':
      return `${on}${typeof c.actual === 'number' && c.actual > 1 ? 'duplicate records created instead of merged' : 'uniqueness could not be judged'}`;
    case 'record':
      return `${on}${c.actual === null && c.name === 'record found' ? 'no record reached the CRM' : `${c.name}: ${c.message}`}`;
    default:
      return `${on}${c.name}: ${c.message}`;
  }
}

function matcherWords(m: unknown): string {
  if (m && typeof m === 'object') {
    const o = m as Record<string, unknown>;
    if (Array.isArray(o.oneOf)) return `one of ${o.oneOf.map((x) => JSON.stringify(x)).join(', ')}`;
    if (typeof o.pattern === 'string') return `to match /${o.pattern}/`;
    if (o.present) return 'a value';
    if (o.absent) return 'no value';
  }
  return JSON.stringify(m);
}

/** "became marketingqualifiedlead after 45 s by workflow 7, over the 30 s SLA" → "became
 *  marketingqualifiedlead by workflow 7, over the 30 s SLA": leads late by different amounts share a cause. */
function withoutTimes(message: string): string {
  return message.replace(/ (?:after|at) (?:\d+ m \d+ s|\d+(?:\.\d+)? m?s)\b/g, '');
}

export function sameMembers(a: string[] | undefined, b: string[]): boolean {
  if (!a || a.length !== b.length) return false;
  const norm = (xs: string[]) => [...xs].map((x) => x.toLowerCase()).sort().join('\n');
  return norm(a) === norm(b);
}
