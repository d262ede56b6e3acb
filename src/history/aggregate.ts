/**
 * The trend, from loaded runs: pure, so the page, history.json and the tests see the same
 * numbers. Runs are grouped per CRM account, environment, stack and scenario set: a sandbox run
 * and a production run (or a monitor's scenario folder and the full suite's) never share a line.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { groupFailures } from '../report/failure-groups.js';
import type { RunReport } from '../report/model.js';
import type { LoadedRun } from './collect.js';
import { HISTORY_SCHEMA, type BranchSeries, type CauseTrend, type History, type HistoryRun, type HistorySection } from './model.js';

export interface AggregateOptions {
  reportsDir: string;
  /** Folder the page is written to: run links are relative to it. */
  outDir: string;
  since?: Date;
  account?: string;
  skipped?: History['skipped'];
  now?: Date;
}

export function aggregate(runs: LoadedRun[], o: AggregateOptions): History {
  const kept = runs
    .filter((r) => !o.since || Date.parse(r.report.startedAt) >= o.since.getTime())
    .filter((r) => !o.account || r.report.crm.account.toLowerCase() === o.account.toLowerCase())
    .sort((a, b) => Date.parse(a.report.startedAt) - Date.parse(b.report.startedAt) || a.report.runId.localeCompare(b.report.runId));
  const groups = new Map<string, LoadedRun[]>();
  for (const r of kept) groups.set(groupKey(r.report), [...(groups.get(groupKey(r.report)) ?? []), r]);
  const sections = [...groups.entries()].map(([key, rs]) => section(key, rs, o.outDir));
  // Production first: it is the one a go-live review is about.
  sections.sort((a, b) => Number(a.crm.sandbox) - Number(b.crm.sandbox) || a.crm.account.localeCompare(b.crm.account) || (a.stack ?? '').localeCompare(b.stack ?? '') || a.scenarios.join().localeCompare(b.scenarios.join()));
  return {
    schema: HISTORY_SCHEMA,
    generatedAt: (o.now ?? new Date()).toISOString(),
    reportsDir: o.reportsDir,
    filters: { ...(o.since ? { since: o.since.toISOString() } : {}), ...(o.account ? { account: o.account } : {}) },
    sections,
    skipped: o.skipped ?? [],
  };
}

function groupKey(r: RunReport): string {
  return JSON.stringify([r.crm.kind, r.crm.account, r.crm.sandbox, r.stack?.name ?? '', scenarioFolders(r)]);
}

/** The scenario set is the folders its files came from: a file added to the suite keeps the
 *  trend in one section, while a monitor's own small folder gets its own. */
export function scenarioFolders(r: RunReport): string[] {
  // Only scenario files: the digests also cover the config and taxonomy.yaml, which may live elsewhere.
  const files = r.scenarios.filter((s) => /\.scenario\.[a-z]+$/.test(s.file));
  return [...new Set((files.length ? files : r.scenarios).map((s) => path.posix.dirname(s.file.split(path.sep).join('/'))))].sort();
}

function section(key: string, runs: LoadedRun[], outDir: string): HistorySection {
  const first = runs[0]!.report;
  return {
    id: slug(`${first.crm.sandbox ? 'sandbox' : 'production'}-${first.crm.account}-${first.stack?.name ?? ''}-${hash(key)}`),
    crm: { kind: first.crm.kind, account: first.crm.account, sandbox: first.crm.sandbox },
    ...(first.stack ? { stack: first.stack.name } : {}),
    scenarios: scenarioFolders(first),
    runs: runs.map((r) => runEntry(r, outDir)),
    branches: branchSeries(runs.map((r) => r.report)),
    causes: causeTrends(runs.map((r) => r.report)),
    signOffs: runs.filter((r) => r.signOff).map((r) => ({ ...r.signOff!, runId: r.report.runId })).sort((a, b) => a.approvedAt.localeCompare(b.approvedAt)),
  };
}

function runEntry(r: LoadedRun, outDir: string): HistoryRun {
  const s = r.report.summary;
  return {
    runId: r.report.runId,
    dir: path.relative(outDir, r.dir).split(path.sep).join('/') || '.',
    startedAt: r.report.startedAt,
    verdict: s.verdict,
    total: s.total,
    passed: s.passed,
    passRate: s.total > 0 ? s.passed / s.total : null,
    ...(r.report.mergedFrom ? { mergedFrom: r.report.mergedFrom.map((m) => m.runId) } : {}),
    ...(r.report.shard && !r.report.mergedFrom ? { shard: `${r.report.shard.current}/${r.report.shard.total}` } : {}),
    signed: r.signed,
  };
}

/** Nearest-rank percentile: a value some lead really had, and with few leads p95 is the slowest. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function branchSeries(reports: RunReport[]): BranchSeries[] {
  const series = new Map<string, BranchSeries>();
  for (const r of reports) {
    const byBranch = new Map<string, RunReport['leads']>();
    for (const lead of r.leads) if (lead.branch) byBranch.set(lead.branch, [...(byBranch.get(lead.branch) ?? []), lead]);
    for (const [branch, leads] of byBranch) {
      const s = series.get(branch) ?? { branch, slaMs: Infinity, points: [] };
      const times = leads.map((l) => l.timings.timeToOwnerMs).filter((t): t is number => t !== null);
      s.slaMs = Math.min(s.slaMs, ...leads.map((l) => l.timings.slaMs));
      s.points.push({ runId: r.runId, startedAt: r.startedAt, n: times.length, unassigned: leads.length - times.length, p50: percentile(times, 50), p95: percentile(times, 95) });
      series.set(branch, s);
    }
  }
  return [...series.values()].sort((a, b) => a.branch.localeCompare(b.branch));
}

function causeTrends(reports: RunReport[]): CauseTrend[] {
  const causes = new Map<string, CauseTrend>();
  for (const r of reports) {
    // Reports from before failure groups were recorded are grouped the same way now.
    for (const g of r.failureGroups ?? (r.summary.verdict === 'PASSED' ? [] : groupFailures(r))) {
      const key = JSON.stringify([g.kind, g.key ?? g.cause]);
      const c = causes.get(key) ?? { cause: g.cause, kind: g.kind, ...(g.branch ? { branch: g.branch } : {}), runs: 0, leads: 0, firstSeen: r.startedAt, lastSeen: r.startedAt, lastRunId: r.runId };
      c.runs += 1;
      c.leads += g.count;
      c.lastSeen = r.startedAt;
      c.lastRunId = r.runId;
      causes.set(key, c);
    }
  }
  return [...causes.values()].sort((a, b) => b.runs - a.runs || b.lastSeen.localeCompare(a.lastSeen));
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function hash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}
