/**
 * The definition of done, decided only from the run's evidence. An item nobody exercised is
 * not done: absence of a failure is not proof.
 */
import type { ChecklistVerdict } from '../attest/predicates.js';
import type { CheckKind, LeadResult, RunReport } from './model.js';
import type { EdgeCase } from '../scenario/types.js';

const EDGES_REQUIRED: EdgeCase[] = ['unmatched-territory', 'duplicate', 'existing-customer'];

export function deriveChecklist(report: RunReport): ChecklistVerdict[] {
  const leads = report.leads;
  return [
    allChecksOfKind(leads, 'field', 'fields', 'CRM fields mapped and validated with test records', 'field checks'),
    flushed(report),
    allChecksOfKind(leads, 'lifecycle', 'lifecycle', 'Lifecycle transitions QA’d', 'lifecycle checks'),
    duplicateDetection(leads),
    slaMeasured(leads),
    perChannel(leads),
    branchesAndEdges(leads),
    fallbackOwner(leads),
  ];
}

function allChecksOfKind(leads: LeadResult[], kind: CheckKind, id: string, label: string, noun: string): ChecklistVerdict {
  const checks = leads.flatMap((l) => l.checks.filter((c) => c.kind === kind));
  const failed = checks.filter((c) => !c.passed).length;
  if (checks.length === 0) return { id, label, done: false, evidence: `no ${noun} in this run` };
  const done = failed === 0;
  return { id, label, done, evidence: `${checks.length - failed} of ${checks.length} ${noun} passed` };
}

function flushed(report: RunReport): ChecklistVerdict {
  const f = report.flush;
  const found = new Set(report.leads.flatMap((l) => l.recordIds)).size;
  const done = found > 0 && !f.skipped && f.failed === 0 && !f.refused && !f.unaccounted && f.deleted >= found;
  const evidence = f.skipped
    ? 'flush was skipped (--keep); test records are still in the CRM'
    : found === 0
      ? 'no test record was found in the CRM, so flushing was not exercised'
    : `${f.deleted} deleted of ${found} test records found, ${f.failed} failed, ${f.refused} refused (no test identity)` +
      (f.unaccounted ? `; ${f.unaccounted} lead(s) may still arrive until ${f.pendingUntil}` : '');
  return { id: 'flush', label: 'Test records flushed', done, evidence };
}

function duplicateDetection(leads: LeadResult[]): ChecklistVerdict {
  const dupes = leads.filter((l) => l.edge?.includes('duplicate'));
  const unique = dupes.flatMap((l) => l.checks.filter((c) => c.kind === 'unique'));
  const done = unique.length > 0 && unique.every((c) => c.passed);
  const evidence =
    dupes.length === 0
      ? 'no lead exercised the duplicate edge case'
      : unique.length === 0
        ? `${dupes.length} duplicate lead(s), but none checked uniqueness`
        : `${unique.filter((c) => c.passed).length} of ${unique.length} uniqueness checks passed on duplicate leads`;
  return { id: 'duplicates', label: 'Duplicate detection tested', done, evidence };
}

/** An SLA check exists only where the owner was right (a wrong owner is the owner check's fault alone). */
function slaMeasured(leads: LeadResult[]): ChecklistVerdict {
  const routed = leads.filter((l) => l.checks.some((c) => c.kind === 'owner' || c.kind === 'sla'));
  const measured = routed.filter((l) => l.timings.timeToOwnerMs !== null);
  const slaChecks = routed.flatMap((l) => l.checks.filter((c) => c.kind === 'sla'));
  const within = slaChecks.filter((c) => c.passed).length;
  const done = routed.length > 0 && measured.length === routed.length && within === slaChecks.length;
  const evidence =
    routed.length === 0
      ? 'no lead had an owner expectation'
      : `time to owner measured for ${measured.length} of ${routed.length} routed leads; ${within} of ${slaChecks.length} routed to the right owner within SLA`;
  return { id: 'sla', label: 'Handoff SLA measured', done, evidence };
}

function perChannel(leads: LeadResult[]): ChecklistVerdict {
  const channels = groupBy(leads.filter((l) => l.channel), (l) => l.channel!);
  const failing = [...channels].filter(([, ls]) => !ls.some((l) => l.passed)).map(([c]) => c);
  const done = channels.size > 0 && failing.length === 0;
  const evidence =
    channels.size === 0
      ? 'no lead declared a channel'
      : failing.length === 0
        ? `${channels.size} channel(s) traced end to end: ${[...channels.keys()].join(', ')}`
        : `no passing lead for: ${failing.join(', ')}`;
  return { id: 'channels', label: 'One test lead per channel traced end to end', done, evidence };
}

function branchesAndEdges(leads: LeadResult[]): ChecklistVerdict {
  const branches = groupBy(leads.filter((l) => l.branch), (l) => l.branch!);
  const failingBranches = [...branches].filter(([, ls]) => !ls.some((l) => l.passed)).map(([b]) => b);
  const missingEdges = EDGES_REQUIRED.filter((e) => !leads.some((l) => l.passed && l.edge?.includes(e)));
  const done = branches.size > 0 && failingBranches.length === 0 && missingEdges.length === 0;
  const parts = [`${branches.size - failingBranches.length} of ${branches.size} routing branches passed`];
  if (failingBranches.length) parts.push(`failing: ${failingBranches.join(', ')}`);
  parts.push(missingEdges.length ? `edge cases not proven: ${missingEdges.join(', ')}` : `edge cases proven: ${EDGES_REQUIRED.join(', ')}`);
  return { id: 'branches', label: 'Every routing branch and edge case exercised (unmatched territory, duplicate, existing customer)', done, evidence: parts.join('; ') };
}

function fallbackOwner(leads: LeadResult[]): ChecklistVerdict {
  // A dedicated fallback-owner lead is the proof; an unmatched-territory lead lands on the
  // fallback owner by definition, so its passing owner check proves it too.
  const candidates = leads.filter((l) => l.edge?.includes('fallback-owner') || l.edge?.includes('unmatched-territory'));
  const proof = candidates.find((l) => l.checks.some((c) => c.kind === 'owner' && c.passed));
  const evidence = proof
    ? `${proof.key} went to ${proof.owner?.actual ?? 'the expected owner'}`
    : candidates.length === 0
      ? 'no lead exercised the fallback owner'
      : `owner check failed for ${candidates.map((l) => l.key).join(', ')}`;
  return { id: 'fallback', label: 'Fallback owner confirmed', done: Boolean(proof), evidence };
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
