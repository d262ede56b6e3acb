/**
 * Preflight of the lifecycle stages scenarios name, against the CRM's own options for its
 * lifecycle field (HubSpot's lifecycle stage enumeration, Salesforce's Lead Status picklist), after
 * the project's lifecycleMap. A typo such as "mql" would otherwise read as "lifecycle never became
 * mql" on every lead, after the whole run.
 */
import type { PropertyInfo } from '../crm/adapter.js';
import type { ConfigIssue } from '../errors.js';
import type { PlannedLead } from '../scenario/plan.js';
import { suggest } from './did-you-mean.js';
import type { FieldResolver } from './fields.js';

/** Keys of a lifecycle expectation that hold stages: each is checked, so a typo in any reads as one. */
const STAGE_KEYS = ['path', 'never', 'ends', 'atLeast'];

export function lifecycleStageIssues(leads: PlannedLead[], names: FieldResolver, properties: PropertyInfo[], account: string, configFile: string): ConfigIssue[] {
  const options = properties.find((p) => p.name === names.core.lifecycle)?.options;
  if (!options?.length) return []; // a free-text lifecycle field accepts anything
  // Scenarios may use the logical names of lifecycleMap, or the CRM's own values.
  const logical = (names.stages ?? []).filter((s) => options.includes(names.stage(s)));
  const issues: ConfigIssue[] = [];
  for (const l of leads) {
    for (const { field, stage } of stagesOf(l.scenario.expect.lifecycle)) {
      if (options.includes(names.stage(stage))) continue;
      const near = suggest(stage, [...logical, ...options]);
      // Suggest in the scenario's own vocabulary: the logical name that maps to the CRM's value.
      const hint = (near && logical.find((s) => names.stage(s) === near)) ?? near;
      issues.push({
        file: l.scenarioFile,
        field: `expect.lifecycle${field}`,
        message: `"${stage}" is not a lifecycle stage of ${account}${hint ? ` — did you mean ${hint}?` : ''} (${names.core.lifecycle} options: ${options.join(', ')}). Use one of them, or map the name in lifecycleMap of ${configFile}.`,
      });
    }
  }
  return issues;
}

function stagesOf(lc: unknown): { field: string; stage: string }[] {
  if (Array.isArray(lc)) return lc.filter((s): s is string => typeof s === 'string').map((stage) => ({ field: '', stage }));
  if (!lc || typeof lc !== 'object') return [];
  const out: { field: string; stage: string }[] = [];
  for (const key of STAGE_KEYS) {
    const v = (lc as Record<string, unknown>)[key];
    for (const stage of Array.isArray(v) ? v : [v]) if (typeof stage === 'string') out.push({ field: `.${key}`, stage });
  }
  return out;
}
