/**
 * The signed statements added to a run folder after the run: sign-offs (approvals/, and the
 * older single approval.dsse.json) and item attestations (attestations/). Each is checked on its
 * own: its signature with the public key it carries (or a key the caller pins), and that its
 * subject is this run's exact attestation.dsse.json.
 */
import { createPublicKey } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { short, verifyEnvelope } from './dsse.js';
import { ArtifactError } from './errors.js';
import { keyIdOf, type PublicKeyInfo } from './keys.js';
import { RUN_FILES, type EmbeddedKey, type SignerRef } from './predicates.js';
import { readEnvelope, statementOf, type Statement } from './statement.js';

export interface SignedFile<P> {
  /** Path relative to the run folder. */
  file: string;
  statement?: Statement<P>;
  /** Key ids that signed the envelope (as the envelope says). */
  signerKeyids: string[];
  valid: boolean;
  problem?: string;
}

/** Relative paths of the signed files of one kind, legacy approval.dsse.json first. */
export async function signedFilesIn(dir: string, kind: 'approvals' | 'attestations'): Promise<string[]> {
  const sub = RUN_FILES[kind];
  const names = (await readdir(join(dir, sub)).catch(() => [] as string[])).filter((n) => n.endsWith('.dsse.json')).sort();
  const legacy = kind === 'approvals' && (await readdir(dir).catch(() => [] as string[])).includes(RUN_FILES.approval) ? [RUN_FILES.approval] : [];
  return [...legacy, ...names.map((n) => `${sub}/${n}`)];
}

/**
 * Reads and checks one signed file. `signer` picks the predicate's signer (approver / attester);
 * `pinned` verifies with that key instead of the embedded one (a legacy approval has none).
 */
export async function readSignedFile<P>(
  dir: string, file: string, predicateType: string, runEnvelopeSha256: string,
  signer: (p: P) => (SignerRef & EmbeddedKey) | undefined, pinned?: PublicKeyInfo,
): Promise<SignedFile<P>> {
  let loaded;
  let statement: Statement<P>;
  try {
    loaded = await readEnvelope(join(dir, file));
    statement = statementOf<P>(loaded.envelope, file);
  } catch (err) {
    if (!(err instanceof ArtifactError)) throw err;
    return { file, signerKeyids: [], valid: false, problem: err.message };
  }
  const signerKeyids = loaded.envelope.signatures.map((s) => s.keyid ?? '');
  const fail = (problem: string): SignedFile<P> => ({ file, statement, signerKeyids, valid: false, problem });
  if (statement.predicateType !== predicateType) return fail(`predicateType is ${statement.predicateType}, expected ${predicateType}`);
  const who = signer(statement.predicate);
  let key = pinned?.key;
  if (!key) {
    if (!who?.publicKey) return fail('carries no public key (written before leadproof embedded one): check it with --approver-key <approver.pub>');
    try {
      key = createPublicKey({ key: who.publicKey, format: 'pem' });
    } catch {
      return fail('its public key is not a PEM public key');
    }
  }
  const keyid = keyIdOf(key);
  if (who?.keyid !== keyid) return fail(`names key ${short(who?.keyid ?? '?')} but is checked with key ${short(keyid)}`);
  const sig = verifyEnvelope(loaded.envelope, key);
  if (!sig.ok) return fail(sig.reason!);
  const subject = statement.subject.find((s) => s.name === RUN_FILES.attestation);
  if (subject?.digest.sha256 !== runEnvelopeSha256) return fail(`is not over this ${RUN_FILES.attestation} (it was changed, or this is another run's)`);
  return { file, statement, signerKeyids, valid: true };
}
