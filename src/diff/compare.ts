/**
 * The diff of two runs: per scenario, what routing, lifecycle, attribution, timing and verdict
 * did differently, and which branches or scenarios one run had and the other did not.
 */
import type { RunReport } from '../report/model.js';
import { seconds } from '../report/xml.js';
import { DIFF_SCHEMA, TIME_NOISE_RULE, type Change, type RunDiff, type RunRef, type ScenarioDiff, type ScenarioSnapshot } from './model.js';
import { snapshots } from './snapshot.js';

export interface RunInput {
  report: RunReport;
  /** The run folder as the user gave it. */
  dir: string;
}

export function diffRuns(baseline: RunInput, current: RunInput, now = new Date()): RunDiff {
  const before = snapshots(baseline.report);
  const after = snapshots(current.report);
  const branchesBefore = branchMap(before);
  const branchesAfter = branchMap(after);
  const wholeBranch: Change[] = [];
  for (const [b, names] of branchesAfter) if (!branchesBefore.has(b)) wholeBranch.push(branchChange('branch-added', b, names));
  for (const [b, names] of branchesBefore) if (!branchesAfter.has(b)) wholeBranch.push(branchChange('branch-removed', b, names));
  const onNewOrGoneBranch = (s: ScenarioSnapshot) => s.branch !== undefined && (!branchesBefore.has(s.branch) || !branchesAfter.has(s.branch));

  const scenarios: ScenarioDiff[] = [];
  for (const name of orderedNames(current.report, baseline.report)) {
    const b = before.get(name);
    const a = after.get(name);
    if (a && b) {
      const changes = compareScenario(b, a);
      scenarios.push({ scenario: name, branch: a.branch, status: changes.length ? 'changed' : 'unchanged', baseline: b, current: a, changes });
    } else if (a) {
      // A scenario on a new branch is told once, by the branch.
      const changes = onNewOrGoneBranch(a) ? [] : [scenarioChange('scenario-added', a)];
      scenarios.push({ scenario: name, branch: a.branch, status: 'added', current: a, changes });
    } else if (b) {
      const changes = onNewOrGoneBranch(b) ? [] : [scenarioChange('scenario-removed', b)];
      scenarios.push({ scenario: name, branch: b.branch, status: 'removed', baseline: b, changes });
    }
  }
  const changes = [...wholeBranch, ...scenarios.flatMap((s) => s.changes)];
  return {
    schema: DIFF_SCHEMA,
    generatedAt: now.toISOString(),
    baseline: runRef(baseline),
    current: runRef(current),
    noiseRule: TIME_NOISE_RULE,
    scenarios,
    changes,
    summary: {
      changes: changes.length,
      scenariosChanged: scenarios.filter((s) => s.status === 'changed').length,
      scenariosUnchanged: scenarios.filter((s) => s.status === 'unchanged').length,
      added: scenarios.filter((s) => s.status === 'added').length,
      removed: scenarios.filter((s) => s.status === 'removed').length,
    },
  };
}

export function compareScenario(b: ScenarioSnapshot, a: ScenarioSnapshot): Change[] {
  const out: Change[] = [];
  const where = `${a.branch ? `${a.branch} — ` : ''}"${a.scenario}"`;
  const change = (c: Omit<Change, 'id' | 'scenario' | 'branch'>): void => {
    out.push({ id: [a.scenario, c.kind, c.field].filter(Boolean).join('|'), scenario: a.scenario, ...(a.branch ? { branch: a.branch } : {}), ...c });
  };

  const ownerBefore = words(b.assignees);
  const ownerAfter = words(a.assignees);
  if (b.assignees.length && a.assignees.length && ownerBefore !== ownerAfter) {
    change({ kind: 'owner', from: ownerBefore, to: ownerAfter, message: `${where}: owner ${ownerBefore} → ${ownerAfter}`, detail: { fromAssignee: b.assignees, toAssignee: a.assignees } });
  }
  if (b.lifecycle && a.lifecycle && b.lifecycle.join() !== a.lifecycle.join()) {
    const [from, to] = [pathWords(b.lifecycle), pathWords(a.lifecycle)];
    const end = b.lifecycle.at(-1) !== a.lifecycle.at(-1) ? `; ends at ${a.lifecycle.at(-1) ?? 'no stage'} instead of ${b.lifecycle.at(-1) ?? 'no stage'}` : '';
    change({ kind: 'lifecycle', from, to, message: `${where}: lifecycle ${from} → ${to}${end}`, detail: { fromPath: b.lifecycle, toPath: a.lifecycle } });
  }
  // Only fields both runs read: a field one run did not read is not a change in the CRM.
  for (const [field, value] of Object.entries(a.fields)) {
    if (!(field in b.fields) || b.fields[field] === value) continue;
    const from = b.fields[field] ?? null;
    change({ kind: 'field', field, from, to: value, message: `${where}: ${field} ${quote(from)} → ${quote(value)}` });
  }
  const shift = timeShift(b, a);
  if (shift) {
    change({
      kind: 'time-to-owner', from: seconds(shift.fromMs), to: seconds(shift.toMs),
      message: `${where}: time to owner ${seconds(shift.fromMs)} → ${seconds(shift.toMs)} (beyond the noise threshold of ${seconds(shift.thresholdMs)}; SLA ${seconds(a.slaMs)})`,
      detail: shift,
    });
  }
  const [wasOk, isOk] = [b.passedLeads === b.leads, a.passedLeads === a.leads];
  if (wasOk !== isOk) {
    const why = isOk ? '' : ` (${a.failures[0] ?? 'a check failed'})`;
    change({ kind: 'verdict', from: wasOk ? 'passed' : 'failed', to: isOk ? 'passed' : 'failed', message: `${where}: ${wasOk ? 'passed' : 'failed'} → ${isOk ? 'passed' : 'failed'}${why}` });
  }
  return out;
}

