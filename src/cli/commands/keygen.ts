import type { Command } from 'commander';
import { writeKeyPair } from '../../attest/keygen.js';
import type { KeyAlgorithm } from '../../attest/keys.js';
import { LeadproofError } from '../../errors.js';

/** `leadproof keygen --out keys/`: a signing key pair for runs (builder) or sign-offs (approver). */
export function registerKeygen(program: Command): void {
  program
    .command('keygen')
    .description('Create a signing key pair: <name>.key (private, mode 0600) and <name>.pub (SPKI PEM, give it to verifiers).')
    .requiredOption('--out <dir>', 'folder to write the key pair into')
    .option('--algorithm <alg>', 'ecdsa-p256 (default; cosign can verify it) or ed25519', 'ecdsa-p256')
    .option('--name <stem>', 'file name stem', 'leadproof')
    .option('--passphrase-env <var>', 'encrypt the private key with the passphrase held in this environment variable')
    .action(async (opts: { out: string; algorithm: string; name: string; passphraseEnv?: string }) => {
      if (opts.algorithm !== 'ecdsa-p256' && opts.algorithm !== 'ed25519') {
        throw new LeadproofError('USAGE', `--algorithm "${opts.algorithm}" is not supported; use ecdsa-p256 or ed25519.`);
      }
      const passphrase = opts.passphraseEnv ? process.env[opts.passphraseEnv] : undefined;
      if (opts.passphraseEnv && !passphrase) {
        throw new LeadproofError('USAGE', `--passphrase-env ${opts.passphraseEnv}: that environment variable is empty; export the passphrase in it first.`);
      }
      const { privatePath, publicPath, keyid } = await writeKeyPair(opts.out, { algorithm: opts.algorithm as KeyAlgorithm, name: opts.name, passphrase });
      console.log([
        `Key ${keyid.slice(0, 8)} (${opts.algorithm}${passphrase ? ', passphrase-protected' : ''})`,
        `  private: ${privatePath}  (keep it secret; mode 0600)`,
        `  public:  ${publicPath}  (share it with whoever verifies)`,
        `Sign runs with --signing-key ${privatePath} or LEADPROOF_SIGNING_KEY=${privatePath}` +
          (passphrase ? ' and LEADPROOF_SIGNING_KEY_PASSPHRASE.' : '.'),
      ].join('\n'));
    });
}
