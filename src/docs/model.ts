/**
 * The routing document's data: one entry per routing branch of a run, every value taken from the
 * run's report (owner, SLA, the rule that decided, when it was proved) or from the scenario that
 * defines the branch (its explicit conditions). Nothing is invented: what the data does not hold
 * is said to be unknown.
 */
import type { LeadResult, RunReport } from '../report/model.js';
import { formatDuration } from '../scenario/duration.js';
import type { ScenarioInput } from '../scenario/types.js';

export interface BranchDoc {
  branch: string;
  /** Each scenario proving the branch, with the conditions it states explicitly. */
  scenarios: { name: string; conditions: string[] }[];
  /** Who must get the lead, as the scenarios say it. */
  owner: string;
  /** Who got it in the run, as the CRM named them. */
  landedOn: string[];
  sla: string;
  fallback: string;
  /** The rule/workflow that decided the owner, as routing coverage read it. */
  rule: string;
  /** The newest run in which every lead of the branch passed. */
  proved: { runId: string; at: string } | null;
  /** The run the document is made from, when it did not prove the branch. */
  failedIn?: { runId: string; at: string };
}

export interface RoutingDoc {
  run: { runId: string; at: string; account: string; sandbox: boolean; stack?: string; verdict: string };
  branches: BranchDoc[];
  /** Routing rules/workflows no scenario reached (from routing coverage), or why they are unknown. */
  unreached: string[] | { unknown: string };
}

export function buildRoutingDoc(report: RunReport, scenarios: Map<string, ScenarioInput>, earlier: RunReport[]): RoutingDoc {
  const groups = new Map<string, LeadResult[]>();
  for (const l of report.leads) groups.set(branchOf(l), [...(groups.get(branchOf(l)) ?? []), l]);
  const fallback = fallbackWords(report);
  const runs = [report, ...earlier.filter((r) => r.crm.account === report.crm.account && r.startedAt <= report.startedAt && r.runId !== report.runId)]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const branches = [...groups.entries()].map(([branch, leads]): BranchDoc => {
    const names = [...new Set(leads.map((l) => l.scenario))];
    const isFallback = leads.some((l) => l.edge?.includes('fallback-owner'));
    const provedIn = runs.find((r) => provesBranch(r, branch));
    return {
      branch,
      scenarios: names.map((name) => ({ name, conditions: conditionsOf(scenarios.get(name), leads.find((l) => l.scenario === name)!) })),
      owner: unique(leads.map((l) => l.owner?.expected ?? 'not asserted')).join('; '),
      landedOn: unique(leads.map((l) => l.owner?.actual).filter((a): a is string => Boolean(a))),
      sla: unique(leads.map((l) => formatDuration(l.timings.slaMs))).join(', '),
      fallback: isFallback ? 'this branch is the fallback' : fallback,
      rule: ruleWords(report, leads),
      proved: provedIn ? { runId: provedIn.runId, at: provedIn.startedAt } : null,
      ...(provesBranch(report, branch) ? {} : { failedIn: { runId: report.runId, at: report.startedAt } }),
    };
  });
  const c = report.routingCoverage;
  return {
    run: { runId: report.runId, at: report.startedAt, account: report.crm.account, sandbox: report.crm.sandbox, stack: report.stack?.name, verdict: report.summary.verdict },
    branches: branches.sort((a, b) => a.branch.localeCompare(b.branch)),
    unreached: !c
      ? { unknown: 'this run has no routing coverage (it was made before leadproof read it, or merged from shards)' }
      : c.status !== 'listed'
        ? { unknown: c.message ?? 'the CRM did not list its rules' }
        : c.unreached.filter((u) => u.enabled).map((u) => u.name),
  };
}

function branchOf(l: LeadResult): string {
  return l.branch ?? l.scenario;
}

function provesBranch(r: RunReport, branch: string): boolean {
  const leads = r.leads.filter((l) => branchOf(l) === branch);
  return leads.length > 0 && leads.every((l) => l.passed);
}

/** What the scenario states explicitly; faker-filled values are not conditions. */
function conditionsOf(s: ScenarioInput | undefined, lead: LeadResult): string[] {
  const out = [`form \`${s?.form ?? lead.form ?? '?'}\``];
  const a = s?.lead;
  if (a?.country) out.push(`country ${a.country}`);
  if (a?.employees !== undefined) out.push(`${a.employees} employees`);
  if (a?.website) out.push(`company website ${a.website}`);
  if (a?.title) out.push(`job title "${a.title}"`);
  const utm = s?.utm ?? lead.utm;
  if (utm && Object.keys(utm).length) out.push(`UTM ${Object.entries(utm).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (s?.referrer) out.push(`referrer ${s.referrer}`);
  if (s?.query && Object.keys(s.query).length) out.push(`URL parameters ${Object.entries(s.query).map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if ((s?.submissions ?? 1) > 1) out.push(`submitted ${s!.submissions} times by the same person`);
  if (!s) out.push('(scenario file not found: lead attributes unknown)');
  return out;
}

function fallbackWords(r: RunReport): string {
  const fb = r.leads.filter((l) => l.edge?.includes('fallback-owner'));
  if (fb.length === 0) return 'not proved by this run (no scenario is tagged `fallback-owner`)';
  const owners = unique(fb.map((l) => l.owner?.expected ?? 'not asserted'));
  return `${owners.join('; ')} (branch ${unique(fb.map(branchOf)).map((b) => `"${b}"`).join(', ')})`;
}

function ruleWords(r: RunReport, leads: LeadResult[]): string {
  const c = r.routingCoverage;
  if (!c) return 'not recorded (no routing coverage in this run)';
  const rules = unique(leads.map((l) => c.decidedBy[l.key]).filter(Boolean).map((d) => (d.name ? `${d.name} (\`${d.id}\`)` : `\`${d.id}\``)));
  if (rules.length === 0) return 'not recorded by the CRM';
  const inferred = c.attribution === 'owner' ? ' — by the owner it assigns; the CRM does not record the rule' : '';
  const nameless = c.status === 'missing-scope' ? ' — names unknown: the token may not list the rules' : '';
  return `${rules.join('; ')}${inferred}${nameless}`;
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
