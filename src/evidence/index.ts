/**
 * The evidence a run gathers for the definition-of-done items it cannot prove by leads alone
 * (src/report/evidence-hooks.ts names the files): the taxonomy lint of the scenarios it ran, the
 * routing document of this run, the newest campaign-URL check and source baseline that
 * `leadproof campaigns` / `baseline-sources` left under the reports folder (or the files named
 * with `run --evidence`), and the alert watches `monitor` / `queue-watch` recorded. Written into the run
 * folder before the report, so they are signed with it and the checklist shows them as proven
 * (or failed). Nothing here talks to a CRM or a browser: it reads files and the run's own report.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildRoutingDoc, renderRoutingMarkdown } from '../docs/index.js';
import { EVIDENCE_FILES } from '../report/evidence-hooks.js';
import type { RunReport } from '../report/model.js';
import type { LoadedProject } from '../scenario/load.js';
import { lintScenarios } from '../taxonomy/index.js';
import { CAMPAIGNS_SCHEMA } from '../campaigns/report.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import { MONITOR_ALERTS_FILE, MONITOR_ALERTS_SCHEMA, readMonitorAlerts, type MonitorAlertsFile, type WatchId } from '../monitor/watch-record.js';
import { parseDuration } from '../scenario/duration.js';

export interface EvidenceInput {
  report: RunReport;
  project: LoadedProject;
  /** Where `campaigns` and `baseline-sources` write by default (`reports/`). */
  reportsDir: string;
  /** Evidence older than this is left out (the review cadence); default 30 days. */
  maxAgeMs?: number;
  /** Files named with `run --evidence`: each replaces the default location of its kind. */
  files?: string[];
  now?: Date;
}

type LookedUp = 'campaign-urls' | 'baseline' | 'routing-alerts';

/** Where `campaigns`, `baseline-sources`, `monitor` and `queue-watch` write by default, under the reports folder. */
export const DEFAULT_LOCATIONS: Record<LookedUp, string> = {
  'campaign-urls': path.join('campaigns', EVIDENCE_FILES['campaign-urls']),
  baseline: EVIDENCE_FILES.baseline,
  'routing-alerts': MONITOR_ALERTS_FILE,
};

/** A watch counts when it ran within a day, or within two of its --every periods when those are longer. */
export const WATCH_FRESH_MS = 24 * 3600_000;

/**
 * `run --evidence <file>`: each file is recognised by its content (campaigns.json by its schema,
 * a source baseline by establishedAt + statement, monitor-alerts.json by its schema). Checked
 * before any lead is created: a missing, unreadable or unknown file is exit 2 naming it.
 */
export function classifyEvidenceFiles(files: string[]): Map<LookedUp, string> {
  const kinds = new Map<LookedUp, string>();
  const issues: ConfigIssue[] = [];
  for (const f of files) {
    const v = readJson(f);
    const kind: LookedUp | undefined = !v ? undefined
      : v.schema === CAMPAIGNS_SCHEMA ? 'campaign-urls'
      : v.schema === MONITOR_ALERTS_SCHEMA ? 'routing-alerts'
      : typeof v.establishedAt === 'string' && typeof v.statement === 'string' ? 'baseline' : undefined;
    if (!existsSync(f)) issues.push({ file: f, field: '--evidence', message: 'does not exist; name a file `leadproof campaigns --out`, `baseline-sources --out` or `monitor --reports` wrote.' });
    else if (!kind) issues.push({ file: f, field: '--evidence', message: `is not a campaigns.json (schema ${CAMPAIGNS_SCHEMA}), a baseline-sources.json or a monitor-alerts.json (schema ${MONITOR_ALERTS_SCHEMA}).` });
    else if (kinds.has(kind)) issues.push({ file: f, field: '--evidence', message: `is a second ${EVIDENCE_FILES[kind]} (the first: ${kinds.get(kind)}); name one of each kind.` });
    else kinds.set(kind, f);
  }
  if (issues.length) throw new ConfigError(issues);
  return kinds;
}

function sameCrm(report: RunReport, kind: unknown, sandbox: unknown, account: unknown): boolean {
  return kind === report.crm.kind && sandbox === report.crm.sandbox && (report.crm.sandbox || account === report.crm.account);
}

/**
 * monitor-alerts.json proves "alert configured for routing failures and default-queue
 * accumulation" when both watches are recorded for this run's CRM account, each with at least one
 * alert destination and fresh (WATCH_FRESH_MS); it fails the item when a watch's last alert could
 * not be delivered. Anything short of that leaves the item to a person's attestation.
 */
