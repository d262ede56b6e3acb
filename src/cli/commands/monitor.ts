import type { Command } from 'commander';
import { alertTargets } from '../../alerts/index.js';
import { ConfigError } from '../../errors.js';
import { monitorEvery } from '../../monitor/loop.js';
import type { MonitorOptions } from '../../monitor/pass.js';
import { loadProject } from '../../scenario/load.js';
import { parseDuration } from '../../scenario/duration.js';
import { wholeNumber } from '../run/input.js';
import { ENVIRONMENT_HELP } from './environment.js';
import { withRunOptions } from './run.js';
import { withTargetOptions } from './target-options.js';

interface MonitorFlags {
  crm?: string; stack?: string; scenarios: string; config?: string; site?: string; grep?: string; seed?: number; volume?: boolean;
  workers?: number; poll?: number; signingKey?: string; intake?: number; requireComplete?: boolean;
  reports: string; every?: string; remindEvery?: number; link?: string; evidence?: string[];
}

/** `leadproof monitor`: `run` on a schedule, alerting when the verdict changes. Exit code of one pass: the run's. */
export function registerMonitor(program: Command): void {
  withRunOptions(withTargetOptions(program
    .command('monitor')
    .description("Run the scenarios once (or --every <duration>), compare the verdict with the previous monitor run's, and alert Slack / a webhook when it changes: failing, still failing (--remind-every), recovered."))
    .option('--reports <dir>', 'where each run and the monitor state file (monitor-state.json) go', 'reports')
    .option('--every <duration>', 'keep running, one pass every <duration> (e.g. 1h, 30m); SIGINT/SIGTERM stops it cleanly')
    .option('--remind-every <n>', 'while failing, a reminder on every n-th failing run in a row (default off; or alerts.remindEvery in the config)', wholeNumber(1, 'failing runs between reminders'))
    .option('--link <url>', "URL the alerts link to instead of the report's path (e.g. the CI run's page)"))
    .addHelpText('after', `
Exit code of a pass: the run's own (0 PASSED/INCOMPLETE, 1 FAILED, 2 bad input, 3 leadproof failed); an
alert that could not be delivered is reported on stderr and in the state file, never in the exit code.
With --every, a stop by SIGINT/SIGTERM exits 0.
${ENVIRONMENT_HELP}
Examples:
  LEADPROOF_SLACK_WEBHOOK_URL=https://hooks.slack.com/services/... npx leadproof monitor --scenarios monitor/
  npx leadproof monitor --scenarios monitor/ --every 1h --remind-every 6     # a long-lived process`)
    .action(async (f: MonitorFlags) => {
      const everyMs = f.every === undefined ? undefined : parseDuration(f.every);
      if (everyMs === null || (everyMs !== undefined && everyMs < 1000)) {
        throw new ConfigError([{ file: 'command line', field: '--every', message: `"${f.every}" must be a duration such as 30m or 1h (at least 1s; against a real CRM every pass spends API budget, so 15m or more).` }]);
      }
      if (f.link !== undefined && !/^https?:\/\/\S+$/i.test(f.link)) {
        throw new ConfigError([{ file: 'command line', field: '--link', message: `"${f.link}" must be an http(s) URL.` }]);
      }
      // The config's alert settings, read up front: a malformed webhook URL is exit 2 before any lead.
      const project = await loadProject({ scenarios: f.scenarios, config: f.config });
      const { reports, every: _every, remindEvery, link, poll, ...run } = f;
      const o: MonitorOptions = {
        run: { ...run, pollMs: poll },
        reports,
        remindEvery: remindEvery ?? project.config.alerts?.remindEvery,
        link,
        ...(f.every ? { every: f.every } : {}),
        targets: alertTargets(process.env, project.config.alerts),
      };
      process.exitCode = await monitorEvery(o, everyMs);
    });
}
