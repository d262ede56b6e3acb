import type { Command } from 'commander';
import { VerificationError } from '../../attest/errors.js';
import { formatOutcome, verifyRunDir } from '../../attest/verify.js';

/** `leadproof verify <run dir> --key builder.pub`: offline check of every signature and digest. */
export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('Check a run folder offline: signatures, every file against its signed sha256, and the sign-off. Exit 0 only if all hold.')
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .requiredOption('--key <pub>', "builder's public key (PEM)")
    .option('--approver-key <pub>', "approver's public key; requires a valid approval.dsse.json signed by a different key")
    .action(async (runDir: string, opts: { key: string; approverKey?: string }) => {
      const outcome = await verifyRunDir(runDir, { keyPath: opts.key, approverKeyPath: opts.approverKey });
      console.log(formatOutcome(outcome, runDir));
      if (!outcome.ok) {
        const bad = outcome.checks.filter((c) => !c.ok).map((c) => c.file);
        throw new VerificationError(`verification failed for ${[...new Set(bad)].join(', ')}; do not trust this run's artifacts. Re-run the scenarios, or ask the builder for the untouched folder.`);
      }
    });
}
