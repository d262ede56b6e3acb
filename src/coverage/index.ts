/** Routing coverage: which of the CRM's routing rules/workflows the run's leads reached, and which none did. */
export { coverageOfRun, coverageLine } from './run.js';
export { readRoutingCoverage, type CoverageInput } from './read.js';
export { computeCoverage, type CoverageLead } from './compute.js';
export type { RoutingCoverage, ActedRule, UnreachedRule, LeadRule } from './types.js';
export { mergeCoverage } from './merge.js';
