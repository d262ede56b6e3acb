/** The report stage's public surface: what `run`, `merge` and the CLI call. */
export { writeRunArtifacts, type WriteArtifactsOptions, type WriteArtifactsResult } from './write-artifacts.js';
export { mergeRuns, type MergeOptions } from './merge.js';
export { deriveChecklist } from './checklist.js';
export { renderJunit } from './junit.js';
export { renderHtml, type HtmlSection } from './html/render.js';
export { deriveVerdict, verdictExitCode } from './verdict.js';
export { groupFailures, describeGroup, type FailureGroup } from './failure-groups.js';
