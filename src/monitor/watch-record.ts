/**
 * monitor-alerts.json: what leadproof's own watchers record about themselves, so a run can prove
 * the definition-of-done item "alert configured for routing failures and default-queue
 * accumulation" instead of leaving it to a person's word. `leadproof monitor` records the
 * routing-failures watch after each pass; `leadproof queue-watch` records the default-queue watch
 * after each count. Each watch says which CRM account it watches, where its alerts go (kinds and
 * labels only: a webhook URL is a secret and never written), when it last ran and whether its last
 * alert delivery succeeded. src/evidence decides whether a run may use it (same account, fresh).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AlertDelivery, AlertTarget } from '../alerts/index.js';

export const MONITOR_ALERTS_FILE = 'monitor-alerts.json';
export const MONITOR_ALERTS_SCHEMA = 'leadproof.monitor-alerts/v1' as const;

export type WatchId = 'routing-failures' | 'default-queue';

export interface WatchRecord {
  /** The command that watches: "leadproof monitor" or "leadproof queue-watch". */
  by: string;
  crm: { kind: string; account: string; sandbox: boolean };
  /** Where alerts go, without the URL (its path holds the token). Empty: nobody is told. */
  destinations: { kind: AlertTarget['kind']; label: string }[];
  /** The period between passes (`monitor --every`), when the watcher keeps running. */
  every?: string;
  lastRunAt: string;
  /** The last alert sent and whether every destination took it; null while nothing was alerted. */
  lastAlert: { kind: string; at: string; delivered: boolean; deliveries: { label: string; ok: boolean; error?: string }[] } | null;
}

export interface MonitorAlertsFile {
  schema: typeof MONITOR_ALERTS_SCHEMA;
  watches: Partial<Record<WatchId, WatchRecord>>;
}

export function destinationsOf(targets: AlertTarget[]): WatchRecord['destinations'] {
  return targets.map((t) => ({ kind: t.kind, label: t.label }));
}

export function lastAlertOf(kind: string, at: string, deliveries: AlertDelivery[]): NonNullable<WatchRecord['lastAlert']> {
  return {
    kind, at, delivered: deliveries.length > 0 && deliveries.every((d) => d.ok),
    deliveries: deliveries.map((d) => ({ label: d.label, ok: d.ok, ...(d.error ? { error: d.error } : {}) })),
  };
}

export function readMonitorAlerts(file: string): MonitorAlertsFile | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as MonitorAlertsFile;
    return v?.schema === MONITOR_ALERTS_SCHEMA && v.watches && typeof v.watches === 'object' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Records one watch in `<reportsDir>/monitor-alerts.json`, keeping the other watch. A watch of
 * another account replaces the old one (the file describes the account last watched). The last
 * alert is kept when this pass sent none. Written to a temporary file and renamed.
 */
export function recordWatch(reportsDir: string, id: WatchId, rec: Omit<WatchRecord, 'lastAlert'> & { lastAlert?: WatchRecord['lastAlert'] }): string {
  const file = path.join(reportsDir, MONITOR_ALERTS_FILE);
  const old = readMonitorAlerts(file);
  const prev = old?.watches[id];
  const same = prev && prev.crm.kind === rec.crm.kind && prev.crm.account === rec.crm.account && prev.crm.sandbox === rec.crm.sandbox;
  const next: MonitorAlertsFile = {
    schema: MONITOR_ALERTS_SCHEMA,
    watches: { ...old?.watches, [id]: { ...rec, lastAlert: rec.lastAlert ?? (same ? prev.lastAlert : null) } },
  };
  mkdirSync(reportsDir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}
