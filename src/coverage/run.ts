/** The run's hook: coverage of the leads the tracer saw, and the one line the console shows. */
import type { CrmAdapter } from '../crm/adapter.js';
import type { PlannedLead } from '../scenario/plan.js';
import type { LeadVerdict } from '../trace/tracer.js';
import { readRoutingCoverage } from './read.js';
import type { RoutingCoverage } from './types.js';

export async function coverageOfRun(adapter: CrmAdapter, leads: PlannedLead[], verdicts: LeadVerdict[]): Promise<RoutingCoverage> {
  const byKey = new Map(verdicts.map((v) => [v.key, v]));
  const found = leads.filter((l) => byKey.get(l.key)?.recordId);
  return readRoutingCoverage(adapter, found.map((l) => ({
    key: l.key, email: l.lead.email, branch: l.scenario.branch ?? l.scenario.name, recordId: byKey.get(l.key)?.recordId,
  })));
}

/** "[coverage] 5 routing rules/workflows acted on the run's leads; 6 listed ones none reached: APAC, ..." */
export function coverageLine(c: RoutingCoverage): string {
  const acted = `${c.acted.length} routing rule(s)/workflow(s) acted on the run's leads`;
  if (c.status !== 'listed') return `[coverage] ${acted}; ${c.message ?? 'the CRM did not list its rules'}`;
  const missed = c.unreached.filter((u) => u.enabled);
  if (missed.length === 0) return `[coverage] ${acted}; every active one listed was reached`;
  const names = missed.slice(0, 6).map((u) => u.name).join(', ');
  return `[coverage] ${acted}; ${missed.length} active one(s) no scenario reached: ${names}${missed.length > 6 ? ', ...' : ''}`;
}
