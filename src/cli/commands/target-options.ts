import { type Command, Option } from 'commander';

/** Options shared by every command that loads scenarios and opens a CRM (`run`, `preflight`). */
export function withTargetOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--crm <crm>', 'sandbox (embedded stack), hubspot (HUBSPOT_ACCESS_TOKEN) or salesforce (SF_INSTANCE_URL + SF_ACCESS_TOKEN; the sandbox org when unset). Default: hubspot when HUBSPOT_ACCESS_TOKEN is set, else sandbox').choices(['sandbox', 'hubspot', 'salesforce']))
    .option('--stack <file>', 'sandbox stack file (default fixtures/stacks/default.stack.yaml)')
    .option('--scenarios <dir|glob>', 'scenario files: a folder (all *.scenario.ts/yaml below it), a file, or a glob', 'scenarios')
    .option('--config <file>', 'project config (default leadproof.config.yaml|ts next to the scenarios)')
    .option('--site <url>', 'base URL that relative form URLs resolve against (or LEADPROOF_SITE_URL; default the sandbox site)');
}
