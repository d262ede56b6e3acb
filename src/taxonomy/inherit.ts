/**
 * A scenario that leaves out the source expectation takes it from the taxonomy: its channel's
 * `crmSource` on the taxonomy's `sourceField`, per CRM (the CRM is only known when the run plan is
 * built, so the loader records one per CRM and the plan picks the one in use).
 */
import type { FieldMatcher, ProjectConfig, ScenarioInput } from '../scenario/types.js';
import { checkVisit, CRMS, sourceValues, type CrmName } from './rules.js';
import type { Taxonomy } from './schema.js';

/** The expectation a scenario inherits, per CRM: a native field name and what it must hold. */
export type InheritedSource = Partial<Record<CrmName, { field: string; matcher: FieldMatcher }>>;

/** What the scenario inherits, or undefined when it states its own source (or the taxonomy has none for its channel). */
export function inheritedSource(t: Taxonomy, s: ScenarioInput, fieldMap: ProjectConfig['fieldMap']): InheritedSource | undefined {
  const channel = s.channel ?? checkVisit(t, { utm: s.utm ?? {}, query: s.query }).channel;
  const c = channel ? t.channels[channel] : undefined;
  if (!c) return undefined;
  const out: InheritedSource = {};
  for (const crm of s.crm ?? CRMS) {
    const field = t.sourceField?.[crm];
    const values = sourceValues(c, crm);
    if (!field || !values) continue;
    if (Object.keys(s.expect.fields ?? {}).some((k) => nativeName(k, crm, fieldMap) === field)) continue;
    out[crm] = { field, matcher: values.length === 1 ? values[0] : { oneOf: values } };
  }
  return Object.keys(out).length ? out : undefined;
}

/** The scenario as the run on `crm` checks it: with the inherited source expectation added. */
export function withInheritedSource(s: ScenarioInput, inherited: InheritedSource | undefined, crm: CrmName): ScenarioInput {
  const add = inherited?.[crm];
  if (!add) return s;
  return { ...s, expect: { ...s.expect, fields: { ...s.expect.fields, [add.field]: add.matcher } } };
}

/** A scenario's field name as the CRM calls it (fieldMap's logical names, else the name itself). */
export function nativeName(name: string, crm: CrmName, fieldMap: ProjectConfig['fieldMap']): string {
  return fieldMap?.[name]?.[crm] ?? name;
}
