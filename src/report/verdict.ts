/**
 * The run's one-word verdict, everywhere the same (console, report.json, JUnit, attestation, exit
 * code). A run that failed nothing but left definition-of-done items unexercised is INCOMPLETE:
 * never PASSED, so a partial run cannot read greener than it is; never FAILED, so "not covered"
 * never looks like a fault in the funnel.
 */
import type { ChecklistVerdict } from '../attest/predicates.js';
import { deriveChecklist } from './checklist.js';
import { groupFailures } from './failure-groups.js';
import { derivePools } from './pool-coverage.js';
import { deriveVolume } from '../volume-report/index.js';
import type { LeadResult, PoolCoverage, RunReport, RunVerdict } from './model.js';

export function deriveVerdict(run: { leads: LeadResult[]; pools?: PoolCoverage[]; flush: RunReport['flush'] }, checklist = deriveChecklist(run as RunReport)): RunVerdict {
  if (run.leads.some((l) => !l.passed) || run.pools?.some((p) => p.status === 'missed') || checklist.some((i) => i.status === 'failed')) return 'FAILED';
  if (run.leads.length === 0 || checklist.some((i) => i.status !== 'done')) return 'INCOMPLETE';
  return 'PASSED';
}

/** The checklist items no lead exercised, for the banner and sign-off. */
export function notCovered(checklist: ChecklistVerdict[]): ChecklistVerdict[] {
  return checklist.filter((i) => i.status === 'not-covered');
}

/** The process exit code a verdict stands for: INCOMPLETE fails only when completeness is required. */
export function verdictExitCode(verdict: RunVerdict, requireComplete: boolean): 0 | 1 {
  return verdict === 'FAILED' || (verdict === 'INCOMPLETE' && requireComplete) ? 1 : 0;
}

/** The report's summary and pool coverage, decided from its leads and flush: the one place a
 *  run (and a merge of shards, which must not trust the shards' own verdicts) gets them. */
export function withVerdict(run: Omit<RunReport, 'summary' | 'pools' | 'failureGroups' | 'volume'>, durationMs: number): RunReport {
  const passed = run.leads.filter((l) => l.passed).length;
  const pools = derivePools(run.leads);
  const verdict = deriveVerdict({ leads: run.leads, pools, flush: run.flush });
  const failureGroups = groupFailures({ leads: run.leads, pools });
  const { volume: _stale, ...rest } = run as RunReport;
  return {
    ...rest,
    ...(run.volumeRun ? { volume: deriveVolume(run.leads, run.figures.intakeBudget) } : {}),
    summary: { total: run.leads.length, passed, failed: run.leads.length - passed, durationMs, verdict },
    ...(pools.length ? { pools } : {}),
    ...(failureGroups.length ? { failureGroups } : {}),
  };
}
