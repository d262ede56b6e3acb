/**
 * Offline verification of a run folder: every signature with Node's crypto, every subject
 * digest against the bytes on disk, and that the approver is not the builder. Collects every
 * problem (naming the file) instead of stopping at the first.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { short, verifyEnvelope } from './dsse.js';
import { ArtifactError } from './errors.js';
import { loadPublicKey, type PublicKeyInfo } from './keys.js';
import { RUN_FILES, SIGN_OFF_PREDICATE, TEST_RESULT_PREDICATE, type ChecklistVerdict, type SignOffPredicate, type TestResult, type TestResultPredicate } from './predicates.js';
import { checkPolicyAndAttestations, formatChecklist, stillOwed, type PolicyCheckOptions } from './policy-check.js';
import { signedFilesIn } from './signed-files.js';
import { readEnvelope, sha256, statementOf, type Statement } from './statement.js';
import { formatPolicyOutcome, type PolicyOutcome } from '../policy/index.js';

export interface VerifyCheck {
  ok: boolean;
  /** The file the check is about. */
  file: string;
  message: string;
}

export interface VerifyOutcome {
  ok: boolean;
  checks: VerifyCheck[];
  runId?: string;
  result?: TestResult;
  /** leadproof's three-state verdict and the checklist items not covered, as signed. */
  verdict?: 'PASSED' | 'INCOMPLETE' | 'FAILED';
  notCovered?: string[];
  approval?: SignOffPredicate;
  /** The four-part checklist as signed, with valid attestations and the policy's sign-offs merged in. */
  checklist?: ChecklistVerdict[];
  /** Present with --policy. */
  policy?: PolicyOutcome;
  policyStrict?: boolean;
}

export interface VerifyOptions {
  /** Builder's public key (PEM). */
  keyPath: string;
  /** Approver's public key; when given, approval.dsse.json must exist and verify. */
  approverKeyPath?: string;
  /** Check the sign-off policy (and show the four-part checklist with attestations). */
  policy?: PolicyCheckOptions;
}

export async function verifyRunDir(dir: string, opts: VerifyOptions): Promise<VerifyOutcome> {
  const builder = loadPublicKey(opts.keyPath);
  const approver = opts.approverKeyPath ? loadPublicKey(opts.approverKeyPath) : undefined;
  const checks: VerifyCheck[] = [];
  const outcome: VerifyOutcome = { ok: false, checks };

  const run = await verifyRunAttestation(dir, builder, checks);
  if (run) {
    outcome.runId = run.statement.predicate.leadproof?.runId;
    outcome.result = run.statement.predicate.result;
    outcome.verdict = run.statement.predicate.leadproof?.summary?.verdict;
    outcome.notCovered = notCoveredItems(run.statement.predicate);
    const approvals = await signedFilesIn(dir, 'approvals');
    if (approver) {
      const file = await approvalBy(dir, approvals, approver.keyid);
      outcome.approval = await verifyApproval(dir, file, approver, builder, run.envelopeSha256, run.signerKeyids, checks);
    } else if (approvals.length && !opts.policy) {
      checks.push({ ok: true, file: approvals.join(', '), message: 'sign-off present but not checked: pass --policy (or --approver-key <approver.pub>) to check it' });
    }
    const merged = await checkPolicyAndAttestations(dir, run.statement.predicate, run.envelopeSha256, [builder.keyid, ...run.signerKeyids], checks, { ...opts.policy, approver });
    if (merged.checklist) outcome.checklist = merged.checklist;
    if (merged.policy) {
      outcome.policy = merged.policy;
      outcome.policyStrict = Boolean(opts.policy?.strict);
    }
  }
  outcome.ok = checks.length > 0 && checks.every((c) => c.ok);
  return outcome;
}

