/**
 * Pass to pass: which alert, if any, a pass causes. Pure, so every rule has a unit test.
 *
 * - passing → failing (or the first pass failing): `failing`.
 * - failing → failing with the same causes: nothing, or `still-failing` every `remindEvery`
 *   passes in a row (the 3rd, 6th, … with 3). A new or changed cause is news: `failing` again.
 * - failing → passing: `recovered`. passing → passing, and a first pass passing: nothing.
 *
 * A pass fails when the run's exit code is not 0: FAILED, INCOMPLETE under requireComplete, or a
 * run that could not be done (a CRM that never answered is something to be told about too).
 */
import type { AlertKind } from '../alerts/index.js';
import { MONITOR_STATE_SCHEMA, type MonitorState, type PassOutcome } from './state.js';

export interface Transition {
  state: MonitorState;
  alert: AlertKind | null;
  /** The state before this pass (for the recovered alert's words). */
  previous?: MonitorState;
}

export function transition(previous: MonitorState | undefined, pass: PassOutcome, remindEvery?: number): Transition {
  const failing = pass.exitCode !== 0;
  const status = failing ? 'failing' : 'passing';
  const same = previous?.status === status;
  const causes = failing ? [...new Set(pass.causes)].sort() : [];
  const state: MonitorState = {
    schema: MONITOR_STATE_SCHEMA,
    status,
    since: same ? previous.since : pass.at,
    consecutive: same ? previous.consecutive + 1 : 1,
    causes,
    lastPass: pass,
    ...(previous?.lastAlert ? { lastAlert: previous.lastAlert } : {}),
  };
  let alert: AlertKind | null = null;
  if (failing && !same) alert = 'failing';
  else if (failing && !sameCauses(previous!.causes, causes)) alert = 'failing';
  else if (failing && remindEvery && state.consecutive % remindEvery === 0) alert = 'still-failing';
  else if (!failing && previous?.status === 'failing') alert = 'recovered';
  return { state, alert, ...(previous ? { previous } : {}) };
}

function sameCauses(a: string[], b: string[]): boolean {
  // As sets: groups are ordered by lead count, which may shuffle between passes of one fault.
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.length === sb.length && sa.every((c, i) => c === sb[i]);
}
