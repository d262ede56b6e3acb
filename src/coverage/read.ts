/**
 * Reads routing coverage from the CRM after the run's leads are decided and before flush: the
 * history of each lead's owner and lifecycle fields (one batched read, like the tracer's) and the
 * CRM's list of its rules/workflows. Never throws: a coverage that cannot be read says why.
 */
import type { CrmAdapter, CrmRecord } from '../crm/adapter.js';
import { computeCoverage, type CoverageLead } from './compute.js';
import type { RoutingCoverage } from './types.js';

export interface CoverageInput {
  key: string;
  email: string;
  branch: string;
  /** The record the tracer judged, when it found one. */
  recordId?: string | null;
}

export async function readRoutingCoverage(adapter: CrmAdapter, leads: CoverageInput[]): Promise<RoutingCoverage> {
  const { owner, lifecycle } = adapter.coreFields;
  let records: Map<string, CrmRecord[]>;
  try {
    records = leads.length ? await adapter.findByEmails(leads.map((l) => l.email), [owner, lifecycle], [owner, lifecycle]) : new Map();
  } catch (err) {
    return failed(`the history of the run's leads could not be read from ${adapter.account}: ${messageOf(err)}`);
  }
  const list = adapter.listAutomations
    ? await adapter.listAutomations().catch((err: unknown) => ({ status: 'error' as const, message: `${adapter.account} did not list its routing rules: ${messageOf(err)}` }))
    : { status: 'unsupported' as const, message: `leadproof cannot list the routing rules of ${adapter.account}.` };
  const seen: CoverageLead[] = [];
  for (const l of leads) {
    const recs = records.get(l.email) ?? [];
    const rec = recs.find((r) => r.id === l.recordId) ?? recs[0];
    if (!rec) continue;
    seen.push({ key: l.key, branch: l.branch, owner: rec.properties[owner] ?? null, ownerHistory: rec.history[owner] ?? [], lifecycleHistory: rec.history[lifecycle] ?? [] });
  }
  return computeCoverage(seen, list);
}

function failed(message: string): RoutingCoverage {
  return { status: 'error', message, acted: [], unreached: [], decidedBy: {} };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
