/**
 * The definition of done, decided only from the run's evidence. An item nobody exercised is
 * not done: absence of a failure is not proof. But it is not a failure either: it is "not
 * covered", which makes the run INCOMPLETE rather than FAILED. An item is failed only when a lead
 * that exercised it failed on what the item is about (a wrong owner is not a channel failure).
 */
import type { ChecklistVerdict } from '../attest/predicates.js';
import type { CheckKind, LeadResult, RunReport } from './model.js';
import type { EdgeCase } from '../scenario/types.js';

type Status = ChecklistVerdict['status'];

const EDGES_REQUIRED: EdgeCase[] = ['unmatched-territory', 'duplicate', 'existing-customer'];

function item(id: string, label: string, status: Status, evidence: string): ChecklistVerdict {
  return { id, label, status, done: status === 'done', evidence };
}

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
  if (checks.length === 0) return item(id, label, 'not-covered', `no ${noun} in this run`);
  return item(id, label, failed === 0 ? 'done' : 'failed', `${checks.length - failed} of ${checks.length} ${noun} passed`);
}

function flushed(report: RunReport): ChecklistVerdict {
  const f = report.flush;
  const found = new Set(report.leads.flatMap((l) => l.recordIds)).size;
  // Records refused or left behind are a failed flush; skipped, nothing to flush, or leads that
  // may still arrive mean the flush is not proven yet.
  const status: Status = f.failed > 0 || f.refused > 0 || (!f.skipped && found > 0 && !f.unaccounted && f.deleted < found) ? 'failed'
    : f.skipped || found === 0 || f.unaccounted ? 'not-covered' : 'done';
  const evidence = f.skipped
    ? 'flush was skipped (--keep); test records are still in the CRM'
    : found === 0
      ? 'no test record was found in the CRM, so flushing was not exercised'
    : `${f.deleted} deleted of ${found} test records found, ${f.failed} failed, ${f.refused} refused (no test identity)` +
      (f.unaccounted ? `; ${f.unaccounted} lead(s) may still arrive until ${f.pendingUntil}` : '');
  return item('flush', 'Test records flushed', status, evidence);
}

function duplicateDetection(leads: LeadResult[]): ChecklistVerdict {
  const dupes = leads.filter((l) => l.edge?.includes('duplicate'));
  const unique = dupes.flatMap((l) => l.checks.filter((c) => c.kind === 'unique'));
  const status: Status = unique.some((c) => !c.passed) ? 'failed' : unique.length > 0 ? 'done' : 'not-covered';
  const evidence =
    dupes.length === 0
      ? 'no lead exercised the duplicate edge case'
      : unique.length === 0
        ? `${dupes.length} duplicate lead(s), but none checked uniqueness`
        : `${unique.filter((c) => c.passed).length} of ${unique.length} uniqueness checks passed on duplicate leads`;
  return item('duplicates', 'Duplicate detection tested', status, evidence);
}

/** An SLA check exists only where the owner was right (a wrong owner is the owner check's fault alone). */
function slaMeasured(leads: LeadResult[]): ChecklistVerdict {
  const routed = leads.filter((l) => l.checks.some((c) => c.kind === 'owner' || c.kind === 'sla'));
  // A lead that went to the wrong owner has no time-to-the-right-owner: that is the owner item's
  // failure, so it leaves the SLA unmeasured for that lead rather than failing it.
  const judged = routed.filter((l) => !l.checks.some((c) => c.kind === 'owner' && !c.passed));
  const measured = judged.filter((l) => l.timings.timeToOwnerMs !== null);
  const slaChecks = judged.flatMap((l) => l.checks.filter((c) => c.kind === 'sla'));
  const within = slaChecks.filter((c) => c.passed).length;
  const status: Status = within < slaChecks.length ? 'failed' : judged.length > 0 && measured.length === judged.length ? 'done' : 'not-covered';
  const evidence =
    routed.length === 0
      ? 'no lead had an owner expectation'
      : `time to owner measured for ${measured.length} of ${judged.length} correctly routed leads; ${within} of ${slaChecks.length} within SLA` +
        (judged.length < routed.length ? ` (${routed.length - judged.length} went to the wrong owner)` : '');
  return item('sla', 'Handoff SLA measured', status, evidence);
}

function perChannel(leads: LeadResult[]): ChecklistVerdict {
  // A channel is traced when a lead of it reached the CRM with its source fields right; who owns
  // the lead is routing's business, not the channel's.
  const channels = groupBy(leads.filter((l) => l.channel), (l) => l.channel!);
  const state = (ls: LeadResult[]) => (ls.some((l) => traced(l) === 'done') ? 'done' : ls.some((l) => traced(l) === 'failed') ? 'failed' : 'not-covered');
  const failing = [...channels].filter(([, ls]) => state(ls) === 'failed').map(([c]) => c);
  const untraced = [...channels].filter(([, ls]) => state(ls) === 'not-covered').map(([c]) => c);
  const status: Status = failing.length ? 'failed' : channels.size > 0 && untraced.length === 0 ? 'done' : 'not-covered';
  const evidence =
    channels.size === 0
      ? 'no lead declared a channel'
      : status === 'done'
        ? `${channels.size} channel(s) traced end to end: ${[...channels.keys()].join(', ')}`
        : [failing.length ? `source fields or record failed for: ${failing.join(', ')}` : '', untraced.length ? `not traced: ${untraced.join(', ')}` : ''].filter(Boolean).join('; ');
  return item('channels', 'One test lead per channel traced end to end', status, evidence);
}

/** Did this lead trace its channel: record found and every source/field check passed? */
function traced(l: LeadResult): Status {
  const of = (k: CheckKind) => l.checks.filter((c) => c.kind === k);
  if (of('record').some((c) => !c.passed) || of('field').some((c) => !c.passed)) return 'failed';
  return l.recordId !== null ? 'done' : 'not-covered';
}

function branchesAndEdges(leads: LeadResult[]): ChecklistVerdict {
  const branches = groupBy(leads.filter((l) => l.branch), (l) => l.branch!);
  const failingBranches = [...branches].filter(([, ls]) => !ls.some((l) => l.passed)).map(([b]) => b);
  const edgeLeads = (e: EdgeCase) => leads.filter((l) => l.edge?.includes(e));
  const failedEdges = EDGES_REQUIRED.filter((e) => edgeLeads(e).length > 0 && !edgeLeads(e).some((l) => l.passed));
  const missingEdges = EDGES_REQUIRED.filter((e) => edgeLeads(e).length === 0);
  const status: Status = failingBranches.length || failedEdges.length ? 'failed' : branches.size > 0 && missingEdges.length === 0 ? 'done' : 'not-covered';
  const parts = [`${branches.size - failingBranches.length} of ${branches.size} routing branches passed`];
  if (failingBranches.length) parts.push(`failing: ${failingBranches.join(', ')}`);
  if (failedEdges.length) parts.push(`edge cases failed: ${failedEdges.join(', ')}`);
  if (missingEdges.length) parts.push(`edge cases not exercised: ${missingEdges.join(', ')}`);
  if (!failedEdges.length && !missingEdges.length) parts.push(`edge cases proven: ${EDGES_REQUIRED.join(', ')}`);
  return item('branches', 'Every routing branch and edge case exercised (unmatched territory, duplicate, existing customer)', status, parts.join('; '));
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
  return item('fallback', 'Fallback owner confirmed', proof ? 'done' : candidates.length === 0 ? 'not-covered' : 'failed', evidence);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
