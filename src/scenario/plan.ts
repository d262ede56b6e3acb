/**
 * Expands validated scenarios into the run plan: one entry per synthetic lead, with its person,
 * the landing URL (UTMs on it), and the form profile resolved for the CRM in use. The plan is
 * plain JSON: the CLI writes it, Playwright workers read it.
 */
import type { CrmKind } from '../crm/adapter.js';
import { planTouches, visitUrl, type PlannedTouch } from '../journey/index.js';
import { parseDuration } from './duration.js';
import { formRenderMs } from './render-wait.js';
import { synthesizeLead, type Lead } from './lead.js';
import type { LoadedScenario } from './load.js';
import { withInheritedSource } from '../taxonomy/inherit.js';
import type { FieldFill, FormProfile, LeadAttributes, ProjectConfig, ScenarioInput } from './types.js';

export const DEFAULT_WITHIN = '2m';

/** How one attribute is filled, fully resolved. */
export interface ResolvedField {
  attribute: keyof LeadAttributes | 'email';
  label?: string;
  selector?: string;
  step: number;
}

export interface ResolvedForm {
  id: string;
  url: string;
  frame?: string;
  fields: ResolvedField[];
  submit?: string;
  next?: string;
  /** How long the first field may take to appear (forms rendered late by script). */
  renderWaitMs?: number;
  /** The profile's intake setting (src/trace/intake.ts decides the run's budget from it). */
  intake?: false | { perTenSeconds: number };
}

export interface PlannedLead {
  key: string;
  /** Sequence within the run (1-based), also in the email. */
  seq: number;
  scenario: ScenarioInput;
  scenarioFile: string;
  lead: Lead;
  form: ResolvedForm;
  landingUrl: string;
  referrer?: string;
  /** Touches before the submitting visit (scenario `journey`), performed once before the first submission. */
  touches?: PlannedTouch[];
  submissions: number;
  withinMs: number;
}

export interface RunPlan {
  runId: string;
  seed: number;
  crm: CrmKind;
  testDomain: string;
  outDir: string;
  brokerUrl: string;
  leads: PlannedLead[];
  /** What the browser keeps of a passing lead (src/forms/evidence.ts); absent: full. */
  evidence?: 'full' | 'lean';
  /** A volume run: the browser side prints a progress line instead of one line per lead. */
  volume?: boolean;
  /** 1 for the run's browser pass; 2 for a second one (replay's fallback), whose Playwright output goes to its own folder. */
  browserPass?: number;
  /** Keys of leads whose form request the browser records as a replay template (`run --replay`). */
  capture?: string[];
}

/** Default labels, matching what most marketing forms print next to each input. */
const DEFAULT_LABELS: Record<ResolvedField['attribute'], string> = {
  email: 'Email', firstName: 'First name', lastName: 'Last name', company: 'Company', website: 'Company website',
  country: 'Country', employees: 'Employees', title: 'Job title', phone: 'Phone', message: 'Message', consent: 'Consent',
};

export function buildLeads(opts: {
  scenarios: LoadedScenario[]; config: ProjectConfig; crm: CrmKind; siteUrl: string; runId: string; seed: number;
  testDomain: string; grep?: RegExp; shard?: { current: number; total: number }; volume?: boolean;
}): PlannedLead[] {
  const out: PlannedLead[] = [];
  let seq = 0;
  for (const s of opts.scenarios) {
    if (s.input.crm && !s.input.crm.includes(opts.crm)) continue;
    if (opts.grep && !opts.grep.test(s.input.name)) continue;
    const count = opts.volume ? (s.input.volume ?? 1) : 1;
    for (let v = 0; v < count; v++) {
      seq += 1;
      const key = `${s.file}#${s.index}${count > 1 ? `.${v}` : ''}`;
      const form = resolveForm(s.input.form, opts.config.forms[s.input.form], opts.crm, opts.siteUrl);
      out.push({
        key,
        seq,
        scenario: withInheritedSource(s.input, s.inheritedSource, opts.crm),
        scenarioFile: s.file,
        lead: synthesizeLead({ seed: opts.seed, key, runId: opts.runId, seq, testDomain: opts.testDomain, given: s.input.lead }),
        form,
        landingUrl: landingUrl(form.url, s.input),
        referrer: s.input.referrer,
        ...(s.input.journey ? { touches: planTouches(s.input.journey, form.url, opts.siteUrl) } : {}),
        submissions: s.input.submissions ?? 1,
        withinMs: parseDuration(s.input.expect.within ?? DEFAULT_WITHIN) ?? 120_000,
      });
    }
  }
  // Sharding is decided here, not by Playwright, so a lead's submission and its verdict always
  // land in the same shard (Playwright would split them into different shards).
  if (opts.shard) return out.filter((_, i) => i % opts.shard!.total === opts.shard!.current - 1);
  return out;
}

export function resolveForm(id: string, profile: FormProfile, crm: CrmKind, siteUrl: string): ResolvedForm {
  const raw = typeof profile.url === 'string' ? profile.url : (profile.url[crm] ?? Object.values(profile.url)[0] ?? '/');
  const fields = Object.entries(profile.fields).map(([attribute, fill]) => {
    const f: FieldFill = typeof fill === 'string' ? { label: fill } : (fill ?? {});
    const attr = attribute as ResolvedField['attribute'];
    return { attribute: attr, label: f.selector ? f.label : (f.label ?? DEFAULT_LABELS[attr]), selector: f.selector, step: f.step ?? 1 };
  });
  const renderWaitMs = (profile.renderWait ? parseDuration(profile.renderWait) : null) ?? formRenderMs();
  return { id, url: new URL(raw, withSlash(siteUrl)).href, frame: profile.frame, fields, submit: profile.submit, next: profile.next, renderWaitMs, intake: profile.intake };
}

function landingUrl(base: string, s: ScenarioInput): string {
  return visitUrl(base, s.utm, s.query);
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}
