/**
 * baseline-sources on Salesforce: one aggregate SOQL query, read-only —
 * `SELECT <field>, COUNT(Id) FROM Lead WHERE <window> AND <not a test email> GROUP BY <field>`.
 * Aggregate rows come back as AggregateResult with the count under `expr0` (SOQL and SOSL
 * Reference, "Aggregate Functions"). The window is two explicit datetimes, not LAST_N_DAYS:n,
 * so the file states exactly the period that was counted.
 */
import type { SourceCountQuery, SourceCounts } from '../adapter.js';
import { soqlDateTime } from './parked.js';

/** A field API name as SOQL takes it unquoted; anything else would be injected into the query. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function sourceCountSoql(q: SourceCountQuery): string {
  if (!API_NAME.test(q.field)) throw new RangeError(`"${q.field}" is not a Salesforce field API name`);
  const like = `'%@${q.excludeEmailDomain.toLowerCase().replace(/[\\'%_]/g, (c) => `\\${c}`)}'`;
  return [
    `SELECT ${q.field}, COUNT(Id) FROM Lead`,
    `WHERE CreatedDate >= ${soqlDateTime(q.createdAfter)} AND CreatedDate < ${soqlDateTime(q.createdBefore)}`,
    `AND (Email = null OR (NOT Email LIKE ${like}))`,
    `GROUP BY ${q.field}`,
  ].join(' ');
}

export function toSourceCounts(q: SourceCountQuery, records: Record<string, unknown>[]): SourceCounts {
  const key = (r: Record<string, unknown>) => Object.keys(r).find((k) => k.toLowerCase() === q.field.toLowerCase());
  const bySource = records.map((r) => {
    const k = key(r);
    const v = k ? r[k] : null;
    return { source: v === null || v === undefined || v === '' ? null : String(v), count: Number(r.expr0 ?? 0) };
  });
  return { total: bySource.reduce((s, e) => s + e.count, 0), bySource, method: `1 aggregate SOQL query (COUNT(Id) GROUP BY ${q.field})` };
}
