import type { Command } from 'commander';
import { runLeads } from '../run/orchestrate.js';
import { ENVIRONMENT_HELP } from './environment.js';
import { withTargetOptions } from './target-options.js';
import { wholeNumber } from '../run/input.js';
import { playwrightFlags, withPlaywrightFlags } from '../run/playwright-flags.js';

/** The options of one run besides where it goes (shared with `leadproof monitor`, which runs it on a schedule). */
export function withRunOptions(cmd: Command): Command {
  return cmd
    .option('--grep <regex>', 'only scenarios whose name matches (case-insensitive)')
    .option('--seed <n>', 'faker seed, to reproduce the same synthetic people', wholeNumber(0, 'the seed printed by an earlier run'))
    .option('--volume', "submit each scenario's `volume` leads instead of one (volume runs)")
    .option('--workers <n>', 'parallel browser workers (Playwright --workers)', wholeNumber(1, 'browsers that submit forms in parallel'))
    .option('--intake <n>', "form submissions per 10 s for this process (default: the form profiles' intake, or the CRM form endpoint's, split over --shard)", (v) => Number(v))
    .option('--poll <ms>', 'CRM poll interval (default 1000 on the sandbox, 5000 on a real CRM)', (v) => Number.parseInt(v, 10))
    .option('--signing-key <file>', 'private key that signs the attestation (or LEADPROOF_SIGNING_KEY)')
    .option('--evidence <file>', 'a campaigns.json, baseline-sources.json or monitor-alerts.json written somewhere else than reports/ (repeatable; default lookup: reports/campaigns/campaigns.json, reports/baseline-sources.json, reports/monitor-alerts.json)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--require-complete', 'exit 1 when the run is INCOMPLETE (no check failed, but definition-of-done items were not exercised); or `requireComplete: true` in the config');
}

/** `leadproof run`: the main job. Exit 0 PASSED/INCOMPLETE, 1 FAILED (or INCOMPLETE with --require-complete), 2 bad input, 3 harness failure. */
export function registerRun(program: Command): void {
  withPlaywrightFlags(withRunOptions(withTargetOptions(program
    .command('run')
    .description('Submit one synthetic lead per scenario through the real forms, trace each through the CRM, judge it, flush the test records and write a signed report.'))
    .option('--out <dir>', 'output folder (default reports/<runId>/)')
    .option('--keep', 'do not flush: leave the test records in the CRM (flush later with `leadproof flush --run <id>`)')
    .option('--shard <i/n>', "run only this machine's share of the leads; combine with `leadproof merge`")
    .option('--baseline <run dir|last-passed>', 'compare with an earlier run (last-passed: the newest run on this CRM account and scenario set in which nothing failed); writes diff.json, diff.md, change-brief.md')
    .option('--expect-changes <file>', 'with --baseline: YAML list of the intended changes; exit 1 when one did not happen or anything else changed')
    .option('--replay', "with --volume: each branch's first lead through the browser, the others sent over HTTP from its captured request (protocol replay)")))
    .addHelpText('after', `
Exit codes: 0 PASSED or INCOMPLETE (nothing failed; with --require-complete only PASSED) · 1 FAILED (or INCOMPLETE with --require-complete, or a failed --expect-changes gate) · 2 bad scenario/config/credentials (nothing created) · 3 leadproof itself failed.

The --out folder is claimed before anything else: a second run on it is refused with exit 2.
${ENVIRONMENT_HELP}
Examples:
  npx leadproof run                                   # the examples against the embedded sandbox
  npx leadproof run --stack fixtures/stacks/wrong-team.stack.yaml
  HUBSPOT_ACCESS_TOKEN=<service key> LEADPROOF_TEST_DOMAIN=leadproof-tests.acme.com \\
    npx leadproof run --crm hubspot --site https://www.acme.com`)
    .action(async (o: { crm?: string; stack?: string; scenarios: string; config?: string; site?: string; grep?: string; seed?: number; out?: string; keep?: boolean; volume?: boolean; workers?: number; shard?: string; poll?: number; signingKey?: string; intake?: number; requireComplete?: boolean; headed?: boolean; trace?: string; reporter?: string[]; evidence?: string[]; baseline?: string; expectChanges?: string; replay?: boolean }) => {
      const playwright = playwrightFlags(o);
      process.exitCode = await runLeads({ ...o, pollMs: o.poll, playwright });
    });
}
