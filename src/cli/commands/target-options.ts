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

/** Options of the read-only commands that open a CRM but load no scenarios (`queue-watch`,
 *  `baseline-sources`): where the CRM is, and where the project config is. `config` says what the
 *  command reads from the config. */
export function withCrmOptions(cmd: Command, config = 'project config'): Command {
  return cmd
    .addOption(new Option('--crm <crm>', 'sandbox, hubspot or salesforce (as for run)').choices(['sandbox', 'hubspot', 'salesforce']))
    .option('--stack <file>', 'sandbox stack file (default fixtures/stacks/default.stack.yaml)')
    .option('--config <file>', `${config} (default leadproof.config.yaml|ts in --scenarios or the current folder)`)
    .option('--scenarios <dir>', 'where to look for the project config', 'scenarios');
}
