import type { Command } from 'commander';
import { DEFAULT_POLICY, signOff } from '../../attest/sign-off.js';

/** `leadproof sign-off <run dir> --key approver.key --name ... --role ...`: the go-live approval. */
export function registerSignOff(program: Command): void {
  program
    .command('sign-off')
    .description("Approve a signed run: writes approval.dsse.json, a separate attestation over the run's, signed by the approver (never the builder).")
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .requiredOption('--key <private>', "approver's private key (PEM)")
    .requiredOption('--name <name>', 'who approves, e.g. "Dana Whitfield"')
    .requiredOption('--role <role>', 'in what role, e.g. "VP Revenue"')
    .option('--policy <id>', 'policy the approval is given against', DEFAULT_POLICY)
    .option('--accept-failures <reason>', 'approve a FAILED run anyway, recording why')
    .option('--builder-key <pub>', "builder's public key: verify the run before approving it")
    .option('--passphrase-env <var>', 'environment variable holding the approver key passphrase', 'LEADPROOF_APPROVER_KEY_PASSPHRASE')
    .action(async (runDir: string, opts: { key: string; name: string; role: string; policy: string; acceptFailures?: string; builderKey?: string; passphraseEnv: string }) => {
      const res = await signOff(runDir, {
        keyPath: opts.key,
        passphrase: process.env[opts.passphraseEnv] || undefined,
        name: opts.name,
        role: opts.role,
        policy: opts.policy,
        acceptFailures: opts.acceptFailures,
        builderKeyPath: opts.builderKey,
      });
      console.log(res.message);
      console.log(`Anyone can check it: npx leadproof verify ${runDir} --key <builder.pub> --approver-key <approver.pub>`);
    });
}
