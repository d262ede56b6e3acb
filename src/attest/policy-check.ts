/**
 * What `verify` adds after the run's own signature holds: the item attestations (each checked
 * and merged into the four-part checklist) and, with --policy, the sign-offs against the policy
 * (who signed which part, what is still owed, what is stale or refused).
 */
import { evaluatePolicy, loadPolicy, type ApprovalRecord, type PolicyOutcome } from '../policy/index.js';
import { PARTS, SIGN_OFF_ITEMS, type DodPart } from '../report/definition-of-done.js';
import type { PublicKeyInfo } from './keys.js';
import { ITEM_ATTESTATION_PREDICATE, SIGN_OFF_PREDICATE, type ChecklistVerdict, type ItemAttestationPredicate, type SignOffPredicate, type TestResultPredicate } from './predicates.js';
import { readSignedFile, signedFilesIn } from './signed-files.js';

/** verify's check line (declared here too so this file does not import verify.ts back). */
interface VerifyCheck { ok: boolean; file: string; message: string }

export interface PolicyCheckOptions {
  /** Policy file; undefined with `enabled`: the shipped default. */
  path?: string;
  /** Check the policy at all (verify --policy). */
  enabled?: boolean;
  /** --policy-strict: stale approvals fail too. */
  strict?: boolean;
  /** --parts: which parts to check (default: the ones approvals name, plus the policy's requireParts). */
  parts?: DodPart[] | 'all';
  now?: Date;
}

export async function checkPolicyAndAttestations(
  dir: string, run: TestResultPredicate, runSha: string, builderKeyids: string[], checks: VerifyCheck[],
  opts: PolicyCheckOptions & { approver?: PublicKeyInfo },
): Promise<{ checklist?: ChecklistVerdict[]; policy?: PolicyOutcome; approvals?: ApprovalRecord[] }> {
  const signed = run.leadproof?.checklist ?? [];
  const attestationFiles = await signedFilesIn(dir, 'attestations');
  if (!opts.enabled && attestationFiles.length === 0) return {};
  let checklist = signed.map((i) => ({ ...i }));

  for (const file of attestationFiles) {
    const f = await readSignedFile<ItemAttestationPredicate>(dir, file, ITEM_ATTESTATION_PREDICATE, runSha, (p) => p.attester);
    if (!f.valid) {
      checks.push({ ok: false, file, message: `attestation does not hold: ${f.problem}` });
      continue;
    }
    const p = f.statement!.predicate;
    checks.push({ ok: true, file, message: `attestation of ${p.item.id} by ${p.attester.name} verifies with its key ${p.attester.keyid.slice(0, 8)}` });
    checklist = checklist.map((i) => (i.id === p.item.id && i.status === 'not-covered' && !i.attestation
      ? { ...i, status: 'attested', attestation: { name: p.attester.name, role: p.attester.role, statement: p.statement, link: p.link, attestedAt: p.attestedAt, keyid: p.attester.keyid } }
      : i));
  }
  if (!opts.enabled) return { checklist };

  const policy = loadPolicy(opts.path);
  const approvals: ApprovalRecord[] = [];
  for (const file of await signedFilesIn(dir, 'approvals')) {
    // An approval by the key given with --approver-key is checked with that key (older approvals carry none).
    const pinned = opts.approver && file === 'approval.dsse.json' ? opts.approver : undefined;
    const f = await readSignedFile<SignOffPredicate>(dir, file, SIGN_OFF_PREDICATE, runSha, (p) => p.approver, pinned);
    const a = f.statement?.predicate;
    approvals.push({
      file, name: a?.approver?.name ?? '?', role: a?.approver?.role ?? '?', ...(a?.approver?.title ? { title: a.approver.title } : {}),
      parts: a?.parts ?? [], keyid: a?.approver?.keyid ?? f.signerKeyids[0] ?? '', approvedAt: a?.approvedAt ?? '',
      valid: f.valid, ...(f.problem ? { problem: f.problem } : {}),
    });
  }
  const outcome = evaluatePolicy(policy, approvals, { builderKeyids, now: opts.now ?? new Date(), ...(opts.parts ? { parts: opts.parts } : {}) });
  checklist = checklist.map((i) => {
    const part = SIGN_OFF_ITEMS[i.id];
    const p = part && outcome.parts.find((x) => x.part === part);
    if (!p) return i;
    const who = p.signed.map((s) => `${s.role} ${s.name}${s.stale ? ' (stale)' : ''}`).join(', ');
    return p.owed.length === 0
      ? { ...i, status: 'done', done: true, evidence: `signed off under ${outcome.policy.id}: ${who}` }
      : { ...i, evidence: `owed under ${outcome.policy.id}: ${p.owed.join(', ')}${who ? `; signed: ${who}` : ''}` };
  });
  return { checklist, policy: outcome, approvals };
}

/**
 * What is still owed, one line each: the policy's roles that have not signed a part (every part
 * the policy lists, checked or not), and the items that wait for a person's attestation.
 */
export function stillOwed(checklist: ChecklistVerdict[], policy?: PolicyOutcome): string[] {
  const roles = (policy?.parts ?? []).filter((p) => p.owed.length)
    .map((p) => `sign-off of ${p.part} by ${p.owed.join(' and ')}${p.checked ? '' : ' (not required by the policy for this run yet)'}`);
  const items = checklist.filter((i) => i.status === 'not-covered' && (i.proof === 'attestation' || i.proof === 'evidence'))
    .map((i) => `${i.proof === 'evidence' ? 'evidence or attestation' : 'attestation'} of ${i.id} (${i.label}): npx leadproof attest <run dir> --item ${i.id}`);
  return [...roles, ...items];
}

const MARK: Record<ChecklistVerdict['status'], string> = { done: '✓', attested: '✍', failed: '✗', 'not-covered': '-' };

/** The four-part checklist in console lines: what is proven, attested, failed and still owed. */
export function formatChecklist(items: ChecklistVerdict[]): string[] {
  const lines = ['Definition of done:'];
  for (const part of PARTS) {
    const of = items.filter((i) => i.part === part.id);
    if (!of.length) continue;
    lines.push(`  ${part.label}:`);
    for (const i of of) {
      const how = i.attestation
        ? `attested by ${i.attestation.name} (${i.attestation.role}) ${i.attestation.attestedAt}: "${i.attestation.statement}" ${i.attestation.link}`
        : i.evidence;
      lines.push(`    ${MARK[i.status] ?? '?'} ${i.label} — ${i.status === 'not-covered' ? 'not covered: ' : ''}${how}`);
    }
  }
  return lines;
}
