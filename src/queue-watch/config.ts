/**
 * The `queueWatch:` block of leadproof.config.yaml: which owners count as "the default queue",
 * how long a real record may sit there, and how many may before someone is told.
 */
import { z } from 'zod';
import { parseDuration } from '../scenario/duration.js';

/** "30m", "2h", "7d": durations as the config and the flags write them (whole days allowed here). */
export function parseWatchDuration(text: string): number | null {
  const days = /^\s*(\d+)d\s*$/.exec(text);
  return days ? Number(days[1]) * 86_400_000 : parseDuration(text);
}

const watchDuration = z.string().refine((s) => (parseWatchDuration(s) ?? 0) > 0, 'must be a duration like "30m", "2h" or "7d"');

export const queueWatchSchema = z.strictObject({
  /** Emails of users who receive what routing could not place (the fallback owner). */
  owners: z.array(z.string().email('must be an owner email address')).default([]),
  /** Queue names (Salesforce's Default Lead Owner queue). */
  queues: z.array(z.string().min(1)).default([]),
  /** Teams whose members all count as the default queue (a lead desk team). */
  teams: z.array(z.string().min(1)).default([]),
  /** Also count records with no owner at all. */
  unassigned: z.boolean({ message: 'must be true or false' }).default(false),
  /** How long a record may sit there before it counts as parked. */
  olderThan: watchDuration.default('30m'),
  /** Only records created within this long count: older ones belong to the owner's own book. */
  lookback: watchDuration.default('7d'),
  /** Alert when more than this many records are parked (0: any). */
  limit: z.number().int('must be a whole number').min(0).default(0),
  /** How many of the oldest to name in the alert. */
  show: z.number().int('must be a whole number').min(1).max(50).default(5),
});

export type QueueWatchInput = z.input<typeof queueWatchSchema>;
export type QueueWatchConfig = z.output<typeof queueWatchSchema>;

/** The settings a watch runs with, durations in ms. */
export interface WatchSettings {
  owners: string[];
  queues: string[];
  teams: string[];
  unassigned: boolean;
  olderThanMs: number;
  lookbackMs: number;
  limit: number;
  show: number;
  /** As written, for messages ("30m"). */
  olderThan: string;
  lookback: string;
}

export function toSettings(c: QueueWatchConfig): WatchSettings {
  return {
    owners: c.owners, queues: c.queues, teams: c.teams, unassigned: c.unassigned,
    olderThanMs: parseWatchDuration(c.olderThan)!, lookbackMs: parseWatchDuration(c.lookback)!,
    limit: c.limit, show: c.show, olderThan: c.olderThan, lookback: c.lookback,
  };
}
