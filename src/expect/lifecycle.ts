/**
 * The lifecycle check: what the CRM's lifecycle history shows against a scenario's expectation.
 * Kept apart from evaluate.ts so lifecycle semantics and owner semantics can change independently.
 *
 * - `path`: stages the history must show in order, each within the window; the lead must not
 *   fall back before the last of them.
 * - `ends`: the stage the lead must be at when the window closes.
 * - `atLeast`: a floor, in the CRM's stage order.
 * - `never`: stages it must not reach, and (in the CRM's order) every later one the scenario does
 *   not name: "stays a lead" must also catch a jump straight to SQL.
 *
 * Times come from the CRM's history (when the stage was reached), never from when it was polled.
 */
import type { CrmRecord, HistoryEntry, OwnerInfo } from '../crm/adapter.js';
import { formatDuration } from '../scenario/duration.js';
import type { LifecycleExpectation } from '../scenario/types.js';
import { describeChangeAuthor } from './changed-by.js';
import type { PendingCheck } from './evaluate.js';
import type { FieldResolver } from './fields.js';

/** The lead's window, as evaluate() sees it on this poll. */
export interface LifecycleWindow {
  now: number;
  /** Window close (last submission + within) and the end of the late grace after it. */
  windowEnd: number;
  lateEnd: number;
  within: string;
  /** ms since the first submission, for a CRM timestamp. */
  after: (t: number) => number;
  owners?: Map<string, OwnerInfo>;
  /** The settle re-read of a lead already seen right: nothing is waited for, what no longer holds failed. */
  recheck?: boolean;
}

/** One stage the lead was at, from the CRM's history (empty values, a cleared stage, left out). */
interface Step {
  stage: string;
  at: number | null;
  entry?: HistoryEntry;
}

export function normaliseLifecycle(l: string[] | LifecycleExpectation): LifecycleExpectation {
  return Array.isArray(l) ? { path: l } : l;
}

/** The stages a lead must reach in order: the path, then the `ends` stage if the path does not end there. */
export function lifecycleTargets(l: LifecycleExpectation, names: FieldResolver): string[] {
  const path = (l.path ?? []).map(names.stage);
  const ends = l.ends === undefined ? undefined : names.stage(l.ends);
  return ends !== undefined && path[path.length - 1] !== ends ? [...path, ends] : path;
}

