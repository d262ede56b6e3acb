/**
 * Folds a run report into one snapshot per scenario: the scenario's name is its identity across
 * runs (the synthetic email and the record id change every run; the lead key carries the file
 * path, which moves with the folder).
 */
import type { LeadResult, RunReport } from '../report/model.js';
import type { Assignee, ScenarioSnapshot } from './model.js';

export function snapshots(report: RunReport): Map<string, ScenarioSnapshot> {
  const byName = new Map<string, LeadResult[]>();
  for (const l of report.leads) byName.set(l.scenario, [...(byName.get(l.scenario) ?? []), l]);
  const out = new Map<string, ScenarioSnapshot>();
  for (const [name, leads] of byName) out.set(name, snapshot(name, leads));
  return out;
}

function snapshot(name: string, leads: LeadResult[]): ScenarioSnapshot {
  const first = leads[0]!;
  const times = leads.map((l) => l.timings.timeToOwnerMs).filter((t): t is number => t !== null).sort((a, b) => a - b);
  const lifecycle = leads.map((l) => l.checks.find((c) => c.kind === 'lifecycle')?.actual).find(Array.isArray) as string[] | undefined;
  return {
    scenario: name,
    ...(first.branch ? { branch: first.branch } : {}),
    ...(first.channel ? { channel: first.channel } : {}),
    ...(first.form ? { form: first.form } : {}),
    leads: leads.length,
    passedLeads: leads.filter((l) => l.passed).length,
    assignees: distinct(leads.filter((l) => l.owner).map((l) => assignee(l))),
    ...(first.owner ? { expectedOwner: first.owner.expected } : {}),
    lifecycle: lifecycle ? lifecycle.map(String) : null,
    fields: foldFields(leads),
    timeToOwner: times.length ? { medianMs: median(times), spreadMs: times.at(-1)! - times[0]!, n: times.length } : null,
    slaMs: Math.min(...leads.map((l) => l.timings.slaMs)),
    failures: leads.flatMap((l) => l.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`)),
  };
}

/**
 * Where the lead went, at the level routing decides: the team when the scenario expects a team or
 * a round-robin pool (which member is rotation, not routing), the person when it names one.
 */
export function assignee(l: LeadResult): Assignee {
  const o = l.owner!;
  if (o.actual === null) return { words: 'nobody', teams: [] };
  if (!o.actualEmail && o.actual.startsWith('queue ')) return { words: o.actual, teams: [], queue: o.actual.slice('queue '.length) };
  const teams = [...(o.actualTeams ?? [])].sort();
  const byPerson = !o.expected.startsWith('team ') && !o.pool;
  const person = { person: o.actualName, email: o.actualEmail };
  if (!byPerson && teams.length) return { words: `team ${teams.join(', ')}`, teams, ...person };
  return { words: o.actual, teams, ...person };
}

function distinct(list: Assignee[]): Assignee[] {
  const seen = new Map<string, Assignee>();
  for (const a of list) if (!seen.has(a.words)) seen.set(a.words, a);
  return [...seen.values()].sort((a, b) => a.words.localeCompare(b.words));
}

function foldFields(leads: LeadResult[]): Record<string, string | null> {
  const keys = new Set(leads.flatMap((l) => Object.keys(l.sourceFields ?? {})));
  const out: Record<string, string | null> = {};
  for (const k of [...keys].sort()) {
    const values = [...new Set(leads.map((l) => l.sourceFields?.[k] ?? null))];
    out[k] = values.length === 1 ? values[0]! : values.map((v) => v ?? 'empty').sort().join(' | ');
  }
  return out;
}

function median(sorted: number[]): number {
  const m = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[m]! : Math.round((sorted[m - 1]! + sorted[m]!) / 2);
}