export function judgeMonitorAlerts(m: MonitorAlertsFile, report: RunReport, now: Date): { status: 'pass' | 'fail'; summary: string } | { why: string } {
  const ids: WatchId[] = ['routing-failures', 'default-queue'];
  const by: Record<WatchId, string> = { 'routing-failures': 'leadproof monitor', 'default-queue': 'leadproof queue-watch' };
  const missing = ids.filter((id) => !m.watches[id]);
  if (missing.length) return { why: `no ${missing.join(' or ')} watch recorded (${missing.map((id) => by[id]).join(', ')} records it)` };
  const words: string[] = [];
  const undelivered: string[] = [];
  for (const id of ids) {
    const w = m.watches[id]!;
    if (!w.crm || !Array.isArray(w.destinations) || typeof w.lastRunAt !== 'string') return { why: `the ${id} watch is not in the shape ${MONITOR_ALERTS_SCHEMA} describes` };
    if (!sameCrm(report, w.crm.kind, w.crm.sandbox, w.crm.account)) return { why: `the ${id} watch is on ${w.crm.account}, not this run's ${report.crm.account}` };
    if (!w.destinations.length) return { why: `the ${id} watch has no alert destination (set LEADPROOF_SLACK_WEBHOOK_URL or LEADPROOF_ALERT_WEBHOOK_URL)` };
    const every = w.every ? parseDuration(w.every) : null;
    const window = Math.max(WATCH_FRESH_MS, every ? 2 * every : 0);
    if (!(now.getTime() - Date.parse(w.lastRunAt) <= window)) return { why: `the ${id} watch last ran ${w.lastRunAt}, more than ${Math.round(window / 3600_000)} h ago` };
    if (w.lastAlert && !w.lastAlert.delivered) undelivered.push(`${id} (${w.lastAlert.kind} at ${w.lastAlert.at})`);
    words.push(`${id} by ${w.by} → ${w.destinations.map((d) => d.label).join(' and ')}, last ran ${w.lastRunAt}${w.lastAlert ? `, last alert ${w.lastAlert.delivered ? 'delivered' : 'NOT delivered'}` : ''}`);
  }
  if (undelivered.length) return { status: 'fail', summary: `the last alert did not reach every destination: ${undelivered.join(', ')}; ${words.join('; ')}` };
  return { status: 'pass', summary: `watched by leadproof: ${words.join('; ')}` };
}

function shown(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
}

const days = (ms: number) => `${Math.round(ms / (24 * 3600_000))} days`;

/** Writes the evidence files into `runDir`; returns one console line per file written. */
export function gatherEvidence(runDir: string, o: EvidenceInput): string[] {
  const lines: string[] = [];
  const write = (name: string, text: string, what: string) => {
    writeFileSync(path.join(runDir, name), text);
    lines.push(`[evidence] ${name}: ${what}`);
  };

  const t = o.project.taxonomy;
  if (t) {
    const r = lintScenarios(t.taxonomy, o.project.scenarios, o.project.config);
    const summary = r.errors.length
      ? `${r.errors.length} scenario problem(s) against ${t.file} (run \`npx leadproof lint\`)`
      : `${r.checked} scenario(s) follow ${t.file}${r.uncovered.length ? `; no scenario for ${r.uncovered.join(', ')}` : ''}`;
    const body = { status: r.errors.length ? 'fail' : 'pass', summary, taxonomy: t.file, channels: Object.keys(t.taxonomy.channels), uncovered: r.uncovered, errors: r.errors };
    write(EVIDENCE_FILES.taxonomy, JSON.stringify(body, null, 2) + '\n', summary);
  }

  if (o.report.leads.length) {
    const scenarios = new Map(o.project.scenarios.map((s) => [s.input.name, s.input]));
    write(EVIDENCE_FILES['routing-documented'], renderRoutingMarkdown(buildRoutingDoc(o.report, scenarios, [])), 'the routing document of this run');
  }

  const maxAge = o.maxAgeMs ?? 30 * 24 * 3600_000;
  const fresh = (at: unknown) => typeof at === 'string' && Date.now() - Date.parse(at) <= maxAge;
  const named = classifyEvidenceFiles(o.files ?? []);
  const source = (kind: LookedUp) => named.get(kind) ?? path.join(o.reportsDir, DEFAULT_LOCATIONS[kind]);
  const skip = (kind: LookedUp, why: string) => lines.push(`[evidence] ${shown(source(kind))} not used: ${why}`);

  const campaigns = readJson(source('campaign-urls'));
  if (campaigns && !fresh(campaigns.checkedAt)) skip('campaign-urls', `checked ${String(campaigns.checkedAt)}, older than ${days(maxAge)}`);
  else if (campaigns) {
    const s = campaigns.summary as { total?: number; passed?: number; failed?: number } | undefined;
    if (typeof s?.total === 'number' && typeof s.failed === 'number') {
      const summary = `${s.passed ?? s.total - s.failed} of ${s.total} campaign URL(s) ready (checked ${String(campaigns.checkedAt)})`;
      write(EVIDENCE_FILES['campaign-urls'], JSON.stringify({ ...campaigns, status: s.failed ? 'fail' : 'pass', summary }, null, 2) + '\n', summary);
    }
  }

  const baseline = readJson(source('baseline'));
  // Only a baseline of the account this run was against (a sandbox's address changes with its
  // port, so there the kind suffices): another portal's baseline proves nothing of this one.
  const sameAccount = baseline && sameCrm(o.report, baseline.crm, baseline.sandbox, baseline.account);
  if (baseline && !sameAccount) skip('baseline', `read from ${String(baseline.account ?? baseline.crm)}, not this run's ${o.report.crm.account}`);
  else if (baseline && !fresh(baseline.establishedAt)) skip('baseline', `established ${String(baseline.establishedAt)}, older than ${days(maxAge)}`);
  else if (baseline && typeof baseline.statement === 'string') {
    write(EVIDENCE_FILES.baseline, JSON.stringify({ ...baseline, status: 'pass', summary: baseline.statement }, null, 2) + '\n', baseline.statement);
  }

  const monitor = readMonitorAlerts(source('routing-alerts'));
  if (monitor) {
    const judged = judgeMonitorAlerts(monitor, o.report, o.now ?? new Date());
    if ('why' in judged) skip('routing-alerts', `${judged.why}; the routing-alerts item stays for a person to attest`);
    else write(EVIDENCE_FILES['routing-alerts'], JSON.stringify({ ...monitor, status: judged.status, summary: judged.summary }, null, 2) + '\n', judged.summary);
  }
  return lines;
}

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // a torn or foreign file is no evidence; the item stays not covered
  }
}
