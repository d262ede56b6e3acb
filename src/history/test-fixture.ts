/**
 * Run folders for history tests: report.json from the report fixture, with the run's time,
 * account, shard and times to owner set, and optional attestation / approval envelopes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES, SIGN_OFF_PREDICATE, TEST_RESULT_PREDICATE, type SignOffPredicate } from '../attest/predicates.js';
import { STATEMENT_TYPE } from '../attest/statement.js';
import type { RunReport } from '../report/model.js';
import { sampleLeads, sampleReport } from '../report/test-fixture.js';

export interface FixtureRun {
  runId: string;
  startedAt: string;
  /** Default: the fixture's failing run (4 of 5). `pass` makes every lead pass. */
  pass?: boolean;
  account?: string;
  sandbox?: boolean;
  /** Time to owner per lead, in lead order (5 leads). */
  times?: (number | null)[];
  shard?: { current: number; total: number };
  mergedFrom?: RunReport['mergedFrom'];
  signedOffAt?: string;
  /** The run's scenario files (default: the report fixture's two under scenarios/). */
  scenarios?: string[];
  /** Drop summary.verdict, as reports from before the three-state verdict had none. */
  noVerdict?: boolean;
  /** Put every lead on this one routing branch (for percentiles over several leads). */
  branch?: string;
}

export async function writeFixtureRun(dir: string, f: FixtureRun): Promise<RunReport> {
  await mkdir(dir, { recursive: true });
  const leads = sampleLeads();
  if (f.pass) leads[4]!.checks = leads[4]!.checks.map((c) => ({ ...c, passed: true }));
  leads.forEach((l, i) => {
    l.passed = l.checks.every((c) => c.passed);
    if (f.times) l.timings.timeToOwnerMs = f.times[i] ?? null;
    if (f.branch) l.branch = f.branch;
  });
  const report = await sampleReport(dir, { leads, ...(f.shard ? { shard: f.shard } : {}) });
  report.runId = f.runId;
  report.startedAt = f.startedAt;
  if (f.account) report.crm = { ...report.crm, account: f.account };
  if (f.sandbox === false) report.crm = { kind: 'hubspot', account: report.crm.account, sandbox: false };
  if (f.mergedFrom) report.mergedFrom = f.mergedFrom;
  if (f.scenarios) report.scenarios = f.scenarios.map((file) => ({ file, sha256: 'e'.repeat(64) }));
  if (f.noVerdict) delete (report.summary as Partial<RunReport['summary']>).verdict;
  await writeFile(join(dir, RUN_FILES.report), JSON.stringify(report, null, 2));
  if (f.signedOffAt) {
    await envelope(join(dir, RUN_FILES.attestation), TEST_RESULT_PREDICATE, { result: report.summary.verdict === 'FAILED' ? 'FAILED' : 'PASSED' }, 1);
    const predicate: SignOffPredicate = {
      approver: { name: 'Dana Ops', role: 'RevOps lead', keyid: 'k2', algorithm: 'ed25519' },
      approvedAt: f.signedOffAt,
      policy: { id: 'leadproof/definition-of-done/v1', checklist: [] },
      run: { runId: f.runId, result: 'PASSED', verdict: report.summary.verdict, builderKeyids: ['k1'] },
    };
    await envelope(join(dir, RUN_FILES.approval), SIGN_OFF_PREDICATE, predicate, 1);
  }
  return report;
}

async function envelope(file: string, predicateType: string, predicate: unknown, signatures: number): Promise<void> {
  const statement = { _type: STATEMENT_TYPE, subject: [{ name: 'report.json', digest: { sha256: '0'.repeat(64) } }], predicateType, predicate };
  await writeFile(file, JSON.stringify({
    payloadType: 'application/vnd.in-toto+json',
    payload: Buffer.from(JSON.stringify(statement)).toString('base64'),
    signatures: Array.from({ length: signatures }, (_, i) => ({ keyid: `k${i + 1}`, sig: 'c2ln' })),
  }));
}
