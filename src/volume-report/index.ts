/** The volume report's public surface: figures from a run's leads, pool fairness, progress, rendering. */
export { deriveVolume, type BranchLatency, type IntakeBudget, type SubmissionRate, type VolumeLead, type VolumeReport } from './volume.js';
export { describeFairness, poolFairness, type PoolFairness } from './fairness.js';
export { formatEta, ProgressTracker } from './progress.js';
export { rateLine, volumeHtml, volumeLines, type PoolSpread } from './render.js';