/** Checks the run's envelope and subjects; returns what the approval check needs. */
async function verifyRunAttestation(dir: string, key: PublicKeyInfo, checks: VerifyCheck[]) {
  const file = RUN_FILES.attestation;
  let loaded;
  let statement: Statement<TestResultPredicate>;
  try {
    loaded = await readEnvelope(join(dir, file));
    statement = statementOf<TestResultPredicate>(loaded.envelope, file);
  } catch (err) {
    if (!(err instanceof ArtifactError)) throw err;
    checks.push({ ok: false, file, message: err.message });
    return null;
  }
  const sig = verifyEnvelope(loaded.envelope, key.key);
  checks.push({ ok: sig.ok, file, message: sig.ok ? `signature verifies with builder key ${short(sig.keyid)}` : sig.reason! });
  if (statement.predicateType !== TEST_RESULT_PREDICATE) {
    checks.push({ ok: false, file, message: `predicateType is ${statement.predicateType}, expected ${TEST_RESULT_PREDICATE}` });
  }
  await checkSubjects(dir, statement, checks);
  await checkEvidenceCovered(dir, statement, checks);
  return { statement, envelopeSha256: sha256(loaded.bytes), signerKeyids: loaded.envelope.signatures.map((s) => s.keyid ?? '') };
}

async function checkSubjects(dir: string, statement: Statement, checks: VerifyCheck[]): Promise<void> {
  const names = new Set(statement.subject.map((s) => s.name));
  for (const required of [RUN_FILES.report, RUN_FILES.junit, RUN_FILES.html]) {
    if (!names.has(required)) checks.push({ ok: false, file: required, message: 'not covered by the attestation' });
  }
  let matched = 0;
  for (const s of statement.subject) {
    const rel = normalize(s.name);
    if (isAbsolute(rel) || rel.startsWith('..')) {
      checks.push({ ok: false, file: s.name, message: 'subject path leaves the run folder; refusing to read it' });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, rel));
    } catch {
      checks.push({ ok: false, file: s.name, message: 'missing from the run folder' });
      continue;
    }
    const digest = sha256(bytes);
    if (digest === s.digest.sha256) matched++;
    else checks.push({ ok: false, file: s.name, message: `changed since it was signed (sha256 ${digest.slice(0, 12)}…, signed ${s.digest.sha256.slice(0, 12)}…)` });
  }
  // The ✗ lines already name each file that differs; the summary only speaks when all match.
  if (matched === statement.subject.length) checks.push({ ok: true, file: 'subjects', message: `all ${matched} files match their signed sha256` });
}

/** Every evidence file report.json names must be a subject, or it could be swapped unnoticed. */
async function checkEvidenceCovered(dir: string, statement: Statement, checks: VerifyCheck[]): Promise<void> {
  let report: { leads?: { evidence?: { path: string }[] }[] };
  try {
    report = JSON.parse(await readFile(join(dir, RUN_FILES.report), 'utf8'));
  } catch {
    // A report.json already named as changed or missing needs no second line saying so.
    if (!checks.some((c) => !c.ok && c.file === RUN_FILES.report)) checks.push({ ok: false, file: RUN_FILES.report, message: 'missing or not valid JSON' });
    return;
  }
  const names = new Set(statement.subject.map((s) => s.name));
  for (const ev of (report.leads ?? []).flatMap((l) => l.evidence ?? [])) {
    if (!names.has(ev.path)) checks.push({ ok: false, file: ev.path, message: 'evidence named in report.json is not covered by the attestation' });
  }
}

/** The approval file signed by this key (the legacy single file when none names it). */
async function approvalBy(dir: string, files: string[], keyid: string): Promise<string> {
  for (const f of files) {
    const env = await readEnvelope(join(dir, f)).catch(() => null);
    if (env?.envelope.signatures.some((s) => s.keyid === keyid)) return f;
  }
  return files.includes(RUN_FILES.approval) || files.length === 0 ? RUN_FILES.approval : files[0]!;
}

