/**
 * Sign-off: a second, separate attestation whose only subject is the run's envelope, signed by
 * an approver who is not the builder. It records who approved, in what role, when, and against
 * which policy; approving a failed run needs a recorded reason.
 */
import { join } from 'node:path';
import { short, verifyEnvelope } from './dsse.js';
import { ArtifactError, SignOffRefusedError } from './errors.js';
import { loadPublicKey, loadSigningKey } from './keys.js';
import { RUN_FILES, SIGN_OFF_PREDICATE, TEST_RESULT_PREDICATE, type SignOffPredicate, type TestResultPredicate } from './predicates.js';
import { readEnvelope, sha256, statementOf, STATEMENT_TYPE, writeStatementEnvelope } from './statement.js';
import { displayPath, notCoveredItems, verifyRunDir } from './verify.js';

export const DEFAULT_POLICY = 'leadproof/definition-of-done/v1';

export interface SignOffOptions {
  /** Approver's private key (PEM). */
  keyPath: string;
  passphrase?: string;
  name: string;
  role: string;
  /** Policy the approval is given against. */
  policy?: string;
  /** Required to approve a FAILED run: why it is acceptable. */
  acceptFailures?: string;
  /** Builder's public key: when given, the run's signature and digests are checked first. */
  builderKeyPath?: string;
  now?: Date;
}

export async function signOff(runDir: string, opts: SignOffOptions): Promise<{ path: string; keyid: string; message: string }> {
  if (!opts.name.trim() || !opts.role.trim()) throw new ArtifactError('Sign-off needs the approver\'s --name and --role.');
  const key = loadSigningKey(opts.keyPath, opts.passphrase);
  const { envelope, bytes } = await readEnvelope(join(runDir, RUN_FILES.attestation));
  const run = statementOf<TestResultPredicate>(envelope, RUN_FILES.attestation);
  if (run.predicateType !== TEST_RESULT_PREDICATE) throw new ArtifactError(`${RUN_FILES.attestation} is not a leadproof run attestation (${run.predicateType}).`);

  // The whole point of sign-off is a second pair of eyes: the builder's key cannot approve.
  const builderIds = envelope.signatures.map((s) => s.keyid);
  if (builderIds.includes(key.keyid) || verifyEnvelope(envelope, key.publicKey).ok) {
    throw new SignOffRefusedError(`Refused: key ${short(key.keyid)} signed this run. Sign-off must come from a different person with their own key (\`npx leadproof keygen --out approver-keys/\`).`);
  }
  if (envelope.signatures.length === 0) {
    throw new SignOffRefusedError('Refused: the run is unsigned, so there is nothing to approve. The builder signs it first: `npx leadproof sign <run dir> --key builder.key`.');
  }
  if (opts.builderKeyPath) {
    if (loadPublicKey(opts.builderKeyPath).keyid === key.keyid) throw new SignOffRefusedError('Refused: the approver key is the builder key.');
    const check = await verifyRunDir(runDir, { keyPath: opts.builderKeyPath });
    if (!check.ok) {
      const bad = check.checks.filter((c) => !c.ok).map((c) => `${c.file}: ${c.message}`);
      throw new SignOffRefusedError(`Refused: the run does not verify, so it cannot be approved:\n  - ${bad.join('\n  - ')}`);
    }
  }
  const p = run.predicate;
  if (p.result === 'FAILED' && !opts.acceptFailures?.trim()) {
    throw new SignOffRefusedError(`Refused: the run FAILED (${p.failedTests.length} failed: ${p.failedTests.slice(0, 5).join(', ')}). Fix the funnel and re-run, or record why go-live is acceptable anyway with --accept-failures "<reason>".`);
  }

  const verdict = p.leadproof?.summary?.verdict;
  const notCovered = notCoveredItems(p);
  const predicate: SignOffPredicate = {
    approver: { name: opts.name.trim(), role: opts.role.trim(), keyid: key.keyid, algorithm: key.algorithm },
    approvedAt: (opts.now ?? new Date()).toISOString(),
    policy: { id: opts.policy ?? DEFAULT_POLICY, checklist: p.leadproof?.checklist ?? [] },
    run: {
      runId: p.leadproof?.runId ?? '', result: p.result,
      // An INCOMPLETE run can be approved, but the approval says what it did not cover.
      ...(verdict ? { verdict } : {}), ...(notCovered.length ? { notCovered } : {}),
      builderKeyids: builderIds.filter((k): k is string => Boolean(k)),
    },
    ...(p.result === 'FAILED' ? { acceptedFailures: { reason: opts.acceptFailures!.trim(), failedTests: p.failedTests } } : {}),
  };
  const path = join(runDir, RUN_FILES.approval);
  await writeStatementEnvelope(
    path,
    { _type: STATEMENT_TYPE, subject: [{ name: RUN_FILES.attestation, digest: { sha256: sha256(bytes) } }], predicateType: SIGN_OFF_PREDICATE, predicate },
    [key],
  );
  const incomplete = verdict === 'INCOMPLETE' || p.result === 'WARNED'
    ? `\nThe approved run is INCOMPLETE: nothing failed, but not covered by any lead: ${notCovered.join(', ') || 'see the checklist'}. The approval records this.`
    : '';
  return { path, keyid: key.keyid, message: `Signed off by ${predicate.approver.name} (${predicate.approver.role}) with key ${short(key.keyid)} → ${displayPath(path)}${incomplete}` };
}