export function lifecycleCheck(l: LifecycleExpectation, rec: CrmRecord, names: FieldResolver, w: LifecycleWindow): PendingCheck {
  const field = names.core.lifecycle;
  const steps = stepsOf(rec.history[field] ?? [], rec.properties[field] ?? '');
  const current = rec.properties[field] || steps[steps.length - 1]?.stage || '';
  const order = names.stageOrder;
  const rank = (s: string) => order?.indexOf(s) ?? -1;
  const path = (l.path ?? []).map(names.stage);
  const ends = l.ends === undefined ? undefined : names.stage(l.ends);
  const atLeast = l.atLeast === undefined ? undefined : names.stage(l.atLeast);
  const never = (l.never ?? []).map(names.stage);
  const targets = lifecycleTargets(l, names);
  const final = targets[targets.length - 1];
  const closed = w.recheck === true || w.now >= w.windowEnd;
  const shown = steps.map((s) => s.stage).join(' → ') || '(no stage)';
  const history = `(history: ${shown})`;
  const expected = { ...(path.length ? { path } : {}), ...(ends ? { ends } : {}), ...(atLeast ? { atLeast } : {}), ...(never.length ? { never } : {}) };
  const result = (passed: boolean, pending: boolean, message: string): PendingCheck =>
    ({ name: 'lifecycle', kind: 'lifecycle', passed, pending, expected, actual: steps.map((s) => s.stage), decidedAfterMs: pending ? undefined : w.after(w.now), message });
  const by = (s: Step) => {
    const who = describeChangeAuthor(s.entry, w.owners);
    return who ? ` by ${who}` : '';
  };
  const reached = (s: Step, word: 'after' | 'at' = 'after') => `${s.stage}${s.at !== null ? ` ${word} ${formatDuration(w.after(s.at))}` : ''}${by(s)}`;
  /** At or past `floor` in the CRM's order; without an order, only the stage itself counts. */
  const atOrPast = (s: string, floor: string) => s === floor || (rank(s) >= 0 && rank(floor) >= 0 && rank(s) > rank(floor));

  // 1. A forbidden stage decides at once, whenever it shows.
  const allowed = new Set([...path, ends, atLeast].filter(Boolean));
  const neverRanks = never.map(rank).filter((r) => r >= 0);
  const floorOfNever = neverRanks.length ? Math.min(...neverRanks) : Infinity;
  const forbidden = (s: string) => !allowed.has(s) && (never.includes(s) || rank(s) > floorOfNever);
  const hit = steps.find((s) => forbidden(s.stage));
  if (hit) {
    const why = never.includes(hit.stage) ? 'it must not' : `past ${order![floorOfNever]}, which it must not reach`;
    // Seen by the settle re-read after the window: still a fault, but not "within" the window.
    const when = hit.at !== null && hit.at > w.windowEnd ? `after the ${w.within} window, before the lead settled` : `within ${w.within}`;
    return result(false, false, `became ${reached(hit)}; ${why} ${when} ${history}`);
  }

  // 2. The stages to reach, in order, each with the CRM's time it was reached.
  const matched: Step[] = [];
  for (const s of steps) if (matched.length < targets.length && s.stage === targets[matched.length]) matched.push(s);
  const floorStep = atLeast === undefined ? undefined : steps.find((s) => atOrPast(s.stage, atLeast));
  const missing = matched.length < targets.length ? targets[matched.length] : atLeast !== undefined && !floorStep ? atLeast : undefined;
  if (missing !== undefined) {
    // Not there yet: keep watching through the late grace, so a late workflow reads as late.
    if (!w.recheck && w.now < w.lateEnd) return result(false, true, `waiting for ${missing} ${history}`);
    return result(false, false, `never became ${missing}${missing === atLeast ? ' or a later stage' : ''} ${history}`);
  }
  const late = [...matched, ...(floorStep ? [floorStep] : [])].find((s) => s.at !== null && s.at > w.windowEnd);
  if (late) return result(false, false, `became ${reached(late)}, over the ${w.within} SLA`);

  // 3. Where it is now: not before the last stage it had to reach, not under the floor.
  const endStep = matched[matched.length - 1];
  const fellBack = (target: string) => (ends !== undefined && target === ends ? current !== ends
    : rank(current) >= 0 && rank(target) >= 0 ? rank(current) < rank(target)
    : targets.slice(0, -1).includes(current) && current !== target);
  const under = atLeast !== undefined && !atOrPast(current, atLeast);
  if ((final !== undefined && fellBack(final)) || under) {
    const from = under ? floorStep! : endStep;
    const later = steps.slice(steps.lastIndexOf(from) + 1);
    const now = later[later.length - 1];
    const back = rank(current) >= 0 && rank(from.stage) >= 0 && rank(current) < rank(from.stage);
    const then = now ? `then ${back ? 'moved back to' : 'became'} ${reached(now, 'at')}` : `then ${current}`;
    return result(false, false, `became ${reached(from, 'at')}, ${then}${ends !== undefined && !back ? `; expected it to end at ${ends}` : ''} ${history}`);
  }

  // 4. Right so far. "Ends at" and "never" are statements about the whole window.
  if ((ends !== undefined || never.length > 0) && !closed) return result(false, true, `waiting for the window to close ${history}`);
  const last = floorStep && (!endStep || (floorStep.at ?? 0) > (endStep.at ?? 0)) ? floorStep : endStep;
  return result(true, false, last && last !== steps[0] ? `became ${reached(last)} ${history}` : `stayed ${current} ${history}`);
}

function stepsOf(hist: HistoryEntry[], current: string): Step[] {
  const raw: Step[] = hist.length
    ? hist.filter((h) => h.value).map((h) => ({ stage: h.value!, at: Date.parse(h.timestamp), entry: h }))
    : current ? [{ stage: current, at: null }] : [];
  return raw.filter((s, i) => i === 0 || s.stage !== raw[i - 1].stage);
}
