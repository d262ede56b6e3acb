/**
 * Checks a run's approvals against the sign-off policy: every required role of every part in
 * scope has a valid approval, no approver is the builder, no key approves under two roles, and
 * approvals older than the review cadence are stale. Pure: the caller verifies signatures and
 * passes only what it found, marking approvals whose signature or binding did not hold.
 */
import type { DodPart } from '../report/definition-of-done.js';
import { PART_IDS, type Policy } from './policy.js';

/** One approval as verify found it in the run folder. */
export interface ApprovalRecord {
  /** File in the run folder, e.g. approvals/sales-ops-4f4dda5b.dsse.json. */
  file: string;
  name: string;
  role: string;
  title?: string;
  parts: DodPart[];
  keyid: string;
  approvedAt: string;
  /** Signature verified and bound to this run's attestation; otherwise why not. */
  valid: boolean;
  problem?: string;
}

export interface PartOutcome {
  part: DodPart;
  /** Checked: in scope (named by an approval, required by the policy, or asked with --parts). */
  checked: boolean;
  required: string[];
  signed: { role: string; name: string; keyid: string; approvedAt: string; stale: boolean; file: string }[];
  /** Required roles with no counted approval: what is still owed. */
  owed: string[];
}

export interface PolicyOutcome {
  policy: { id: string; source: string; reviewCadence: string };
  parts: PartOutcome[];
  /** Approvals not counted, and why (builder key, two roles, unknown role, pinned key, invalid). */
  refused: { file: string; reason: string }[];
  stale: { file: string; role: string; name: string; approvedAt: string }[];
  /** A required approval is missing or an approval was refused. */
  ok: boolean;
  /** ok, and nothing stale (--policy-strict). */
  okStrict: boolean;
}

export interface EvaluateOptions {
  /** Key ids that signed the run: the builder never approves. */
  builderKeyids: string[];
  now: Date;
  /** Parts to check; default: the policy's requireParts plus every part a counted approval names. */
  parts?: DodPart[] | 'all';
}

export function evaluatePolicy(policy: Policy, approvals: ApprovalRecord[], opts: EvaluateOptions): PolicyOutcome {
  const refused: PolicyOutcome['refused'] = [];
  const rolesOfKey = new Map<string, Set<string>>();
  for (const a of approvals) if (a.valid) rolesOfKey.set(a.keyid, new Set([...(rolesOfKey.get(a.keyid) ?? []), a.role]));

  const counted = approvals.filter((a) => {
    const reason = !a.valid ? a.problem ?? 'signature does not verify'
      : opts.builderKeyids.includes(a.keyid) ? `key ${a.keyid.slice(0, 8)} signed the run: the builder never signs off their own work`
      : rolesOfKey.get(a.keyid)!.size > 1 ? `key ${a.keyid.slice(0, 8)} approves under two roles (${[...rolesOfKey.get(a.keyid)!].sort().join(', ')}): one person, one role`
      : !policy.roles[a.role] ? `role "${a.role}" is not in policy ${policy.id} (roles: ${Object.keys(policy.roles).join(', ')})`
      : policy.roles[a.role]!.keys && !policy.roles[a.role]!.keys!.some((k) => a.keyid.startsWith(k)) ? `key ${a.keyid.slice(0, 8)} is not one of the keys the policy pins for ${a.role}`
      : null;
    if (reason) refused.push({ file: a.file, reason });
    return !reason;
  });

  const isStale = (a: ApprovalRecord) => opts.now.getTime() - Date.parse(a.approvedAt) > policy.reviewCadenceMs;
  const named = new Set(counted.flatMap((a) => a.parts));
  const scope = new Set<DodPart>(opts.parts === 'all' ? PART_IDS.filter((p) => policy.parts[p]) : opts.parts ?? [...policy.requireParts, ...named]);
  const parts = PART_IDS.filter((p) => policy.parts[p]).map((part): PartOutcome => {
    const required = policy.parts[part]!;
    const signed = counted.filter((a) => a.parts.includes(part) && required.includes(a.role))
      .map((a) => ({ role: a.role, name: a.name, keyid: a.keyid, approvedAt: a.approvedAt, stale: isStale(a), file: a.file }));
    return { part, checked: scope.has(part), required, signed, owed: required.filter((r) => !signed.some((s) => s.role === r)) };
  });
  const stale = counted.filter(isStale).map((a) => ({ file: a.file, role: a.role, name: a.name, approvedAt: a.approvedAt }));
  const ok = scope.size > 0 && refused.length === 0 && parts.every((p) => !p.checked || p.owed.length === 0);
  return {
    policy: { id: policy.id, source: policy.source, reviewCadence: policy.reviewCadence },
    parts, refused, stale, ok, okStrict: ok && stale.length === 0,
  };
}

/** The outcome in lines a person reads: who signed what, what is still owed, what was refused. */
export function formatPolicyOutcome(o: PolicyOutcome, strict: boolean): string[] {
  const lines = [`Sign-off policy ${o.policy.id} (${o.policy.source === 'default' ? 'default' : o.policy.source}; review every ${o.policy.reviewCadence}):`];
  for (const p of o.parts) {
    const who = p.signed.map((s) => `${s.role}: ${s.name} (key ${s.keyid.slice(0, 8)}, ${s.approvedAt}${s.stale ? ', STALE' : ''})`).join('; ');
    const mark = !p.checked ? '-' : p.owed.length ? '✗' : '✓';
    const owed = p.owed.length ? `${p.checked ? 'owed' : 'not signed, not checked'}: ${p.owed.join(', ')}` : '';
    lines.push(`  ${mark} ${p.part} (requires ${p.required.join(' + ')})${who ? ` — signed by ${who}` : ''}${owed ? ` — ${owed}` : ''}`);
  }
  for (const r of o.refused) lines.push(`  ✗ refused ${r.file}: ${r.reason}`);
  for (const s of o.stale) lines.push(`  ${strict ? '✗' : '!'} stale: ${s.role} ${s.name} approved ${s.approvedAt}, older than ${o.policy.reviewCadence}${strict ? ' (--policy-strict)' : ''}`);
  if (!o.parts.some((p) => p.checked)) lines.push('  ✗ no valid approval over this run: nothing is signed off (npx leadproof sign-off <run dir> --role <id>)');
  const verdict = !o.ok ? 'NOT MET' : strict && !o.okStrict ? 'NOT MET (stale approvals)' : 'MET';
  lines.push(`Sign-off policy ${verdict}`);
  return lines;
}
