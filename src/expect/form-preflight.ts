/**
 * Preflight of the forms themselves: every `lead.*` attribute a scenario sets must have a field on
 * its form profile (else the value never reaches the CRM and the lead is routed on something
 * else, with no word why), and every configured label/selector must resolve on the real page,
 * looked at once per form in the browser (src/forms/probe.ts). Nothing is typed or submitted.
 */
import type { ConfigIssue } from '../errors.js';
import { chooseOption } from '../forms/labels.js';
import type { FormProbe } from '../forms/probe.js';
import { probeForms } from '../forms/probe-process.js';
import type { PlannedLead, ResolvedForm } from '../scenario/plan.js';

export async function formIssues(leads: PlannedLead[], configFile: string, note: (line: string) => void = console.log): Promise<ConfigIssue[]> {
  const issues = leadAttributeIssues(leads, configFile);
  const forms = new Map<string, ResolvedForm>();
  for (const l of leads) if (!forms.has(l.form.id)) forms.set(l.form.id, l.form);
  for (const probe of await probeForms([...forms.values()])) {
    issues.push(...probeIssues(probe, configFile), ...optionIssues(probe, leads));
    if (probe.laterSteps.length && probe.rendered) {
      note(`leadproof: form ${probe.form.id}: fields after step 1 (${probe.laterSteps.map((f) => f.attribute).join(', ')}) are checked by the first lead that fills the form, not here: they appear only after "Next", which a form may record as a partial submission.`);
    }
  }
  return issues;
}

/** A scenario's `lead.<attr>` that its form profile has no field for. */
export function leadAttributeIssues(leads: PlannedLead[], configFile: string): ConfigIssue[] {
  const out = new Map<string, ConfigIssue>();
  for (const l of leads) {
    const filled = new Set(l.form.fields.map((f) => f.attribute));
    for (const [attr, value] of Object.entries(l.scenario.lead ?? {})) {
      if (value === undefined || filled.has(attr as never)) continue;
      const key = `${l.scenarioFile}|${l.scenario.name}|${attr}`;
      out.set(key, {
        file: l.scenarioFile,
        field: `lead.${attr}`,
        message: `scenario "${l.scenario.name}" sets ${attr}, but form "${l.form.id}" has no field for ${attr} (it fills ${[...filled].join(', ')}), so the value would never reach the CRM. Add ${attr} to forms.${l.form.id}.fields in ${configFile} (the label the page shows), or remove lead.${attr} from the scenario.`,
      });
    }
  }
  return [...out.values()];
}

function probeIssues(p: FormProbe, configFile: string): ConfigIssue[] {
  if (p.unreachable) return []; // the landing-page check reports it, with its HTTP detail
  const at = `forms.${p.form.id}`;
  const shown = p.labels.length ? ` Labels on the page: ${p.labels.slice(0, 15).map((l) => `"${l}"`).join(', ')}.` : ' The page shows no <label> at all.';
  if (!p.rendered) {
    const wait = (p.form.renderWaitMs ?? 0) / 1000;
    return [{ file: configFile, field: at, message: `none of the step-1 fields appeared on ${p.form.url} within ${wait} s.${shown} Fix the form's url or labels; if the page draws the form later by script, raise ${at}.renderWait (or LEADPROOF_FORM_RENDER_MS).` }];
  }
  const out: ConfigIssue[] = [];
  for (const { field, matches } of p.fields) {
    const where = field.selector ? `selector ${field.selector}` : `label "${field.label}"`;
    const fix = field.selector ? 'Fix the selector' : 'Use the label as the page shows it (an asterisk or case does not matter), or give a selector';
    if (matches === 0) out.push({ file: configFile, field: `${at}.fields.${field.attribute}`, message: `${where} is not on ${p.form.url}.${field.selector ? '' : shown} ${fix}.` });
    else if (matches > 1) out.push({ file: configFile, field: `${at}.fields.${field.attribute}`, message: `${where} matches ${matches} fields on ${p.form.url}, so it is unclear which to fill. Give a selector for ${field.attribute} instead.` });
  }
  if (p.missingButton) {
    const key = p.laterSteps.length ? 'next' : 'submit';
    out.push({ file: configFile, field: `${at}.${key}`, message: `no button ${p.missingButton} on ${p.form.url}. Set ${at}.${key} to the button's text as the page shows it.` });
  }
  return out;
}

/** A value a scenario gives (or the default country) that the form's list does not offer. */
function optionIssues(p: FormProbe, leads: PlannedLead[]): ConfigIssue[] {
  const out = new Map<string, ConfigIssue>();
  for (const { field, options } of p.fields) {
    if (!options) continue;
    for (const l of leads.filter((x) => x.form.id === p.form.id)) {
      const given = (l.scenario.lead as Record<string, unknown> | undefined)?.[field.attribute];
      // The country is always filled (US when not given); other attributes only when the scenario gives them.
      const value = given ?? (field.attribute === 'country' ? l.lead.country : undefined);
      if (value === undefined || chooseOption(field.attribute, String(value), options) !== null) continue;
      const offered = options.map((o) => o.label).filter(Boolean);
      out.set(`${l.scenarioFile}|${field.attribute}|${value}`, {
        file: l.scenarioFile,
        field: `lead.${field.attribute}`,
        message: `scenario "${l.scenario.name}": "${value}" is not offered by the ${field.attribute} list of form "${p.form.id}" (${offered.slice(0, 10).join(', ')}${offered.length > 10 ? ', ...' : ''}). Give a value the list offers, or add the option to the form.`,
      });
    }
  }
  return [...out.values()];
}
