/**
 * CRM-neutral person records. Field names are the engine's canonical names (see FieldName);
 * each CRM view maps them to its own (HubSpot `firstname`, Salesforce `FirstName`).
 */

/** Who wrote a value: the form, a workflow, the analytics/attribution pass, an import, the API. */
export type ChangeSource = 'FORM' | 'WORKFLOW' | 'ANALYTICS' | 'IMPORT' | 'API';

export interface FieldChange {
  value: string | null;
  /** Epoch milliseconds. */
  at: number;
  source: ChangeSource;
  /** Workflow/form id when the source has one. */
  sourceId?: string;
}

export interface PersonRecord {
  /** Numeric string, unique per engine. */
  id: string;
  fields: Record<string, string | null>;
  /** Per-field history, oldest first. Owner and lifecycle live here too (`owner`, `lifecycle`). */
  history: Record<string, FieldChange[]>;
  createdAt: number;
  updatedAt: number;
  /** Pre-existing CRM data (never a test record). */
  seeded: boolean;
  archived: boolean;
  /** Search-index snapshots: what search sees once `at + lag` has passed. */
  snapshots: { at: number; fields: Record<string, string | null> }[];
}

export class PersonStore {
  private readonly records = new Map<string, PersonRecord>();
  /**
   * Lowercased email → its records in id order (archived ones too; byEmail skips them): every
   * form submission and every batch read looks records up by email, and a scan of all records per
   * lookup made a 10,000-lead run quadratic.
   */
  private readonly emails = new Map<string, PersonRecord[]>();
  private nextId: number;

  constructor(firstId = 1001) {
    this.nextId = firstId;
  }

  create(fields: Record<string, string | null>, source: ChangeSource, at: number, opts: { seeded?: boolean; sourceId?: string } = {}): PersonRecord {
    const rec: PersonRecord = {
      id: String(this.nextId++),
      fields: {},
      history: {},
      createdAt: at,
      updatedAt: at,
      seeded: opts.seeded ?? false,
      archived: false,
      snapshots: [],
    };
    this.records.set(rec.id, rec);
    this.write(rec, fields, source, at, opts.sourceId);
    return rec;
  }

  /** Sets values, appending history only for values that actually change. */
  write(rec: PersonRecord, fields: Record<string, string | null>, source: ChangeSource, at: number, sourceId?: string): string[] {
    const changed: string[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      if (rec.fields[name] === value && rec.history[name]) continue;
      if (name === 'email') this.reindex(rec, rec.fields.email ?? null, value);
      rec.fields[name] = value;
      (rec.history[name] ??= []).push({ value, at, source, ...(sourceId ? { sourceId } : {}) });
      changed.push(name);
    }
    if (changed.length > 0 || rec.snapshots.length === 0) {
      rec.updatedAt = at;
      rec.snapshots.push({ at, fields: { ...rec.fields } });
      if (rec.snapshots.length > 8) rec.snapshots.splice(0, rec.snapshots.length - 8);
    }
    return changed;
  }

  private reindex(rec: PersonRecord, from: string | null, to: string | null): void {
    const old = (from ?? '').toLowerCase();
    const list = this.emails.get(old);
    if (list?.includes(rec)) {
      list.splice(list.indexOf(rec), 1);
      if (list.length === 0) this.emails.delete(old);
    }
    const key = (to ?? '').toLowerCase();
    const next = this.emails.get(key) ?? [];
    next.push(rec);
    next.sort((a, b) => Number(a.id) - Number(b.id));
    this.emails.set(key, next);
  }

  get(id: string): PersonRecord | undefined {
    const r = this.records.get(id);
    return r && !r.archived ? r : undefined;
  }

  /** Live records with this email, oldest first (more than one only under the duplicates fault). */
  byEmail(email: string): PersonRecord[] {
    return (this.emails.get(email.toLowerCase()) ?? []).filter((r) => !r.archived);
  }

  /** Live records in id order. */
  list(): PersonRecord[] {
    return [...this.records.values()].filter((r) => !r.archived);
  }

  archive(id: string): boolean {
    const r = this.records.get(id);
    if (!r || r.archived) return false;
    r.archived = true;
    return true;
  }

  /** What the search index shows for a record at `now`: the newest snapshot older than the lag. */
  indexed(rec: PersonRecord, now: number, lagMs: number): Record<string, string | null> | undefined {
    for (let i = rec.snapshots.length - 1; i >= 0; i--) {
      if (rec.snapshots[i].at + lagMs <= now) return rec.snapshots[i].fields;
    }
    return undefined;
  }
}