async function verifyApproval(
  dir: string, name: string, approver: PublicKeyInfo, builder: PublicKeyInfo, envelopeSha256: string, signerKeyids: string[], checks: VerifyCheck[],
): Promise<SignOffPredicate | undefined> {
  const file = join(dir, name);
  if (approver.keyid === builder.keyid || signerKeyids.includes(approver.keyid)) {
    checks.push({ ok: false, file: name, message: `approver key ${short(approver.keyid)} is the builder's key; the approver must be a different person with a different key` });
  }
  let statement: Statement<SignOffPredicate>;
  try {
    const { envelope } = await readEnvelope(file);
    const sig = verifyEnvelope(envelope, approver.key);
    checks.push({ ok: sig.ok, file: name, message: sig.ok ? `sign-off signature verifies with approver key ${short(sig.keyid)}` : sig.reason! });
    statement = statementOf<SignOffPredicate>(envelope, name);
  } catch (err) {
    if (!(err instanceof ArtifactError)) throw err;
    checks.push({ ok: false, file: name, message: `${err.message} Run \`npx leadproof sign-off\` first.` });
    return undefined;
  }
  const subject = statement.subject.find((s) => s.name === RUN_FILES.attestation);
  const bound = statement.predicateType === SIGN_OFF_PREDICATE && subject?.digest.sha256 === envelopeSha256;
  checks.push({ ok: bound, file: name, message: bound ? 'sign-off is over this exact attestation.dsse.json' : `sign-off does not cover this ${RUN_FILES.attestation} (it was changed or the sign-off is for another run)` });
  const p = statement.predicate;
  if (p.approver?.keyid !== approver.keyid) checks.push({ ok: false, file: name, message: 'sign-off names a different approver key than the one that signed it' });
  return p;
}

/** A path as the console shows it: relative to cwd when inside it, absolute otherwise. */
export function displayPath(p: string): string {
  const rel = relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : p;
}

/** Ids of the signed checklist's items no lead exercised (older predicates have no status: none). */
export function notCoveredItems(p: TestResultPredicate): string[] {
  // Only items that decide the verdict: attestation and sign-off items are owed, not "not covered by any lead".
  return (p.leadproof?.checklist ?? []).filter((i) => i.status === 'not-covered' && i.inVerdict !== false).map((i) => i.id);
}

/** The plain verdict the CLI prints. */
export function formatOutcome(o: VerifyOutcome, dir: string): string {
  const lines = [o.ok ? `VERIFIED: ${dir}` : `NOT VERIFIED: ${dir}`];
  for (const c of o.checks) lines.push(`  ${c.ok ? '✓' : '✗'} ${c.file}: ${c.message}`);
  if (o.result) {
    const incomplete = o.verdict === 'INCOMPLETE' ? ` — INCOMPLETE, not covered: ${o.notCovered?.join(', ') || 'see the checklist'}` : '';
    lines.push(`Test result signed by the builder: ${o.result}${incomplete}${o.runId ? ` (run ${o.runId})` : ''}`);
  }
  if (o.approval) {
    const a = o.approval;
    const role = a.approver.title ? `${a.approver.role}, ${a.approver.title}` : a.approver.role;
    lines.push(`Signed off by ${a.approver.name} (${role})${a.parts?.length ? ` for ${a.parts.join(', ')}` : ''} at ${a.approvedAt} against ${a.policy.id}` +
      (a.acceptedFailures ? `; accepted failures: ${a.acceptedFailures.reason}` : ''));
  }
  if (o.checklist) lines.push(...formatChecklist(o.checklist));
  if (o.policy) lines.push(...formatPolicyOutcome(o.policy, Boolean(o.policyStrict)));
  if (o.policy && o.checklist) {
    const owed = stillOwed(o.checklist, o.policy);
    lines.push(owed.length ? 'Still owed:' : 'Still owed: nothing.', ...owed.map((l) => `  - ${l}`));
  }
  if (!o.ok) lines.push('Do not trust these artifacts: a file, the envelope or a signature does not match what was signed.');
  return lines.join('\n');
}
