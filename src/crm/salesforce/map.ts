/**
 * Salesforce wire values → the adapter interface's shapes: SOQL literals, datetimes, lead
 * records with field history rebuilt from LeadHistory.
 */
import type { CrmRecord, HistoryEntry, OwnerInfo, PropertyInfo } from '../adapter.js';

/** A SOQL string literal: backslash and quote escaped, as Salesforce requires. */
export function soqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** "2024-05-01T10:00:00.000+0000" → ISO 8601 with Z. */
export function toIso(sf: unknown): string {
  const s = String(sf ?? '');
  const ms = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? s : new Date(ms).toISOString();
}

export function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** LeadHistory calls a lookup by its relationship name: OwnerId changes are `Field = 'Owner'`. */
export function historyFieldName(field: string): string {
  return !field.endsWith('__c') && field.endsWith('Id') && field !== 'Id' ? field.slice(0, -2) : field;
}

export interface HistoryRow {
  LeadId: string;
  Field: string;
  DataType?: string;
  OldValue: unknown;
  NewValue: unknown;
  CreatedDate: string;
  CreatedById?: string;
}

/**
 * Rebuild each field's history, oldest first. LeadHistory records changes only, not the value
 * a lead was created with: that is the first change's OldValue (or, with no change, the current
 * value), dated at the lead's CreatedDate. A lookup change comes as two rows (ids and names);
 * only the id row (DataType EntityId) is kept.
 */
export function buildHistory(lead: Record<string, unknown>, rows: HistoryRow[], fields: string[]): Record<string, HistoryEntry[]> {
  const created = toIso(lead.CreatedDate);
  const out: Record<string, HistoryEntry[]> = {};
  for (const field of fields) {
    const name = historyFieldName(field);
    const isLookup = name !== field;
    const changes = rows
      .filter((r) => r.Field === name && (!isLookup || r.DataType === 'EntityId' || (r.DataType === undefined && /^[a-zA-Z0-9]{15,18}$/.test(String(r.NewValue ?? '')))))
      .sort((a, b) => toIso(a.CreatedDate).localeCompare(toIso(b.CreatedDate)));
    const initial = changes.length > 0 ? str(changes[0]!.OldValue) : str(lead[field]);
    const entries: HistoryEntry[] = initial === null ? [] : [{ value: initial, timestamp: created, source: 'CREATED' }];
    for (const c of changes) entries.push({ value: str(c.NewValue), timestamp: toIso(c.CreatedDate), ...(c.CreatedById ? { source: `user:${c.CreatedById}`, by: { kind: 'user' as const, id: c.CreatedById } } : {}) });
    out[field] = entries;
  }
  return out;
}

export function toRecord(lead: Record<string, unknown>, properties: string[], history: Record<string, HistoryEntry[]>): CrmRecord {
  const props: Record<string, string | null> = {};
  for (const p of properties) props[p] = str(lead[p]);
  // Leads and LeadHistory are two queries; a change landing between them makes the lead row
  // stale. A history row newer than the row's LastModifiedDate is the newer truth.
  const modified = lead.LastModifiedDate ? toIso(lead.LastModifiedDate) : '';
  for (const [field, entries] of Object.entries(history)) {
    const last = entries.at(-1);
    if (last && field in props && last.timestamp > modified && last.source !== 'CREATED') props[field] = last.value;
  }
  return {
    id: String(lead.Id),
    email: String(lead.Email ?? '').toLowerCase(),
    properties: props,
    history,
    createdAt: toIso(lead.CreatedDate),
    ...(lead.LastModifiedDate ? { updatedAt: toIso(lead.LastModifiedDate) } : {}),
  };
}

export function userOwner(u: { Id: string; Name: string; Email?: string; IsActive?: boolean; UserRole?: { Name?: string } | null }): OwnerInfo {
  return { id: u.Id, kind: 'user', name: u.Name, ...(u.Email ? { email: u.Email } : {}), teams: u.UserRole?.Name ? [u.UserRole.Name] : [], active: u.IsActive !== false };
}

export function queueOwner(q: { Id: string; Name: string }): OwnerInfo {
  return { id: q.Id, kind: 'queue', name: q.Name, teams: [], active: true };
}

export function toProperty(f: { name: string; label: string; type: string; picklistValues?: { value: string; active: boolean }[] }): PropertyInfo {
  const options = (f.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
  return { name: f.name, label: f.label, type: f.type, ...(options.length > 0 ? { options } : {}) };
}
