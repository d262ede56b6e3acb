import type { Command } from 'commander';
import { showSignOffs } from '../../sign-offs/index.js';
import { attestItem } from '../../attest/attest-item.js';
import { loadPolicy } from '../../policy/index.js';

/** `leadproof attest <run dir> --item <id> --statement ... --link <url>`: a signed statement for an item no run can prove. */
export function registerAttest(program: Command): void {
  program
    .command('attest')
    .description('Attest one definition-of-done item no run can prove (e.g. sla-documented): a signed statement by a named person, with a link, written to attestations/<item>-<key>.dsse.json.')
    .argument('<runDir>', 'the run output folder (reports/<run id>)')
    .requiredOption('--item <id>', 'checklist item id, e.g. sla-documented, reporting-view, attribution-model, review-cadence, routing-alerts')
    .requiredOption('--statement <text>', 'what you attest, e.g. "Sales handoff SLA documented and sent to the SDR team"')
    .requiredOption('--link <url>', 'the document that backs it (http/https)')
    .requiredOption('--key <private>', 'your private key (PEM)')
    .requiredOption('--name <name>', 'who attests')
    .requiredOption('--role <role>', 'in what role (free text, e.g. "Sales Ops lead")')
    .option('--policy <file>', 'sign-off policy the sign-offs.html page is checked against (default: the shipped policy)')
    .option('--passphrase-env <var>', 'environment variable holding the key passphrase', 'LEADPROOF_APPROVER_KEY_PASSPHRASE')
    .action(async (runDir: string, opts: { item: string; statement: string; link: string; key: string; name: string; role: string; policy?: string; passphraseEnv: string }) => {
      if (opts.policy) loadPolicy(opts.policy); // a broken policy file is exit 2 before anything is signed
      const res = await attestItem(runDir, {
        item: opts.item, statement: opts.statement, link: opts.link, keyPath: opts.key,
        passphrase: process.env[opts.passphraseEnv] || undefined, name: opts.name, role: opts.role,
      });
      console.log(res.message);
      await showSignOffs(runDir, opts.policy);
      console.log(`Shown by: npx leadproof verify ${runDir} --key <builder.pub> --policy`);
    });
}
