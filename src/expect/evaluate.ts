/**
 * Turns what the CRM shows about one lead into check results. Pure: the tracer calls it on every
 * poll with the latest observation; a lead is decided when no check is pending. Positive
 * expectations pass as soon as they are seen; negative ones ("never MQL", "exactly one record")
 * can only pass once the window has closed.
 */
import type { CrmRecord, OwnerInfo } from '../crm/adapter.js';
import type { CheckResult, LeadOwner } from '../report/model.js';
import { formatDuration } from '../scenario/duration.js';
import type { ScenarioInput } from '../scenario/types.js';
import { describeChangeAuthor } from './changed-by.js';
import type { FieldResolver } from './fields.js';
import { lifecycleCheck, lifecycleTargets, normaliseLifecycle } from './lifecycle.js';
import { describeActiveOwnerExpectation, describeMatcher, describeOwner, describeOwnerExpectation, isNegativeMatcher, isOwnerNamed, matchField, matchOwner } from './matchers.js';
import { assignmentOf, byWords, ownerChanges, ownerTrail } from './owner-history.js';

export interface Observation {
  now: number;
  /** ms epoch of the first and the last submission of this lead. */
  submittedAt: number;
  lastSubmittedAt: number;
  /** Records found by the direct read (primary first). */
  records: CrmRecord[];
  /** Record ids the CRM's search shows for the email; undefined when not searched yet. */
  searchIds?: string[];
  /** When the search above was made. */
  searchedAt?: number;
  owners: Map<string, OwnerInfo>;
  /**
   * Set on the settle re-read: when the tracer first saw every check pass. Nothing is pending
   * then; a check that no longer passes has failed (see src/expect/settle.ts).
   */
  seenRightAt?: number;
  /** The record that was seen right, gone at the settle re-read. */
  lostRecordId?: string;
}

export type PendingCheck = CheckResult & { pending: boolean };

export interface Evaluation {
  checks: PendingCheck[];
  decided: boolean;
  ownerAssignedAt: number | null;
  /** Owner in words, expected vs actual, for the routing matrix. */
  owner?: LeadOwner;
}

/**
 * Extra time past the SLA during which a late assignment is still observed and measured, so a
 * slow branch reads "assigned after 35 s, over the 20 s SLA" instead of "no owner". Only failing
 * owner/record checks wait this long; passing ones decide at once.
 */
/** Uniqueness is judged from a search made this long after the window: search indexes lag writes. */
export const SEARCH_LAG_MARGIN_MS = 15_000;
/** How much longer a lagging search index is waited for before the uniqueness check fails. */
export const INDEX_LAG_BOUND_MS = 60_000;

export function graceMs(withinMs: number): number {
  return Math.min(withinMs, 5 * 60_000);
}

