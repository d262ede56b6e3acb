/**
 * history.json: the trend across runs, versioned like report.json. Every figure the HTML page
 * draws is here, so a dashboard or a spreadsheet can use the same numbers.
 */
import type { CheckKind, RunVerdict } from '../report/model.js';

export const HISTORY_SCHEMA = 'leadproof.history/v1';

export interface History {
  schema: typeof HISTORY_SCHEMA;
  generatedAt: string;
  /** The reports folder read, as given. */
  reportsDir: string;
  /** Filters applied: runs started at or after `since`; only `account`. */
  filters: { since?: string; account?: string };
  /** One per CRM account, environment, stack and scenario set; production first. */
  sections: HistorySection[];
  /** report.json files that were found but not read, with why. */
  skipped: { file: string; reason: string }[];
}

export interface HistorySection {
  /** Stable id for links and tests: a slug of the grouping key. */
  id: string;
  crm: { kind: string; account: string; sandbox: boolean };
  stack?: string;
  /** Folders the runs' scenario files came from (an added or edited file is the same suite). */
  scenarios: string[];
  /** Oldest first. */
  runs: HistoryRun[];
  /** Time to owner per routing branch, one point per run that had a lead on it. */
  branches: BranchSeries[];
  /** Failure causes across the section's runs, most runs first. */
  causes: CauseTrend[];
  /** Sign-offs, oldest first. */
  signOffs: SignOffEntry[];
}

export interface HistoryRun {
  runId: string;
  /** Run folder relative to the page (for the link to its report.html). */
  dir: string;
  startedAt: string;
  verdict: RunVerdict;
  total: number;
  passed: number;
  /** passed / total, 0..1 (null for a run with no lead). */
  passRate: number | null;
  /** This report combines shards (their own folders are not counted again). */
  mergedFrom?: string[];
  /** A shard whose siblings were not merged: counted as it is, and said so. */
  shard?: string;
  /** attestation.dsse.json carries a signature (not verified here: `leadproof verify` does that). */
  signed: boolean;
}

export interface BranchSeries {
  branch: string;
  /** The tightest SLA any lead on the branch had, in ms. */
  slaMs: number;
  points: BranchPoint[];
}

export interface BranchPoint {
  runId: string;
  startedAt: string;
  /** Leads on the branch with a time to owner; leads never assigned count in `unassigned`. */
  n: number;
  unassigned: number;
  /** Nearest-rank percentiles of time to owner, ms (null when no lead was assigned). */
  p50: number | null;
  p95: number | null;
}

export interface CauseTrend {
  cause: string;
  kind: CheckKind | 'pool';
  branch?: string;
  /** Runs the cause showed in, and the leads it hit across them. */
  runs: number;
  leads: number;
  firstSeen: string;
  lastSeen: string;
  lastRunId: string;
}

export interface SignOffEntry {
  runId: string;
  approvedAt: string;
  approver: string;
  role: string;
  /** The run's verdict as the approval recorded it. */
  verdict?: RunVerdict;
  /** A FAILED run approved anyway: the recorded reason. */
  acceptedFailures?: string;
}
