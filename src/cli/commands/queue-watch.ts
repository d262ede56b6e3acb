import type { Command } from 'commander';
import { alertTargets, sendAlert } from '../../alerts/index.js';
import { ConfigError, type ConfigIssue } from '../../errors.js';
import { queueAlert, queueWatchSchema, resolveWatchedOwners, summaryLines, toSettings, watchQueue, type QueueWatchInput } from '../../queue-watch/index.js';
import { parseWatchDuration } from '../../queue-watch/config.js';
import { zodIssues } from '../../scenario/schema.js';
import { loadConfig } from '../../scenario/load.js';
import { openTarget, resolveTestDomain } from '../run/target.js';
import { withCrmOptions } from './target-options.js';
import { ENVIRONMENT_HELP } from './environment.js';
import { destinationsOf, lastAlertOf, recordWatch } from '../../monitor/watch-record.js';

interface QueueWatchFlags {
  crm?: string;
  stack?: string;
  config?: string;
  scenarios: string;
  owner?: string[];
  queue?: string[];
  team?: string[];
  unassigned?: boolean;
  olderThan?: string;
  lookback?: string;
  limit?: string;
  show?: string;
  reports: string;
}

/** `leadproof queue-watch`: read-only count of real leads parked with the fallback owner / default queue. */
export function registerQueueWatch(program: Command): void {
  withCrmOptions(program
    .command('queue-watch')
    .description('Count real (non-test) leads parked with the fallback owner or in the default queue (or unassigned) for longer than a threshold, and alert when there are more than the limit. Read-only: never changes a record.'), 'project config with the queueWatch block')
    .option('--owner <email...>', 'owner(s) that count as the default queue (replaces the config\'s owners/queues/teams)')
    .option('--queue <name...>', 'queue(s) that count as the default queue')
    .option('--team <name...>', 'team(s) whose members count as the default queue')
    .option('--unassigned', 'also count leads with no owner')
    .option('--older-than <duration>', 'how long a lead may sit there (config olderThan; default 30m)')
    .option('--lookback <duration>', 'only leads created within this long (config lookback; default 7d)')
    .option('--limit <n>', 'alert when more than this many are parked (config limit; default 0)')
    .option('--show <n>', 'how many of the oldest to list (config show; default 5)')
    .option('--reports <dir>', 'where monitor-alerts.json records this watch (a later run proves the routing-alerts item with it)', 'reports')
    .addHelpText('after', [
      '',
      'Exit code: 0 at or below the limit, 1 above it (the alert), 2 bad input, 3 the CRM failed.',
      'The alert goes to LEADPROOF_SLACK_WEBHOOK_URL and/or LEADPROOF_ALERT_WEBHOOK_URL when set; a failed delivery is reported and',
      'does not change the exit code. Test records (emails on the test domain) are never counted.',
    ].join('\n') + ENVIRONMENT_HELP)
    .action(async (o: QueueWatchFlags) => {
      const loaded = await loadConfig({ config: o.config, dir: o.scenarios });
      const file = loaded?.configFile ?? 'command line';
      const settings = toSettings(merge(loaded?.config.queueWatch, o, file));
      if (settings.owners.length + settings.queues.length + settings.teams.length === 0 && !settings.unassigned) {
        throw new ConfigError([{ file, field: 'queueWatch', message: 'names no default queue. Add owners (the fallback owner\'s email), queues or teams (or unassigned: true) to the queueWatch block of leadproof.config.yaml, or pass --owner/--queue/--team.' }]);
      }
      if (settings.lookbackMs <= settings.olderThanMs) {
        // The window is (now − lookback, now − olderThan): empty, so it would stay silent forever.
        throw new ConfigError([{ file, field: 'queueWatch.lookback', message: `${settings.lookback} is not longer than olderThan ${settings.olderThan}, so no record could ever count. Give a lookback longer than olderThan (e.g. lookback: 7d with olderThan: 30m).` }]);
      }
      const targets = alertTargets(process.env, loaded?.config.alerts); // a malformed webhook URL is exit 2 before the CRM is asked
      const target = await openTarget({ crm: o.crm, stack: o.stack });
      try {
        const testDomain = resolveTestDomain(target, loaded?.config.testDomain, process.env);
        const resolved = resolveWatchedOwners(settings, await target.adapter.listOwners(), file);
        if (resolved.issues.length) throw new ConfigError(resolved.issues, 'The default queue names owners the CRM does not know; nothing was read.');
        for (const n of resolved.notes) console.log(n);
        const result = await watchQueue({ adapter: target.adapter, settings, ownerIds: resolved.ids, labels: resolved.labels, testDomain });
        for (const line of summaryLines(result)) console.log(line);
        let lastAlert;
        if (result.alert) {
          if (targets.length === 0) console.log('No alert target set (LEADPROOF_SLACK_WEBHOOK_URL / LEADPROOF_ALERT_WEBHOOK_URL): the alert is only in this output.');
          else {
            const deliveries = await sendAlert(queueAlert(result), { targets });
            for (const d of deliveries.filter((x) => x.ok)) console.log(`Alert sent to the ${d.label}.`);
            lastAlert = lastAlertOf('queue-accumulation', new Date().toISOString(), deliveries);
          }
        }
        // The default-queue watch, as evidence a later run can pick up (src/evidence); no URL is written.
        recordWatch(o.reports, 'default-queue', {
          by: 'leadproof queue-watch',
          crm: { kind: target.kind, account: target.adapter.account, sandbox: Boolean(target.sandbox) },
          destinations: destinationsOf(targets), lastRunAt: new Date().toISOString(), ...(lastAlert ? { lastAlert } : {}),
        });
        process.exitCode = result.alert ? 1 : 0;
      } finally {
        await target.sandbox?.stop();
      }
    });
}

/** Flags over the config's queueWatch block; every problem named by file and field (or flag). */
function merge(fromConfig: QueueWatchInput | undefined, o: QueueWatchFlags, file: string) {
  const issues: ConfigIssue[] = [];
  const raw: QueueWatchInput = { ...fromConfig };
  if (o.owner || o.queue || o.team) Object.assign(raw, { owners: o.owner ?? [], queues: o.queue ?? [], teams: o.team ?? [] });
  if (o.unassigned) raw.unassigned = true;
  for (const [flag, key, value] of [['--older-than', 'olderThan', o.olderThan], ['--lookback', 'lookback', o.lookback]] as const) {
    if (value === undefined) continue;
    if (parseWatchDuration(value)) raw[key] = value;
    else issues.push({ file: 'command line', field: flag, message: `"${value}" is not a duration; write it like 30m, 2h or 7d.` });
  }
  for (const [flag, key, value] of [['--limit', 'limit', o.limit], ['--show', 'show', o.show]] as const) {
    if (value === undefined) continue;
    if (/^\d+$/.test(value)) raw[key] = Number(value);
    else issues.push({ file: 'command line', field: flag, message: `"${value}" must be a whole number.` });
  }
  const parsed = queueWatchSchema.safeParse(raw);
  if (!parsed.success) issues.push(...zodIssues(parsed.error, 'queueWatch').map((i) => ({ file, ...i })));
  if (issues.length || !parsed.success) throw new ConfigError(issues);
  return parsed.data;
}
