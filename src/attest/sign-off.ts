/**
 * Sign-off: a separate attestation whose only subject is the run's envelope, signed by an approver
 * who is not the builder. It records who approved, in which of the policy's roles, which parts of
 * the definition of done, when, and against which policy; approving a failed run needs a recorded
 * reason. Each role and key gets its own file (approvals/), so several roles can sign one run.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_POLICY_FILE, defaultPartsOf, loadPolicy, PART_IDS, type Policy } from '../policy/index.js';
import type { DodPart } from '../report/definition-of-done.js';
import { short, verifyEnvelope } from './dsse.js';
import { ArtifactError, SignInputError, SignOffRefusedError } from './errors.js';
import { loadPublicKey, loadSigningKey } from './keys.js';
import { RUN_FILES, SIGN_OFF_PREDICATE, TEST_RESULT_PREDICATE, type SignOffPredicate, type TestResultPredicate } from './predicates.js';
import { readSignedFile, signedFilesIn } from './signed-files.js';
import { readEnvelope, sha256, statementOf, STATEMENT_TYPE, writeStatementEnvelope } from './statement.js';
import { displayPath, notCoveredItems, verifyRunDir } from './verify.js';

export const DEFAULT_POLICY = 'leadproof/definition-of-done/v1';

export interface SignOffOptions {
  /** Approver's private key (PEM). */
  keyPath: string;
  passphrase?: string;
  name: string;
  /** One of the policy's role ids, e.g. "sales-ops". */
  role: string;
  /** Free-text job title, e.g. "VP Sales". */
  title?: string;
  /** Parts signed; default: every part the policy lists the role under. */
  parts?: string[];
  /** Policy file; default: the shipped default policy. */
  policyPath?: string;
  /** Required to approve a FAILED run: why it is acceptable. */
  acceptFailures?: string;
  /** Builder's public key: when given, the run's signature and digests are checked first. */
  builderKeyPath?: string;
  now?: Date;
}

export async function signOff(runDir: string, opts: SignOffOptions): Promise<{ path: string; keyid: string; message: string }> {
  if (!opts.name.trim() || !opts.role.trim()) throw new ArtifactError('Sign-off needs the approver\'s --name and --role.');
  const policy = loadPolicy(opts.policyPath);
  const parts = partsToSign(policy, opts.role.trim(), opts.parts);
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
  await refuseSecondRole(runDir, sha256(bytes), key.keyid, opts.role.trim());
  const p = run.predicate;
  if (p.result === 'FAILED' && !opts.acceptFailures?.trim()) {
    throw new SignOffRefusedError(`Refused: the run FAILED (${p.failedTests.length} failed: ${p.failedTests.slice(0, 5).join(', ')}). Fix the funnel and re-run, or record why go-live is acceptable anyway with --accept-failures "<reason>".`);
  }

  const verdict = p.leadproof?.summary?.verdict;
  const notCovered = notCoveredItems(p);
  const predicate: SignOffPredicate = {
    approver: {
      name: opts.name.trim(), role: opts.role.trim(), ...(opts.title?.trim() ? { title: opts.title.trim() } : {}),
      keyid: key.keyid, algorithm: key.algorithm, publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    approvedAt: (opts.now ?? new Date()).toISOString(),
    parts,
    policy: { id: policy.id, sha256: sha256(await readFile(opts.policyPath ?? DEFAULT_POLICY_FILE)), checklist: p.leadproof?.checklist ?? [] },
    run: {
      runId: p.leadproof?.runId ?? '', result: p.result,
      // An INCOMPLETE run can be approved, but the approval says what it did not cover.
      ...(verdict ? { verdict } : {}), ...(notCovered.length ? { notCovered } : {}),
      builderKeyids: builderIds.filter((k): k is string => Boolean(k)),
    },
    ...(p.result === 'FAILED' ? { acceptedFailures: { reason: opts.acceptFailures!.trim(), failedTests: p.failedTests } } : {}),
  };
  await mkdir(join(runDir, RUN_FILES.approvals), { recursive: true });
  const path = join(runDir, RUN_FILES.approvals, `${predicate.approver.role}-${short(key.keyid)}.dsse.json`);
  await writeStatementEnvelope(
    path,
    { _type: STATEMENT_TYPE, subject: [{ name: RUN_FILES.attestation, digest: { sha256: sha256(bytes) } }], predicateType: SIGN_OFF_PREDICATE, predicate },
    [key],
  );
  const incomplete = verdict === 'INCOMPLETE' || p.result === 'WARNED'
    ? `\nThe approved run is INCOMPLETE: nothing failed, but not covered by any lead: ${notCovered.join(', ') || 'see the checklist'}. The approval records this.`
    : '';
  const role = predicate.approver.title ? `${predicate.approver.role}, ${predicate.approver.title}` : predicate.approver.role;
  return { path, keyid: key.keyid, message: `Signed off by ${predicate.approver.name} (${role}) for ${parts.join(', ')} with key ${short(key.keyid)} → ${displayPath(path)}${incomplete}` };
}

/** The role must be one of the policy's ids, the parts known ones: exit 2 naming the valid ids. */
function partsToSign(policy: Policy, role: string, asked: string[] | undefined): DodPart[] {
  const where = policy.source === 'default' ? 'the default sign-off policy' : policy.source;
  if (!policy.roles[role]) {
    throw new SignInputError(`--role "${role}" is not a role of ${where}; use one of: ${Object.keys(policy.roles).join(', ')}. A free-text job title goes in --title (e.g. --role revenue-leader --title "VP Revenue").`);
  }
  if (asked?.length) {
    const unknown = asked.filter((p) => !(PART_IDS as string[]).includes(p));
    if (unknown.length) throw new SignInputError(`--parts: ${unknown.join(', ')} ${unknown.length > 1 ? 'are not parts' : 'is not a part'} of the definition of done; use: ${PART_IDS.join(', ')}.`);
    return [...new Set(asked)] as DodPart[];
  }
  const parts = defaultPartsOf(policy, role);
  if (!parts.length) throw new SignInputError(`${where} lists ${role} under no part; name what you sign with --parts (${PART_IDS.join(', ')}).`);
  return parts;
}

/** One key, one role: a person approving as marketing ops and as sales ops is one pair of eyes. */
async function refuseSecondRole(runDir: string, runSha: string, keyid: string, role: string): Promise<void> {
  for (const file of await signedFilesIn(runDir, 'approvals')) {
    const f = await readSignedFile<SignOffPredicate>(runDir, file, SIGN_OFF_PREDICATE, runSha, (p) => p.approver);
    const a = f.statement?.predicate.approver;
    if (f.valid && a?.keyid === keyid && a.role !== role) {
      throw new SignOffRefusedError(`Refused: key ${short(keyid)} already signed off this run as ${a.role} (${file}); one key approves under one role. The ${role} approver signs with their own key.`);
    }
  }
}
