/**
 * LeadHistory rows from engine field history, with Salesforce's quirks kept on purpose because
 * the adapter must cope with them against a real org:
 * - a `created` row at insert; initial values are not history rows (only later changes are);
 * - an owner change is two rows with Field `Owner`: one with ids (DataType EntityId) and one
 *   with names (DataType Text);
 * - only fields with history tracking on appear.
 */
import type { PersonRecord } from '../engine/index.js';
import { sfId } from './ids.js';
import { LEAD_FIELDS } from './lead-fields.js';
import { sfDate, type SalesforceOrg } from './org.js';
import type { Row } from './soql-eval.js';

/** Engine field → LeadHistory `Field` and how its values read in Salesforce. */
function trackedFields(org: SalesforceOrg): { canonical: string; field: string; map: (v: string | null) => string | null }[] {
  const out: { canonical: string; field: string; map: (v: string | null) => string | null }[] = [
    { canonical: 'lifecycle', field: 'Status', map: (v) => org.status(v) },
    { canonical: 'owner', field: 'Owner', map: (v) => org.ownerId(v) },
  ];
  for (const f of LEAD_FIELDS) {
    if (f.tracked && f.canonical) out.push({ canonical: f.canonical, field: f.name, map: (v) => v });
  }
  return out;
}

export function historyRows(org: SalesforceOrg, rec: PersonRecord): Row[] {
  const leadId = org.leadId(rec);
  const base = Number(rec.id) * 1000;
  let seq = 0;
  const creator = org.model.integrationUser.Id;
  const row = (at: number, field: string, dataType: string, oldValue: unknown, newValue: unknown): Row => ({
    Id: sfId('017', base + seq++),
    IsDeleted: false,
    LeadId: leadId,
    CreatedById: creator,
    CreatedDate: sfDate(at),
    Field: field,
    DataType: dataType,
    OldValue: oldValue,
    NewValue: newValue,
  });
  const rows: Row[] = [row(rec.createdAt, 'created', 'Text', null, null)];
  for (const t of trackedFields(org)) {
    const changes = rec.history[t.canonical] ?? [];
    // Owner is never empty in Salesforce: before routing the lead belongs to its creator.
    let prev: string | null = t.canonical === 'owner' ? creator : null;
    changes.forEach((c) => {
      const value = t.map(c.value);
      const atInsert = c.at <= rec.createdAt;
      if (!atInsert && value !== prev) {
        if (t.canonical === 'owner') {
          rows.push(row(c.at, 'Owner', 'EntityId', prev, value));
          rows.push(row(c.at, 'Owner', 'Text', prev && org.ownerName(prev), value && org.ownerName(value)));
        } else {
          rows.push(row(c.at, t.field, t.field === 'Status' || t.field === 'LeadSource' ? 'DynamicEnum' : 'Text', prev, value));
        }
      }
      prev = value;
    });
  }
  return rows.sort((a, b) => String(a.CreatedDate).localeCompare(String(b.CreatedDate)));
}
