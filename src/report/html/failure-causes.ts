/**
 * Failed leads grouped by cause, for the top of the report: a reader sees "EMEA × mid-market
 * routes to Bob Jones, not team EMEA Enterprise — 2 leads" once instead of two failure cards.
 * A stand-in until the report's own grouping (shared with the console summary) lands; the HTML
 * only depends on the FailureGroup shape.
 */
import type { CheckResult, LeadResult, RunReport } from '../model.js';
import { show } from '../xml.js';

export interface FailureGroup {
  cause: string;
  /** Leads with this cause. */
  count: number;
  /** Their keys. */
  leads: string[];
}

export function localFailureGroups(report: RunReport): FailureGroup[] {
  const groups = new Map<string, string[]>();
  for (const lead of report.leads.filter((l) => !l.passed)) {
    const failed = lead.checks.filter((c) => !c.passed);
    // A wrong owner is one fault: its SLA check (timed to the wrong owner, or to nobody) is not a second cause.
    const ownerFailed = failed.some((c) => c.kind === 'owner');
    const causes = failed.filter((c) => !(ownerFailed && c.kind === 'sla')).map((c) => causeOf(lead, c));
    for (const cause of new Set(causes.length ? causes : [`${label(lead)}: failed before any check was decided`])) {
      groups.set(cause, [...(groups.get(cause) ?? []), lead.key]);
    }
  }
  return [...groups]
    .map(([cause, leads]) => ({ cause, count: leads.length, leads }))
    .sort((a, b) => b.count - a.count || a.cause.localeCompare(b.cause));
}

function causeOf(lead: LeadResult, c: CheckResult): string {
  if (c.kind === 'owner') {
    const expected = lead.owner?.expected ?? show(c.expected);
    return `${label(lead)} routes to ${lead.owner?.actual ?? (c.actual === null ? 'nobody' : show(c.actual))}, not ${expected}`;
  }
  if (c.kind === 'field') return `${label(lead)}: ${c.name.replace(/^field /, '')} is ${c.actual === null || c.actual === '' ? 'empty' : show(c.actual)}`;
  return `${label(lead)}: ${c.name} check failed`;
}

function label(lead: LeadResult): string {
  return lead.branch ?? lead.scenario;
}
