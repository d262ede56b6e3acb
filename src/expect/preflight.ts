/**
 * Preflight: checks everything the scenarios reference against the live CRM and the live site
 * before a single lead is created — properties exist, owners/teams/queues exist, form pages load
 * and keep their UTMs through redirects, their fields are where the form profiles say. All problems are collected and reported at once.
 */
import type { CrmAdapter } from '../crm/adapter.js';
import { ConfigError, type ConfigIssue } from '../errors.js';
import type { PlannedLead } from '../scenario/plan.js';
import { pageCaptcha } from './captcha.js';
import { editDistance } from './did-you-mean.js';
import { checkOwnerExpectation } from './owner-preflight.js';
import type { FieldResolver } from './fields.js';
import { formIssues } from './form-preflight.js';
import { lifecycleStageIssues } from './lifecycle-stages.js';

export async function preflight(opts: { adapter: CrmAdapter; names: FieldResolver; leads: PlannedLead[]; configFile: string; crmLabel: string }): Promise<void> {
  const { adapter, names, leads } = opts;
  const issues: ConfigIssue[] = [];
  const crmProblems = adapter.preflight ? await adapter.preflight() : [];
  // A rejected token makes every other answer meaningless: report it alone.
  if (crmProblems.length) throw new ConfigError(crmProblems.map((m) => ({ file: opts.crmLabel, field: '', message: m })), 'The CRM is not ready; no lead was created.');

  const [properties, owners] = await Promise.all([adapter.listProperties(), adapter.listOwners()]);
  const propNames = new Set(properties.map((p) => p.name));
  const seen = new Set<string>();
  const warned = new Set<string>();
  const warnOnce = (w: string) => {
    if (!warned.has(w)) warned.add(w), console.warn(`leadproof: warning: ${w}`);
  };
  const once = (i: ConfigIssue) => {
    const k = `${i.file}|${i.field}|${i.message}`;
    if (!seen.has(k)) issues.push(i), seen.add(k);
  };
  for (const l of leads) {
    const s = l.scenario;
    for (const name of Object.keys(s.expect.fields ?? {})) {
      const native = names.field(name);
      if (!propNames.has(native)) {
        const hint = closest(native, [...propNames]);
        once({ file: l.scenarioFile, field: `expect.fields.${name}`, message: `"${native}" is not a field of ${adapter.account}${hint ? ` (did you mean "${hint}"?)` : ''}. Create it in the CRM, fix the name, or map it in fieldMap of ${opts.configFile}.` });
      }
    }
    const o = s.expect.owner;
    if (o) {
      const { problem, warning } = checkOwnerExpectation(o, owners);
      const field = `expect.owner.${Object.keys(o)[0]}`;
      if (problem) once({ file: l.scenarioFile, field, message: problem });
      if (warning) warnOnce(`${l.scenarioFile}: ${field}: ${warning}`);
    }
  }
  for (const i of lifecycleStageIssues(leads, names, properties, adapter.account, opts.configFile)) once(i);
  names.stageOrder = properties.find((p) => p.name === names.core.lifecycle)?.options;
  for (const core of [names.core.lifecycle, names.core.owner]) {
    if (!propNames.has(core)) once({ file: opts.crmLabel, field: core, message: `the CRM has no "${core}" field; leadproof cannot read lifecycle or owner without it.` });
  }
  await checkPages(leads, once, (w) => console.warn(`leadproof: warning: ${w.file}: ${w.field}: ${w.message}`));
  for (const i of await formIssues(leads, opts.configFile)) once(i);
  if (issues.length) throw new ConfigError(issues, `Preflight against ${adapter.account} found problems; no lead was created.`);
}

/** Each landing page must answer 200 and keep its UTM parameters through any redirect. */
async function checkPages(leads: PlannedLead[], report: (i: ConfigIssue) => void, warn: (i: ConfigIssue) => void): Promise<void> {
  const byUrl = new Map<string, PlannedLead>();
  const captchaChecked = new Set<string>();
  for (const l of leads) if (!byUrl.has(l.landingUrl)) byUrl.set(l.landingUrl, l);
  await Promise.all([...byUrl.values()].map(async (l) => {
    const field = `form (${l.form.id})`;
    try {
      const res = await fetch(l.landingUrl, { redirect: 'follow', signal: AbortSignal.timeout(15_000) });
      const html = await res.text();
      if (!res.ok) return report({ file: l.scenarioFile, field, message: `${l.form.url} answered HTTP ${res.status}. Fix the form's url in the project config or the site.` });
      const sent = new URL(l.landingUrl).searchParams;
      const landed = new URL(res.url).searchParams;
      const lost = [...sent.keys()].filter((k) => k.startsWith('utm_') && landed.get(k) !== sent.get(k));
      if (lost.length) report({ file: l.scenarioFile, field, message: `the landing URL redirects to ${res.url}, which drops ${lost.join(', ')}; attribution cannot work. Fix the redirect to keep the query string.` });
      // One look per form is enough: its pages differ only in query strings.
      const captcha = captchaChecked.has(l.form.id) ? null : (captchaChecked.add(l.form.id), await pageCaptcha(res.url, html));
      if (captcha) warn({ file: l.scenarioFile, field, message: `${l.form.url} carries reCAPTCHA (${captcha}). A headless browser does not pass it, and a form endpoint that requires it drops the post silently, so these leads will read "no record". Exempt the test traffic or test on a page without it.` });
    } catch (err) {
      report({ file: l.scenarioFile, field, message: `${l.form.url} cannot be reached (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}). Check --site / LEADPROOF_SITE_URL.` });
    }
  }));
}

/** A near match for "did you mean": the candidate with the smallest edit distance ≤ 3. */
function closest(name: string, candidates: string[]): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) (best = c), (bestD = d);
  }
  return best;
}