/**
 * Time to owner shifted beyond noise: the medians differ by more than max(3 × the baseline's spread,
 * 20 % of the SLA). The spread (slowest − fastest lead of the scenario) is what the baseline itself
 * showed as normal variation; the SLA share keeps one-lead runs (spread 0) from flagging
 * seconds of workflow jitter that nobody receiving the lead would notice.
 */
export function timeShift(b: ScenarioSnapshot, a: ScenarioSnapshot): { fromMs: number; toMs: number; thresholdMs: number } | null {
  if (!b.timeToOwner || !a.timeToOwner) return null;
  const thresholdMs = Math.max(3 * b.timeToOwner.spreadMs, 0.2 * Math.min(a.slaMs, b.slaMs));
  const moved = Math.abs(a.timeToOwner.medianMs - b.timeToOwner.medianMs);
  return moved > thresholdMs ? { fromMs: b.timeToOwner.medianMs, toMs: a.timeToOwner.medianMs, thresholdMs: Math.round(thresholdMs) } : null;
}

function branchMap(s: Map<string, ScenarioSnapshot>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const snap of s.values()) if (snap.branch) m.set(snap.branch, [...(m.get(snap.branch) ?? []), snap.scenario]);
  return m;
}

function branchChange(kind: 'branch-added' | 'branch-removed', branch: string, names: string[]): Change {
  const verb = kind === 'branch-added' ? 'new branch' : 'branch no longer tested';
  return { id: `${branch}|${kind}`, kind, branch, from: kind === 'branch-added' ? null : branch, to: kind === 'branch-added' ? branch : null,
    message: `${verb} ${branch}: ${names.map((n) => `"${n}"`).join(', ')}`, detail: { scenarios: names } };
}

function scenarioChange(kind: 'scenario-added' | 'scenario-removed', s: ScenarioSnapshot): Change {
  const added = kind === 'scenario-added';
  return { id: `${s.scenario}|${kind}`, kind, scenario: s.scenario, ...(s.branch ? { branch: s.branch } : {}), from: added ? null : s.scenario, to: added ? s.scenario : null,
    message: `${s.branch ? `${s.branch} — ` : ''}scenario "${s.scenario}" ${added ? 'added' : 'removed'}` };
}

/** Current run's order first (what the reader knows), then what only the baseline had. */
function orderedNames(current: RunReport, baseline: RunReport): string[] {
  return [...new Set([...current.leads.map((l) => l.scenario), ...baseline.leads.map((l) => l.scenario)])];
}

function runRef({ report, dir }: RunInput): RunRef {
  return {
    runId: report.runId, dir, startedAt: report.startedAt, verdict: report.summary.verdict,
    crm: { kind: report.crm.kind, account: report.crm.account, sandbox: report.crm.sandbox },
    ...(report.stack ? { stack: report.stack.name } : {}),
  };
}

const words = (list: { words: string }[]): string => list.map((x) => x.words).join(' | ');
export const pathWords = (p: string[]): string => (p.length ? p.join(' → ') : 'no stage');
const quote = (v: string | null): string => (v === null ? 'empty' : `"${v}"`);
