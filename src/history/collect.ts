/**
 * Reads the run folders under a reports folder: report.json, and whether the run is signed and
 * signed off. A report.json that is not a leadproof run report (another tool's, a newer schema,
 * a torn write) is skipped with the reason, never a stack trace: one bad folder must not hide a
 * month of trend. Sign-offs are read as recorded, not verified (`leadproof verify` does that).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RUN_FILES, SIGN_OFF_PREDICATE, type SignOffPredicate } from '../attest/predicates.js';
import { findRunFolders } from '../ledger/run-index.js';
import { REPORT_SCHEMA_VERSION, type RunReport } from '../report/model.js';
import type { SignOffEntry } from './model.js';

export interface LoadedRun {
  /** Absolute run folder. */
  dir: string;
  report: RunReport;
  signed: boolean;
  signOff?: SignOffEntry;
}

export interface Collected {
  runs: LoadedRun[];
  skipped: { file: string; reason: string }[];
  /** Where it looked, for the user. */
  looked: string;
}

// Only what history reads is checked; the rest of the report may grow without breaking it.
const reportShape = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('leadproof') }),
  runId: z.string().min(1),
  crm: z.object({ kind: z.string(), account: z.string(), sandbox: z.boolean() }),
  startedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
  // Reports from before the three-state verdict have none: derived from the counts below.
  summary: z.object({ total: z.number(), passed: z.number(), failed: z.number(), verdict: z.enum(['PASSED', 'INCOMPLETE', 'FAILED']).optional() }),
  leads: z.array(z.object({ timings: z.object({ timeToOwnerMs: z.number().nullable(), slaMs: z.number() }), checks: z.array(z.unknown()) })),
  scenarios: z.array(z.object({ file: z.string() })),
  // Read by the causes table: a hand-edited or truncated list must skip the run, not crash the page.
  failureGroups: z.array(z.object({ cause: z.string(), kind: z.string(), count: z.number(), key: z.string().optional() })).optional(),
});

export function collectRuns(reportsDir: string): Collected {
  const search = findRunFolders(reportsDir, RUN_FILES.report);
  const runs: LoadedRun[] = [];
  const skipped: Collected['skipped'] = [];
  const seen = new Map<string, string>();
  for (const dir of search.dirs) {
    const file = path.join(dir, RUN_FILES.report);
    const read = readReport(file);
    if ('reason' in read) {
      skipped.push({ file, reason: read.reason });
      continue;
    }
    // A run folder copied elsewhere under reports/ (an archive, a downloaded artifact) is the
    // same run: counted once, the copy named so nobody wonders where it went.
    const id = `${read.report.runId}#${read.report.shard ? `${read.report.shard.current}/${read.report.shard.total}` : ''}`;
    const first = seen.get(id);
    if (first) {
      skipped.push({ file, reason: `a copy of run ${read.report.runId} (counted from ${first})` });
      continue;
    }
    seen.set(id, dir);
    runs.push({ dir, report: read.report, ...readSignatures(dir) });
  }
  return { runs: countShardsOnce(runs), skipped, looked: search.looked };
}

export function readReport(file: string): { report: RunReport } | { reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return { reason: `not JSON (${(err as Error).message})` };
  }
  const res = reportShape.safeParse(parsed);
  if (res.success) {
    const report = parsed as RunReport;
    report.summary.verdict ??= report.summary.failed > 0 ? 'FAILED' : 'PASSED';
    return { report };
  }
  const v = (parsed as { schemaVersion?: unknown; tool?: { name?: unknown } } | null);
  if (v?.tool?.name !== 'leadproof') return { reason: 'not a leadproof run report' };
  if (v.schemaVersion !== REPORT_SCHEMA_VERSION) return { reason: `schemaVersion ${String(v.schemaVersion)}; this leadproof reads ${REPORT_SCHEMA_VERSION}` };
  const first = res.error.issues[0]!;
  return { reason: `${first.path.join('.') || 'report'}: ${first.message}` };
}

/** A shard that a merged report in the same folder tree combines is counted in the merge only. */
function countShardsOnce(runs: LoadedRun[]): LoadedRun[] {
  const merged = new Set(runs.flatMap((r) => (r.report.mergedFrom ?? []).map((m) => `${m.runId}#${m.shard?.current ?? ''}/${m.shard?.total ?? ''}`)));
  return runs.filter((r) => !r.report.shard || r.report.mergedFrom || !merged.has(`${r.report.runId}#${r.report.shard.current}/${r.report.shard.total}`));
}

function readSignatures(dir: string): { signed: boolean; signOff?: SignOffEntry } {
  const att = readEnvelopeStatement(path.join(dir, RUN_FILES.attestation));
  // The latest sign-off: the single approval.dsse.json of older runs, or one per role in approvals/.
  const files = [path.join(dir, RUN_FILES.approval), ...approvalFiles(dir)];
  const approvals = files.map(readEnvelopeStatement).filter((a) => a?.statement.predicateType === SIGN_OFF_PREDICATE)
    .map((a) => a!.statement.predicate as Partial<SignOffPredicate>)
    .filter((p) => typeof p.approvedAt === 'string' && !Number.isNaN(Date.parse(p.approvedAt)))
    .sort((a, b) => Date.parse(b.approvedAt!) - Date.parse(a.approvedAt!));
  const p = approvals[0];
  const signOff: SignOffEntry | undefined = p && {
    runId: p.run?.runId ?? '',
    approvedAt: p.approvedAt!,
    approver: p.approver?.name ?? '—',
    role: p.approver?.title ? `${p.approver.role}, ${p.approver.title}` : p.approver?.role ?? '—',
    ...(p.run?.verdict ? { verdict: p.run.verdict } : {}),
    ...(p.acceptedFailures?.reason ? { acceptedFailures: p.acceptedFailures.reason } : {}),
  };
  return { signed: (att?.signatures ?? 0) > 0, ...(signOff ? { signOff } : {}) };
}

function approvalFiles(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, RUN_FILES.approvals)).filter((n) => n.endsWith('.dsse.json')).map((n) => path.join(dir, RUN_FILES.approvals, n));
  } catch {
    return [];
  }
}

/** The statement inside a DSSE envelope, decoded without checking the signature. */
function readEnvelopeStatement(file: string): { signatures: number; statement: { predicateType?: string; predicate?: unknown } } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const env = JSON.parse(readFileSync(file, 'utf8')) as { payload: string; signatures?: unknown[] };
    const statement = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { predicateType?: string; predicate?: unknown };
    return { signatures: Array.isArray(env.signatures) ? env.signatures.length : 0, statement };
  } catch {
    return undefined; // an unreadable envelope reads as unsigned; `verify` names the problem
  }
}
