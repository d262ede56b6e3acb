/**
 * The volume figures of a run, decided from its leads alone (so `merge` recomputes them over all
 * shards): per routing branch, time to owner (p50 / p95 / max and a histogram) and SLA breaches;
 * for the run, submissions over time against the form-intake budget.
 */
import { histogram, percentile, type Histogram } from './stats.js';

/** What the volume report reads of a lead (the report's LeadResult has all of it). */
export interface VolumeLead {
  scenario: string;
  branch?: string;
  recordId: string | null;
  checks: { kind: string; passed: boolean }[];
  timings: { submittedAt: string | null; timeToOwnerMs: number | null; slaMs: number };
}

/** The form-intake budget the run paced its submissions to. */
export interface IntakeBudget {
  max: number;
  intervalMs: number;
}

export interface BranchLatency {
  branch: string;
  leads: number;
  /** Leads with an owner assignment the tracer saw (the ones the percentiles are over). */
  withOwner: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  slaMs: number;
  /** Leads assigned later than the SLA, or never within it (a failed sla check). */
  slaBreaches: number;
  histogram: Histogram;
}

export interface SubmissionRate {
  submissions: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Submissions per second from the first to the last (null with fewer than two). */
  achievedPerS: number | null;
  /** The intake budget per second, when the run had one. */
  budgetPerS: number | null;
  /** Most submissions in any window as long as the budget's (10 s without one). */
  peakPerWindow: number;
  windowMs: number;
  /** Submissions per chart window (windowMs, or a multiple of it on a long run) from the first. */
  perWindow: number[];
  chartWindowMs: number;
}

export interface VolumeReport {
  branches: BranchLatency[];
  rate: SubmissionRate;
}

export function deriveVolume(leads: VolumeLead[], budget?: IntakeBudget): VolumeReport {
  return { branches: branchLatencies(leads), rate: submissionRate(leads, budget) };
}

function branchLatencies(leads: VolumeLead[]): BranchLatency[] {
  const byBranch = new Map<string, VolumeLead[]>();
  for (const l of leads) {
    const b = l.branch ?? l.scenario;
    byBranch.set(b, [...(byBranch.get(b) ?? []), l]);
  }
  // One scale for every branch's histogram, so their shapes compare at a glance.
  const all = leads.flatMap((l) => (l.timings.timeToOwnerMs === null ? [] : [l.timings.timeToOwnerMs]));
  const scaleMax = Math.max(0, ...all, ...leads.map((l) => l.timings.slaMs));
  return [...byBranch].map(([branch, ls]) => {
    const times = ls.flatMap((l) => (l.timings.timeToOwnerMs === null ? [] : [l.timings.timeToOwnerMs])).sort((a, b) => a - b);
    const slaMs = Math.min(...ls.map((l) => l.timings.slaMs));
    const slaBreaches = ls.filter((l) => l.checks.some((c) => c.kind === 'sla' && !c.passed) || (l.timings.timeToOwnerMs ?? 0) > l.timings.slaMs).length;
    return {
      branch, leads: ls.length, withOwner: times.length,
      p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: times.at(-1) ?? null,
      slaMs, slaBreaches, histogram: histogram(times, scaleMax),
    };
  });
}

const MAX_WINDOWS = 120;

function submissionRate(leads: VolumeLead[], budget?: IntakeBudget): SubmissionRate {
  const at = leads.flatMap((l) => (l.timings.submittedAt ? [Date.parse(l.timings.submittedAt)] : [])).sort((a, b) => a - b);
  const windowMs = budget?.intervalMs ?? 10_000;
  const span = at.length ? at.at(-1)! - at[0]! : 0;
  // A long run's chart merges windows so it stays readable; the peak is still over the budget's window.
  const chartMs = windowMs * Math.max(1, Math.ceil(span / windowMs / MAX_WINDOWS));
  const perWindow = new Array<number>(at.length ? Math.floor(span / chartMs) + 1 : 0).fill(0);
  for (const t of at) perWindow[Math.floor((t - at[0]!) / chartMs)]! += 1;
  let peak = 0;
  for (let i = 0, j = 0; i < at.length; i++) {
    while (at[i]! - at[j]! >= windowMs) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return {
    submissions: at.length,
    firstAt: at.length ? new Date(at[0]!).toISOString() : null,
    lastAt: at.length ? new Date(at.at(-1)!).toISOString() : null,
    // n submissions span n − 1 intervals.
    achievedPerS: at.length >= 2 && span > 0 ? Number((((at.length - 1) / span) * 1000).toFixed(3)) : null,
    budgetPerS: budget ? Number(((budget.max / budget.intervalMs) * 1000).toFixed(3)) : null,
    peakPerWindow: peak,
    windowMs,
    perWindow,
    chartWindowMs: chartMs,
  };
}