export function evaluate(s: ScenarioInput, withinMs: number, obs: Observation, names: FieldResolver): Evaluation {
  const windowEnd = obs.lastSubmittedAt + withinMs;
  const lateEnd = windowEnd + graceMs(withinMs);
  // The settle re-read of a lead already seen right waits for nothing: what no longer holds failed.
  const recheck = obs.seenRightAt !== undefined;
  const closed = recheck || obs.now >= windowEnd;
  const lateOver = recheck || obs.now >= lateEnd;
  const after = (t: number) => Math.max(0, t - obs.submittedAt);
  const elapsed = after(obs.now);
  const within = formatDuration(withinMs);
  const checks: PendingCheck[] = [];
  const push = (c: Omit<PendingCheck, 'decidedAfterMs'>) => checks.push({ ...c, decidedAfterMs: c.pending ? undefined : elapsed });
  const rec = obs.records[0];

  if (!rec) {
    const failed = lateOver;
    push({ name: 'record found', kind: 'record', passed: false, pending: !failed, expected: 'a record for the submitted email', actual: null,
      message: failed && obs.lostRecordId ? `record ${obs.lostRecordId} looked right at first but is gone from the CRM ${formatDuration(elapsed)} after submission: merged into another record, deleted or converted by a workflow`
        : failed ? `no record in the CRM ${formatDuration(elapsed)} after submission — the form is not reaching the CRM, or the CRM dropped it silently: a duplicate rule set to block or to allow with an alert, a validation rule the submitted values fail, a CAPTCHA the browser did not pass, or a daily intake limit that queued it` : 'waiting for the record' });
    return { checks, decided: failed, ownerAssignedAt: null, owner: s.expect.owner ? { expected: describeOwnerExpectation(s.expect.owner), actual: null } : undefined };
  }
  push({ name: 'record found', kind: 'record', passed: true, pending: false, expected: 'a record for the submitted email', actual: rec.id, message: `record ${rec.id} found` });

  for (const [name, m] of Object.entries(s.expect.fields ?? {})) {
    const native = names.field(name);
    const actual = rec.properties[native] ?? null;
    const ok = matchField(m, actual);
    const pending = isNegativeMatcher(m) ? !closed && ok : !ok && !closed;
    const label = native === name ? name : `${name} (${native})`;
    const hint = !ok && actual ? names.core.valueHints?.[native]?.[actual] : undefined;
    push({ name: `field ${label}`, kind: 'field', passed: ok && !pending, pending, expected: m, actual,
      message: ok ? `${label} is ${JSON.stringify(actual ?? '')}` : `${label} is ${actual === null || actual === '' ? 'empty' : JSON.stringify(actual)}; expected ${describeMatcher(m)}${hint ? ` — ${hint}` : ''}` });
  }

  if (s.expect.lifecycle) checks.push(lifecycleCheck(normaliseLifecycle(s.expect.lifecycle), rec, names, { now: obs.now, windowEnd, lateEnd, within, after, owners: obs.owners, recheck }));

  let ownerAssignedAt: number | null = null;
  let ownerWords: Evaluation['owner'];
  if (s.expect.owner) {
    const e = s.expect.owner;
    const ownerId = rec.properties[names.core.owner] ?? null;
    const info = ownerId ? obs.owners.get(ownerId) : undefined;
    const ok = matchOwner(e, info);
    const history = rec.history[names.core.owner] ?? [];
    const assigned = ownerId ? assignmentOf(history, ownerId) : undefined;
    ownerAssignedAt = assigned ? Date.parse(assigned.timestamp) : null;
    const actualWords = describeOwner(info, ownerId);
    ownerWords = { expected: describeOwnerExpectation(e), actual: ownerId ? actualWords : null,
      // Structured, so the report can count round-robin members and group wrong owners by team.
      ...(info?.kind === 'user' ? { actualName: info.name, actualEmail: info.email, actualTeams: info.teams, actualActive: info.active } : {}) };
    const failed = !ok && lateOver;
    const when = ownerAssignedAt !== null ? ` after ${formatDuration(after(ownerAssignedAt))}` : '';
    const by = byWords(assigned, obs.owners);
    const wanted = `${isOwnerNamed(e, info) ? describeActiveOwnerExpectation(e) : ownerWords.expected} within ${within}`;
    // Reassigned (a second rule, or the settle re-read caught a change): tell every step.
    const changes = ownerChanges(history);
    const went = !ownerId ? `no owner ${formatDuration(elapsed)} after submission`
      : changes.length > 1 && changes.at(-1)?.value === ownerId ? ownerTrail(changes, obs.owners, after)
      : `went to ${actualWords}${when}${by}`;
    push({ name: 'owner', kind: 'owner', passed: ok, pending: !ok && !failed, expected: ownerWords.expected, actual: ownerId ? actualWords : null,
      decidedBy: describeChangeAuthor(assigned, obs.owners),
      message: ok ? `assigned to ${actualWords}${when}${by}` : `${went}; expected ${wanted}` });
    // The SLA is the time to the right owner. A wrong (or missing) owner is one fault, told once by
    // the owner check with its timing; an SLA line beside it would only repeat it ("no assignment
    // to team X") or, passing, read as if routing had met its SLA. So it is left out then.
    if (ok) {
      const t = ownerAssignedAt !== null ? after(ownerAssignedAt) : null;
      push({ name: 'sla', kind: 'sla', passed: t !== null && t <= withinMs, pending: false, expected: `≤ ${within}`, actual: t,
        message: t === null ? `the CRM shows no time for the assignment to ${actualWords}` : t <= withinMs ? `owner assigned after ${formatDuration(t)} (SLA ${within})` : `owner assigned after ${formatDuration(t)}, over the ${within} SLA` });
    }
  }

  if (s.expect.unique) {
    const ids = obs.searchIds;
    const n = ids?.length ?? 0;
    // Search shows a write only after an indexing lag: judge from a search made a margin after the
    // window, and not while the direct read knows a record that search does not show yet.
    const judgeFrom = windowEnd + SEARCH_LAG_MARGIN_MS;
    const indexDeadline = judgeFrom + INDEX_LAG_BOUND_MS;
    const searchedLate = obs.searchedAt !== undefined && obs.searchedAt >= judgeFrom;
    const unseen = ids === undefined ? [] : obs.records.map((r) => r.id).filter((id) => !ids.includes(id));
    const lagging = searchedLate && unseen.length > 0;
    const passed = searchedLate && n === 1 && unseen.length === 0;
    const failedNow = n > 1 || (searchedLate && !passed && obs.now >= indexDeadline);
    const lagFor = formatDuration(Math.max(0, obs.now - windowEnd));
    push({ name: 'unique', kind: 'unique', passed, pending: !passed && !failedNow, expected: 1, actual: ids === undefined ? null : n,
      message: n > 1 ? `${n} records carry this email (${ids!.join(', ')}); duplicate handling is creating new records instead of merging`
        : passed ? 'exactly one record for this email'
        : lagging ? `the CRM's search index lagged: it still did not show record ${unseen.join(', ')} (the direct read finds it) ${lagFor} after the window closed, so uniqueness could not be judged; run again, or check the CRM's status page for indexing delays`
        : 'search shows no record for this email' });
  }

  return { checks, decided: checks.every((c) => !c.pending), ownerAssignedAt, owner: ownerWords };
}

