/**
 * Times as a person reads them, all in one zone the page names: UTC, so a report read in another
 * office (or attached to a ticket) shows the same times as the run's logs and report.json.
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const TIME_ZONE = 'UTC';

/** "23 Nov 2026, 18:04:12 UTC"; "—" for no time; an unparsable value is shown as it is. */
export function readableTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${TIME_ZONE}`;
}

/** "23 Nov 2026": a day on a chart axis. */
export function readableDay(t: number): string {
  const d = new Date(t);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Text with ISO timestamps in it (checklist evidence, check messages), each made readable. */
export function readableTimesIn(text: string): string {
  return text.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)/g, (iso) => readableTime(iso));
}
