/** The diff stage's public surface: what `run --baseline` and `leadproof diff` call. */
export { prepareRunDiff, type PreparedDiff, type RunDiffOptions } from './run-hook.js';
export { diffFinishedRuns, diffArtifactsIn, type FinishedDiffResult } from './finished.js';
export { DIFF_SCHEMA, type RunDiff, type Change, type GateResult } from './model.js';
