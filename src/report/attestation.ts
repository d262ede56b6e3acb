/** The run's in-toto statement: test-result predicate, subjects = artifacts + evidence. */
import { TEST_RESULT_PREDICATE, type ChecklistVerdict, type SignerRef, type TestResult, type TestResultPredicate } from '../attest/predicates.js';
import { STATEMENT_TYPE, type Statement, type Subject } from '../attest/statement.js';
import type { RunReport, RunVerdict } from './model.js';

/** in-toto test-result has no INCOMPLETE: nothing failed but not everything ran is its WARNED. */
const RESULT_OF: Record<RunVerdict, TestResult> = { PASSED: 'PASSED', INCOMPLETE: 'WARNED', FAILED: 'FAILED' };

export function buildRunStatement(
  report: RunReport,
  subjects: Subject[],
  checklist: ChecklistVerdict[],
  builder: SignerRef | null,
): Statement<TestResultPredicate> {
  const configuration = [
    ...report.scenarios.map((s) => ({ name: s.file, digest: { sha256: s.sha256 } })),
    ...(report.stack ? [{ name: report.stack.file, digest: { sha256: report.stack.sha256 } }] : []),
    { name: `crm:${report.crm.kind}:${report.crm.account}`, ...(report.crm.baseUrl ? { uri: report.crm.baseUrl } : {}) },
  ];
  const { deleted, failed, refused, skipped } = report.flush;
  return {
    _type: STATEMENT_TYPE,
    subject: subjects,
    predicateType: TEST_RESULT_PREDICATE,
    predicate: {
      // Reports written before the three-state verdict (signed later with `leadproof sign`) have none.
      result: RESULT_OF[report.summary.verdict] ?? (report.summary.failed === 0 && report.summary.total > 0 ? 'PASSED' : 'FAILED'),
      configuration,
      passedTests: report.leads.filter((l) => l.passed).map((l) => l.key),
      failedTests: report.leads.filter((l) => !l.passed).map((l) => l.key),
      leadproof: {
        runId: report.runId,
        tool: report.tool,
        crm: report.crm,
        ...(report.stack ? { stack: report.stack } : {}),
        ...(report.git ? { git: report.git } : {}),
        ...(report.shard ? { shard: report.shard } : {}),
        ...(report.mergedFrom ? { mergedFrom: report.mergedFrom } : {}),
        startedAt: report.startedAt,
        finishedAt: report.finishedAt,
        summary: report.summary,
        flush: { deleted, failed, refused, skipped },
        checklist,
        builder,
      },
    },
  };
}
