/** `--since 30d` or `--since 2026-11-01`: validated up front, naming the option. */
import { ConfigError } from '../errors.js';

export function parseSince(value: string, now = new Date()): Date {
  const days = /^(\d+)d$/.exec(value.trim());
  if (days) return new Date(now.getTime() - Number(days[1]) * 86_400_000);
  if (/^\d{4}-\d\d-\d\d/.test(value.trim())) {
    const d = new Date(value.trim());
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new ConfigError([{ file: 'command line', field: '--since', message: `"${value}" is not a date or a number of days; use e.g. --since 30d or --since 2026-11-01 (UTC).` }], 'Cannot write the history.');
}
