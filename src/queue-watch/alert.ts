/** The queue-watch result in words: the alert (for the alerts stage) and the console lines. */
import type { WatchResult } from './watch.js';

export interface QueueAlert {
  kind: 'queue-accumulation';
  title: string;
  lines: string[];
  details: Record<string, unknown>;
}

export function queueAlert(r: WatchResult): QueueAlert {
  return {
    kind: 'queue-accumulation',
    title: `leadproof queue-watch: ${r.count} real lead${r.count === 1 ? '' : 's'} parked in the default queue for over ${r.olderThan} (limit ${r.limit}) — ${r.account}`,
    lines: [...oldestLines(r), `Default queue: ${r.watched.join(', ')}; leads created in the last ${r.lookback}.`],
    details: {
      count: r.count,
      limit: r.limit,
      olderThan: r.olderThan,
      lookback: r.lookback,
      account: r.account,
      checkedAt: r.checkedAt,
      watched: r.watched,
      oldest: r.oldest.map(({ id, createdAt, source, owner }) => ({ id, createdAt, source, owner })),
    },
  };
}

/** One line per listed record, oldest first, and how many more there are. */
export function oldestLines(r: WatchResult): string[] {
  const now = Date.parse(r.checkedAt);
  const lines = r.oldest.map((p) => `${p.id} — created ${p.createdAt.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC')} (${age(now - Date.parse(p.createdAt))} ago) — source ${p.source ?? 'unknown'} — ${p.owner}`);
  const more = r.count - r.oldest.length;
  return more > 0 ? [...lines, `… and ${more} more`] : lines;
}

/** "3 h 05 m", "2 d 4 h", "45 m": how long a lead has waited. */
export function age(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  if (m < 60) return `${m} m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** What the console shows, alert or not. */
export function summaryLines(r: WatchResult): string[] {
  const head = r.alert
    ? `ALERT: ${r.count} real lead(s) parked in the default queue for over ${r.olderThan}, more than the limit of ${r.limit}. Oldest first:`
    : `OK: ${r.count} real lead(s) parked in the default queue for over ${r.olderThan} (limit ${r.limit}).${r.count > 0 ? ' Oldest first:' : ''}`;
  const ignored = r.testRecordsIgnored ? [`(${r.testRecordsIgnored} test record(s) the CRM's filter let through were left out.)`] : [];
  return [`leadproof queue-watch — ${r.account} — default queue: ${r.watched.join(', ')}; created in the last ${r.lookback}`, head, ...(r.count > 0 ? oldestLines(r).map((l) => `  ${l}`) : []), ...ignored];
}
