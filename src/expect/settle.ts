/**
 * Stable verdicts: a lead that looks right is read once more a settle period later, and passes
 * only if it still does — so a second rule that reassigns it, or a workflow that moves its stage
 * back, seconds after the first one acted, fails instead of slipping through as a pass.
 */
import { parseDuration } from '../scenario/duration.js';
import type { ScenarioInput } from '../scenario/types.js';

/** Long enough for a second workflow acting on the same trigger; short enough not to slow a run. */
export const DEFAULT_SETTLE = '5s';

/** The scenario's settle period in ms (`expect.settle`, default 5 s; "0s" turns the re-read off). */
export function settleMs(s: ScenarioInput): number {
  return parseDuration(s.expect.settle ?? DEFAULT_SETTLE) ?? 5_000;
}
