/**
 * `leadproof lint`: every scenario's UTMs and source expectations against the taxonomy, and the
 * taxonomy's channels against the scenarios (a channel no scenario proves is reported).
 */
import type { ConfigIssue } from '../errors.js';
import type { FieldMatcher, ProjectConfig, ScenarioInput } from '../scenario/types.js';
import { nativeName } from './inherit.js';
import { checkVisit, CRMS, sourceValues, valueProblem, type RuleProblem } from './rules.js';
import type { Taxonomy } from './schema.js';

/** A scenario as the loader gives it (structural, so this stage does not import the loader). */
export interface LintScenario {
  input: ScenarioInput;
  file: string;
  index: number;
  /** How many scenarios the file holds: field paths get a `scenarios[i].` prefix when several. */
  ofFile?: number;
  inheritedSource?: unknown;
}

export interface LintResult {
  errors: ConfigIssue[];
  /** Channels of the taxonomy no scenario exercises. */
  uncovered: string[];
  /** Scenarios that take their source expectation from the taxonomy. */
  inheriting: number;
  /** Scenarios without channel or UTMs, which the taxonomy cannot judge. */
  unclassified: string[];
  checked: number;
}

const PARAM_FIELD: Record<RuleProblem['param'], string> = { channel: 'channel', utm: 'utm', utm_source: 'utm.source', utm_medium: 'utm.medium', utm_campaign: 'utm.campaign' };

export function lintScenarios(t: Taxonomy, scenarios: LintScenario[], config: Pick<ProjectConfig, 'fieldMap'>): LintResult {
  const errors: ConfigIssue[] = [];
  const covered = new Set<string>();
  const unclassified: string[] = [];
  const perFile = new Map<string, number>();
  for (const s of scenarios) perFile.set(s.file, (perFile.get(s.file) ?? 0) + 1);
  for (const s of scenarios) {
    const prefix = (s.ofFile ?? perFile.get(s.file) ?? 1) > 1 && !/\.csv$/.test(s.file) ? `scenarios[${s.index}].` : '';
    const issue = (field: string, message: string) => errors.push({ file: s.file, field: prefix + field, message });
    // A journey's channel is its first touch's (the original source it must be credited with); the
    // visit that submits may carry no UTMs at all (organic search, say).
    const first = s.input.journey?.[0]?.visit;
    const touch = first ? { utm: first.utm ?? {}, query: first.query } : { utm: s.input.utm ?? {}, query: s.input.query };
    const visit = checkVisit(t, { channel: s.input.channel, ...touch });
    for (const p of visit.problems) issue(PARAM_FIELD[p.param], p.message);
    if (!visit.channel) {
      if (visit.problems.length === 0) unclassified.push(s.input.name);
      continue;
    }
    covered.add(visit.channel);
    const fields = s.input.expect.fields ?? {};
    // Expected UTM field values must follow the taxonomy as the URL's do.
    for (const key of ['utm_source', 'utm_medium', 'utm_campaign'] as const) {
      const m = fields[key];
      if (typeof m !== 'string') continue;
      const message = valueProblem(t, visit.channel, key, m);
      if (message) issue(`expect.fields.${key}`, message);
    }
    for (const [name, matcher] of Object.entries(fields)) {
      const seen = new Set<string>();
      for (const crm of s.input.crm ?? CRMS) {
        if (t.sourceField?.[crm] !== nativeName(name, crm, config.fieldMap)) continue;
        const allowed = sourceValues(t.channels[visit.channel], crm);
        const bad = allowed ? offList(matcher, allowed) : [];
        const message = bad.length
          ? `${bad.map((b) => `"${b}"`).join(', ')} is not what channel ${visit.channel} must produce in ${crm === 'hubspot' ? 'HubSpot' : 'Salesforce'} ${t.sourceField[crm]} (taxonomy: ${allowed!.join(' or ')})`
          : '';
        if (message && !seen.has(message)) issue(`expect.fields.${name}`, message), seen.add(message);
      }
    }
  }
  const inheriting = scenarios.filter((s) => s.inheritedSource !== undefined).length;
  return { errors, uncovered: Object.keys(t.channels).filter((c) => !covered.has(c)), inheriting, unclassified, checked: scenarios.length };
}

/** The exact values a matcher expects that the taxonomy does not allow (patterns and presence are not judged). */
function offList(m: FieldMatcher, allowed: string[]): string[] {
  const values = typeof m === 'string' ? [m] : typeof m === 'object' && 'oneOf' in m ? m.oneOf.map(String) : [];
  return values.filter((v) => !allowed.includes(v));
}