/**
 * Would `evaluate` decide this lead once the record's history is read? Answered from current
 * values alone by assuming the most favourable history (the expected lifecycle path walked, the
 * owner set just now), so the tracer fetches history — the expensive read, 50 records per call on
 * HubSpot — only for leads it can then decide. True wherever the real history would decide,
 * except a forbidden stage passed through and left again, or a stage moved back before the last
 * one the lead must reach (it reads as "not there yet"): those are caught at the latest when the
 * late grace ends, and a re-read of a passing lead (settle period) sees a move back sooner.
 */
export function mayDecide(s: ScenarioInput, withinMs: number, obs: Observation, names: FieldResolver): boolean {
  const rec = obs.records[0];
  if (!rec) return evaluate(s, withinMs, obs, names).decided;
  const { lifecycle, owner } = names.core;
  const at = new Date(obs.now).toISOString();
  const path = s.expect.lifecycle ? lifecycleTargets(normaliseLifecycle(s.expect.lifecycle), names) : [];
  const current = rec.properties[lifecycle] ?? '';
  // The stages to reach walked up to the current one (as if it never moved back), or all of them
  // and then this one — each reached at submission, in time.
  const i = path.indexOf(current);
  const walked = i >= 0 ? path.slice(0, i + 1) : [...path, current];
  const inTime = new Date(obs.submittedAt).toISOString();
  const history = {
    ...rec.history,
    [lifecycle]: walked.map((value) => ({ value, timestamp: inTime })),
    [owner]: [{ value: rec.properties[owner] ?? null, timestamp: at }],
  };
  return evaluate(s, withinMs, { ...obs, records: [{ ...rec, history }, ...obs.records.slice(1)] }, names).decided;
}
