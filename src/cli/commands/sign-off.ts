import type { Command } from 'commander';
import { showSignOffs } from '../../sign-offs/index.js';
import { signOff } from '../../attest/sign-off.js';

/** `leadproof sign-off <run dir> --key approver.key --name ... --role <policy role id>`: the go-live approval. */
export function registerSignOff(program: Command): void {
  program
    .command('sign-off')
    .description("Approve a signed run for one role of the sign-off policy: writes approvals/<role>-<key>.dsse.json, a separate attestation over the run's, signed by the approver (never the builder).")
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .requiredOption('--key <private>', "approver's private key (PEM)")
    .requiredOption('--name <name>', 'who approves, e.g. "Dana Whitfield"')
    .requiredOption('--role <id>', "the policy's role id you sign as: marketing-ops, sales-ops, revops, revenue-leader (default policy)")
    .option('--title <title>', 'your job title, free text, e.g. "VP Revenue"')
    .option('--parts <ids>', 'parts you sign, comma-separated (crm-build-out,campaign-tracking,lead-routing,attribution); default: the parts the policy gives your role')
    .option('--policy <file>', 'sign-off policy file (default: the shipped policy)')
    .option('--accept-failures <reason>', 'approve a FAILED run anyway, recording why')
    .option('--builder-key <pub>', "builder's public key: verify the run before approving it")
    .option('--passphrase-env <var>', 'environment variable holding the approver key passphrase', 'LEADPROOF_APPROVER_KEY_PASSPHRASE')
    .action(async (runDir: string, opts: { key: string; name: string; role: string; title?: string; parts?: string; policy?: string; acceptFailures?: string; builderKey?: string; passphraseEnv: string }) => {
      const res = await signOff(runDir, {
        keyPath: opts.key,
        passphrase: process.env[opts.passphraseEnv] || undefined,
        name: opts.name,
        role: opts.role,
        title: opts.title,
        parts: opts.parts?.split(',').map((p) => p.trim()).filter(Boolean),
        policyPath: opts.policy,
        acceptFailures: opts.acceptFailures,
        builderKeyPath: opts.builderKey,
      });
      console.log(res.message);
      await showSignOffs(runDir, opts.policy);
      console.log(`Anyone can check it: npx leadproof verify ${runDir} --key <builder.pub> --policy${opts.policy ? ` ${opts.policy}` : ''}`);
    });
}
