/**
 * Which listed rules the run's leads reached, from what the CRM recorded on each lead. Pure: the
 * reads happen in read.ts.
 */
import type { AutomationInfo, AutomationList, HistoryEntry } from '../crm/adapter.js';
import type { ActedRule, LeadRule, RoutingCoverage } from './types.js';

/** One lead of the run with the CRM's history of its owner and lifecycle fields. */
export interface CoverageLead {
  key: string;
  /** Branch, or the scenario's name when it names none. */
  branch: string;
  ownerHistory: HistoryEntry[];
  lifecycleHistory: HistoryEntry[];
  /** Current owner id. */
  owner: string | null;
}

export function computeCoverage(leads: CoverageLead[], list: AutomationList | { status: 'unsupported' | 'error'; message: string }): RoutingCoverage {
  const listed = list.status === 'listed' ? list.automations : [];
  const byId = new Map(listed.map((a) => [a.id, a]));
  const attribution = list.status === 'listed' ? list.attribution : 'history';
  const acted = new Map<string, ActedRule & { keys: Set<string>; branchSet: Set<string> }>();
  const decidedBy: Record<string, LeadRule> = {};
  const touch = (id: string, lead: CoverageLead, on: 'owner' | 'lifecycle') => {
    let a = acted.get(id);
    if (!a) {
      const info = byId.get(id);
      a = { id, name: info?.name ?? null, on: [], leads: 0, branches: [], listed: Boolean(info), keys: new Set(), branchSet: new Set() };
      acted.set(id, a);
    }
    if (!a.on.includes(on)) a.on.push(on);
    a.keys.add(lead.key);
    a.branchSet.add(lead.branch);
  };

  for (const lead of leads) {
    if (attribution === 'history') {
      for (const h of lead.ownerHistory) if (h.by?.kind === 'workflow' && h.by.id) touch(h.by.id, lead, 'owner');
      for (const h of lead.lifecycleHistory) if (h.by?.kind === 'workflow' && h.by.id) touch(h.by.id, lead, 'lifecycle');
      const last = [...lead.ownerHistory].reverse().find((h) => h.value === lead.owner && h.value !== null);
      if (last?.by?.kind === 'workflow' && last.by.id) decidedBy[lead.key] = { id: last.by.id, name: byId.get(last.by.id)?.name ?? last.by.name ?? null };
    } else if (lead.owner) {
      const entry = firstEntryAssigning(listed, lead.owner);
      if (entry) {
        touch(entry.id, lead, 'owner');
        decidedBy[lead.key] = { id: entry.id, name: entry.name };
      }
    }
  }

  const actedList = [...acted.values()]
    .map(({ keys, branchSet, ...a }) => ({ ...a, leads: keys.size, branches: [...branchSet].sort() }))
    .sort((a, b) => b.leads - a.leads || (a.name ?? a.id).localeCompare(b.name ?? b.id));
  const unreached = listed.filter((a) => !acted.has(a.id)).map((a) => ({ id: a.id, name: a.name, enabled: a.enabled }));
  return {
    status: list.status,
    ...('message' in list ? { message: list.message } : {}),
    ...(list.status === 'listed' ? { attribution } : {}),
    acted: actedList,
    unreached,
    decidedBy,
  };
}

/** Assignment rule entries are evaluated in order, first match wins: the first active one assigning this owner. */
function firstEntryAssigning(entries: AutomationInfo[], owner: string): AutomationInfo | undefined {
  return entries.find((e) => e.enabled && e.assignsTo === owner);
}
