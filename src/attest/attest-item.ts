/**
 * `leadproof attest`: a named person's signed statement for one checklist item that no run can
 * prove ("sales handoff SLA documented and communicated: <link>"). A DSSE envelope like a
 * sign-off, over the run's attestation.dsse.json, written to attestations/<item>-<key>.dsse.json.
 * Items a run proves (or a sign-off decides) cannot be attested: machines prove what they can.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ITEMS } from '../report/definition-of-done.js';
import { short } from './dsse.js';
import { ArtifactError, SignInputError, SignOffRefusedError } from './errors.js';
import { loadSigningKey } from './keys.js';
import { ITEM_ATTESTATION_PREDICATE, RUN_FILES, TEST_RESULT_PREDICATE, type ItemAttestationPredicate, type TestResultPredicate } from './predicates.js';
import { readEnvelope, sha256, statementOf, STATEMENT_TYPE, writeStatementEnvelope } from './statement.js';
import { displayPath } from './verify.js';

export interface AttestOptions {
  item: string;
  statement: string;
  link: string;
  keyPath: string;
  passphrase?: string;
  name: string;
  role: string;
  now?: Date;
}

/** Items a person may attest: those proven by a statement, or by an evidence file nobody wrote. */
export const ATTESTABLE = ITEMS.filter((i) => i.proof === 'attestation' || i.proof === 'evidence');

export async function attestItem(runDir: string, opts: AttestOptions): Promise<{ path: string; keyid: string; message: string }> {
  const spec = ITEMS.find((i) => i.id === opts.item);
  const valid = ATTESTABLE.map((i) => i.id).join(', ');
  if (!spec) throw new SignInputError(`--item "${opts.item}" is not a checklist item; valid ids: ${valid}.`);
  if (spec.proof === 'run') throw new SignInputError(`--item ${spec.id} is proven by the run's leads, not by a statement: add a scenario that exercises it. Items to attest: ${valid}.`);
  if (spec.proof === 'sign-off') throw new SignInputError(`--item ${spec.id} is decided by sign-offs: \`npx leadproof sign-off <run dir> --role <id>\`. Items to attest: ${valid}.`);
  const missing = (['statement', 'name', 'role'] as const).filter((f) => !opts[f]?.trim());
  if (missing.length) throw new SignInputError(`attest needs ${missing.map((f) => `--${f}`).join(', ')}: what is attested, and by whom.`);
  if (!/^https?:\/\/\S+$/.test(opts.link ?? '')) throw new SignInputError(`--link "${opts.link ?? ''}" is not an http(s) URL; link the document that backs the statement.`);

  const key = loadSigningKey(opts.keyPath, opts.passphrase);
  const { envelope, bytes } = await readEnvelope(join(runDir, RUN_FILES.attestation));
  const run = statementOf<TestResultPredicate>(envelope, RUN_FILES.attestation);
  if (run.predicateType !== TEST_RESULT_PREDICATE) throw new ArtifactError(`${RUN_FILES.attestation} is not a leadproof run attestation (${run.predicateType}).`);
  if (envelope.signatures.length === 0) {
    throw new SignOffRefusedError('Refused: the run is unsigned, so there is nothing to attest against. The builder signs it first: `npx leadproof sign <run dir> --key builder.key`.');
  }
  const predicate: ItemAttestationPredicate = {
    item: { id: spec.id, label: spec.label, part: spec.part },
    statement: opts.statement.trim(),
    link: opts.link,
    attester: { name: opts.name.trim(), role: opts.role.trim(), keyid: key.keyid, algorithm: key.algorithm, publicKey: key.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
    attestedAt: (opts.now ?? new Date()).toISOString(),
    run: { runId: run.predicate.leadproof?.runId ?? '', builderKeyids: envelope.signatures.map((s) => s.keyid ?? '').filter(Boolean) },
  };
  await mkdir(join(runDir, RUN_FILES.attestations), { recursive: true });
  const path = join(runDir, RUN_FILES.attestations, `${spec.id}-${short(key.keyid)}.dsse.json`);
  await writeStatementEnvelope(path,
    { _type: STATEMENT_TYPE, subject: [{ name: RUN_FILES.attestation, digest: { sha256: sha256(bytes) } }], predicateType: ITEM_ATTESTATION_PREDICATE, predicate }, [key]);
  return { path, keyid: key.keyid, message: `Attested "${spec.label}" by ${predicate.attester.name} (${predicate.attester.role}) with key ${short(key.keyid)} → ${displayPath(path)}` };
}
