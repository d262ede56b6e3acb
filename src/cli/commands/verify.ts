import type { Command } from 'commander';
import { SignInputError, VerificationError } from '../../attest/errors.js';
import { formatOutcome, verifyRunDir } from '../../attest/verify.js';
import { LeadproofError } from '../../errors.js';
import { PART_IDS } from '../../policy/index.js';
import type { DodPart } from '../../report/definition-of-done.js';

/** `leadproof verify <run dir> --key builder.pub [--policy [file]]`: offline check of every signature and digest, and the sign-off policy. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check a run folder offline: signatures, every file against its signed sha256, attestations, and the sign-offs (--approver-key, or --policy). Exit 0 only if all hold.')
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .requiredOption('--key <pub>', "builder's public key (PEM)")
    .option('--approver-key <pub>', "approver's public key; requires a valid sign-off signed by that key, which is not the builder's")
    .option('--policy [file]', 'check the sign-off policy (the shipped default without a file): every required role signed, never the builder, one role per key')
    .option('--policy-strict', 'with --policy: approvals older than the review cadence fail too')
    .option('--parts <ids>', "with --policy: parts to check, comma-separated, or 'all' (default: the parts the approvals name)")
    .action(async (runDir: string, opts: { key: string; approverKey?: string; policy?: string | true; policyStrict?: boolean; parts?: string }) => {
      const enabled = opts.policy !== undefined || Boolean(opts.policyStrict) || opts.parts !== undefined;
      const outcome = await verifyRunDir(runDir, {
        keyPath: opts.key,
        approverKeyPath: opts.approverKey,
        ...(enabled ? { policy: { enabled, path: typeof opts.policy === 'string' ? opts.policy : undefined, strict: Boolean(opts.policyStrict), ...(opts.parts ? { parts: parseParts(opts.parts) } : {}) } } : {}),
      });
      console.log(formatOutcome(outcome, runDir));
      if (!outcome.ok) {
        const bad = outcome.checks.filter((c) => !c.ok).map((c) => c.file);
        throw new VerificationError(`verification failed for ${[...new Set(bad)].join(', ')}; do not trust this run's artifacts. Re-run the scenarios, or ask the builder for the untouched folder.`);
      }
      const p = outcome.policy;
      if (p && !(opts.policyStrict ? p.okStrict : p.ok)) {
        const owed = p.parts.filter((x) => x.checked && x.owed.length).map((x) => `${x.part}: ${x.owed.join(', ')}`);
        const why = [owed.length ? `still owed — ${owed.join('; ')}` : '', p.refused.length ? `${p.refused.length} approval(s) refused` : '',
          p.ok && p.stale.length ? `${p.stale.length} stale approval(s) (--policy-strict)` : '', p.parts.some((x) => x.checked) ? '' : 'no valid approval'].filter(Boolean);
        throw new LeadproofError('POLICY_NOT_MET', `The sign-off policy is not met: ${why.join('; ')}. The files themselves verify.`, { exitCode: 1 });
      }
    });
}

function parseParts(text: string): DodPart[] | 'all' {
  if (text.trim() === 'all') return 'all';
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = parts.filter((p) => !(PART_IDS as string[]).includes(p));
  if (unknown.length || parts.length === 0) throw new SignInputError(`--parts "${text}": use 'all' or comma-separated parts of ${PART_IDS.join(', ')}.`);
  return parts as DodPart[];
}
