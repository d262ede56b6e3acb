/**
 * One monitor pass: the run exactly as `leadproof run` does it (into its own folder under the
 * reports folder), then its report.json read back, compared with the state and, on a change, an
 * alert. The pass's exit code is the run's: an alert that cannot be delivered is reported on
 * stderr and in the state file, never in the exit code.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sendAlert, type AlertTarget, type RetryPolicy } from '../alerts/index.js';
import { runLeads, type RunOptions } from '../cli/run/orchestrate.js';
import { LeadproofError } from '../errors.js';
import { describeGroup } from '../report/failure-groups.js';
import type { RunReport } from '../report/model.js';
import { monitorAlert } from './alert.js';
import { readState, writeState, type PassOutcome } from './state.js';
import { destinationsOf, lastAlertOf, recordWatch } from './watch-record.js';
import { transition } from './transition.js';

export interface MonitorOptions {
  /** The `run` options (--stack, --scenarios, --crm, ...); `out` is chosen by the monitor. */
  run: Omit<RunOptions, 'out'>;
  /** Where each run's folder and the state file go (default reports/). */
  reports: string;
  /** A reminder every N failing passes in a row; off when undefined. */
  remindEvery?: number;
  /** A URL alerts link to instead of the report's path. */
  link?: string;
  targets: AlertTarget[];
  /** Retry policy of the deliveries (tests shorten it). */
  retry?: Partial<RetryPolicy>;
  /** `--every` as given, recorded in monitor-alerts.json (how often the watch runs). */
  every?: string;
}

/** Runs one pass; `first` says whether a setup mistake (exit 2) should stop the monitor instead.
 *  A pass `interrupted()` by a stop signal is not news about the funnel: no alert, state kept. */
export async function monitorPass(o: MonitorOptions, first = true, interrupted: () => boolean = () => false): Promise<number> {
  const reportsDir = path.resolve(o.reports);
  const at = new Date();
  const out = path.join(reportsDir, `monitor-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`);
  let exitCode: number;
  let error: LeadproofError | undefined;
  try {
    exitCode = await runLeads({ reportsDir, ...o.run, out }); // its evidence (monitor-alerts.json, campaigns) from the monitor's reports folder
  } catch (err) {
    if (interrupted()) {
      // Playwright closes its browsers on SIGINT/SIGTERM too: whatever broke is the stop itself.
      console.error(`leadproof monitor: this pass was interrupted (${(err as Error).message.split('\n')[0]}); the monitor state is unchanged and no alert was sent. Test records it created: \`npx leadproof flush --orphans\`.`);
      return err instanceof LeadproofError ? err.exitCode : 3;
    }
    // A mistake in the setup fails fast; later on (credentials revoked, CRM down) it is news.
    if (!(err instanceof LeadproofError) || (first && err.exitCode === 2)) throw err;
    console.error(`\nleadproof: ${err.message}`);
    exitCode = err.exitCode;
    error = err;
  }
  if (interrupted()) {
    console.error(`leadproof monitor: this pass was interrupted (exit ${exitCode}); the monitor state is unchanged and no alert was sent.`);
    return exitCode;
  }
  const report = readReport(out);
  const pass = outcome(report, exitCode, error, at, out);
  const t = transition(readState(reportsDir), pass, o.remindEvery);
  if (t.alert) {
    const target = report ? (report.stack ? `${report.crm.account} (stack ${report.stack.name})` : report.crm.account) : (o.run.stack ?? o.run.crm ?? 'the CRM');
    const alert = monitorAlert(t.alert, t, { target, link: o.link });
    if (o.targets.length === 0) {
      console.log(`leadproof monitor: ${alert.kind} — ${alert.title} (no alert target set: LEADPROOF_SLACK_WEBHOOK_URL / LEADPROOF_ALERT_WEBHOOK_URL)`);
    }
    const deliveries = await sendAlert(alert, { targets: o.targets, retry: o.retry });
    t.state.lastAlert = { kind: alert.kind, at: new Date().toISOString(), runId: pass.runId, deliveries };
    const sent = deliveries.filter((d) => d.ok).map((d) => d.label);
    if (sent.length) console.log(`leadproof monitor: ${alert.kind} alert sent to ${sent.join(' and ')}.`);
  } else {
    console.log(`leadproof monitor: ${t.state.status}, ${t.state.consecutive} pass${t.state.consecutive === 1 ? '' : 'es'} in a row since ${t.state.since}; nothing changed, no alert.`);
  }
  writeState(reportsDir, t.state);
  if (report) {
    // The routing-failures watch, as evidence a later run can pick up (src/evidence).
    const a = t.alert ? t.state.lastAlert : undefined;
    recordWatch(reportsDir, 'routing-failures', {
      by: 'leadproof monitor',
      crm: { kind: report.crm.kind, account: report.crm.account, sandbox: report.crm.sandbox },
      destinations: destinationsOf(o.targets),
      ...(o.every ? { every: o.every } : {}),
      lastRunAt: pass.at,
      ...(a ? { lastAlert: lastAlertOf(a.kind, a.at, a.deliveries) } : {}),
    });
  }
  return exitCode;
}

function readReport(runDir: string): RunReport | undefined {
  const file = path.join(runDir, 'report.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunReport;
  } catch {
    return undefined;
  }
}

function outcome(report: RunReport | undefined, exitCode: number, error: LeadproofError | undefined, at: Date, runDir: string): PassOutcome {
  const groups = report?.failureGroups ?? [];
  const html = path.join(runDir, 'report.html');
  const lines = groups.map(describeGroup);
  // Compared across passes: the stable key, so the same fault with other counts alerts once.
  const causes = groups.map((g) => g.key ?? g.cause);
  const causeWords = groups.map((g) => g.cause);
  if (exitCode !== 0 && causes.length === 0) {
    // Nothing failed by cause: the run itself could not be done, or INCOMPLETE was required complete.
    const why = error ? `${error.code}: ${error.message.split('\n')[0]}` : report ? `${report.summary.verdict} (exit ${exitCode})` : `the run ended with exit ${exitCode} and wrote no report`;
    lines.push(why);
    causes.push(error ? error.code : why);
    causeWords.push(why);
  }
  return {
    runId: report?.runId ?? null,
    at: at.toISOString(),
    verdict: report?.summary.verdict ?? null,
    exitCode,
    lines,
    causes,
    causeWords: [...new Set(causeWords)],
    branches: [...new Set(groups.flatMap((g) => (g.branch ? [g.branch] : [])))],
    report: existsSync(html) ? shown(html) : null,
  };
}

function shown(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r.startsWith('..') ? p : r;
}
