/** The baseline file: how many real records the CRM created per original source over a period. */

export const BASELINE_KIND = 'leadproof.baseline-sources';

export interface SourceBaseline {
  schemaVersion: 1;
  kind: typeof BASELINE_KIND;
  /** When the CRM was read (ISO). */
  establishedAt: string;
  /** "Baseline established on 2026-12-05: ..." — the line a report quotes. */
  statement: string;
  crm: 'hubspot' | 'salesforce';
  /** "HubSpot portal 424242", "Salesforce org 00D..." */
  account: string;
  sandbox: boolean;
  /** The source field counted: native name, the logical name the config gives it, its label. */
  field: { name: string; logical?: string; label?: string };
  /** Created at or after `from`, before `to` (ISO): the last `days` days. */
  window: { days: number; from: string; to: string };
  /** What was left out: the test identity. */
  excluded: string;
  total: number;
  /** Biggest first; `share` of the total, 0..1 rounded to 4 places. `source` null: no value. */
  sources: { source: string | null; count: number; share: number }[];
  /** How the CRM was asked (every call a read). */
  method: string;
  apiCalls: number;
}
