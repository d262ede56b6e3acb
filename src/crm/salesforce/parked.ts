/**
 * queue-watch on Salesforce: unconverted leads still owned by a default queue or user since
 * before a cutoff. Two read-only queries: `SELECT COUNT()` for the number (no rows transferred,
 * any size), then the oldest few with `ORDER BY CreatedDate ASC LIMIT n`.
 */
import type { ParkedQuery, ParkedRecord } from '../adapter.js';
import { soqlString } from './map.js';

/** The two statements; null when no owner id is given (a lead always has an owner, so "unassigned" matches nothing). */
export function parkedSoql(q: ParkedQuery): { count: string; oldest: string } | null {
  const ids = [...new Set(q.ownerIds.filter(Boolean))];
  if (ids.length === 0) return null;
  // `_` and `%` are LIKE wildcards, escaped (as are `\` and `'`) so the test domain matches literally.
  const like = `'%@${q.excludeEmailDomain.toLowerCase().replace(/[\\'%_]/g, (c) => `\\${c}`)}'`;
  const where = [
    'IsConverted = false',
    `CreatedDate < ${soqlDateTime(q.createdBefore)}`,
    ...(q.createdAfter ? [`CreatedDate >= ${soqlDateTime(q.createdAfter)}`] : []),
    `OwnerId IN (${ids.map(soqlString).join(', ')})`,
    // A lead without an email is a real one; NOT LIKE alone would leave its null to chance.
    `(Email = null OR (NOT Email LIKE ${like}))`,
  ].join(' AND ');
  return {
    count: `SELECT COUNT() FROM Lead WHERE ${where}`,
    oldest: `SELECT Id, CreatedDate, LeadSource, OwnerId, Email FROM Lead WHERE ${where} ORDER BY CreatedDate ASC LIMIT ${Math.max(1, Math.floor(q.limit))}`,
  };
}

/** SOQL datetime literal: unquoted ISO 8601 in UTC, without milliseconds. */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function toParked(l: { Id: string; CreatedDate: string; LeadSource?: string | null; OwnerId?: string | null; Email?: string | null }): ParkedRecord {
  return { id: l.Id, createdAt: new Date(l.CreatedDate).toISOString(), source: l.LeadSource ?? null, ownerId: l.OwnerId ?? null, email: l.Email ?? null };
}
