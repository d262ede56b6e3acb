/**
 * Web-to-Lead intake with the behaviours that make it hard to test: the browser gets no signal
 * either way; posts over the org's daily limit are queued and created when the rolling window
 * frees; a duplicate rule that blocks or allows with an alert, a failed validation rule or a
 * missing reCAPTCHA token drops the lead silently; a wrong `oid` or an unknown custom field id
 * is ignored.
 */
import { normalizeDomain } from '../engine/index.js';
import { LEAD_FIELDS } from './lead-fields.js';
import type { ValidationRule } from './org-settings.js';
import type { SalesforceOrg } from './org.js';

export type WebToLeadOutcome =
  | { kind: 'created' | 'merged'; leadId: string }
  | { kind: 'queued' }
  | { kind: 'blocked'; rule: string }
  | { kind: 'invalid'; rule: string }
  | { kind: 'captcha' }
  | { kind: 'ignored'; reason: string };

/** A post held over the daily limit, with when it arrived. */
export interface QueuedPost {
  form: URLSearchParams;
  at: number;
}

export function acceptWebToLead(org: SalesforceOrg, form: URLSearchParams, now: number): WebToLeadOutcome {
  if (form.get('oid') !== org.orgId && form.get('oid') !== org.orgId.slice(0, 15)) {
    return { kind: 'ignored', reason: 'oid is not this org' };
  }
  // reCAPTCHA is verified before anything else; a post without a token is dropped, not queued.
  const formId = canonicalFields(form).formId ?? 'web-to-lead';
  if (org.model.settings.webToLeadRecaptcha.includes(formId) && !validCaptcha(form.get('g-recaptcha-response'))) return { kind: 'captcha' };

  // Queued posts are created first, oldest first, as the window frees; a new post waits behind them.
  drainWebToLeadQueue(org, now);
  if (org.webToLeadQueue.length > 0 || org.webToLeadLog.length >= org.model.settings.webToLeadDailyLimit) {
    org.webToLeadQueue.push({ form, at: now });
    return { kind: 'queued' };
  }
  org.webToLeadLog.push(now);
  return createWebLead(org, form, now);
}

/**
 * Creates queued posts while the rolling window has room (Salesforce: "created when the limit
 * refreshes, counting against the next day"). Returns what became of each.
 */
export function drainWebToLeadQueue(org: SalesforceOrg, now: number): WebToLeadOutcome[] {
  const log = org.webToLeadLog;
  const windowMs = org.model.settings.webToLeadWindowMs;
  while (log.length > 0 && log[0]! <= now - windowMs) log.shift();
  const out: WebToLeadOutcome[] = [];
  while (org.webToLeadQueue.length > 0 && log.length < org.model.settings.webToLeadDailyLimit) {
    const next = org.webToLeadQueue.shift()!;
    log.push(now);
    out.push(createWebLead(org, next.form, now));
  }
  return out;
}

/** When the oldest post in the window leaves it (the next free slot), or null with nothing queued. */
export function nextWindowFree(org: SalesforceOrg): number | null {
  if (org.webToLeadQueue.length === 0 || org.webToLeadLog.length === 0) return null;
  return org.webToLeadLog[0]! + org.model.settings.webToLeadWindowMs;
}

function createWebLead(org: SalesforceOrg, form: URLSearchParams, now: number): WebToLeadOutcome {
  const fields = canonicalFields(form);
  // Salesforce fills required Lead fields a web form left blank rather than rejecting the lead.
  fields.lastName ??= '[not provided]';
  fields.company ??= '[not provided]';
  // Validation rules run before duplicate rules; either one drops a web lead without a trace.
  for (const rule of org.model.validationRules) {
    if (failsValidation(rule, fields)) return { kind: 'invalid', rule: rule.name };
  }
  for (const rule of org.model.duplicateRules) {
    const drops = rule.action === 'block' || rule.alert;
    if (drops && matchesExisting(org, rule.match, fields)) return { kind: 'blocked', rule: rule.name };
  }
  const formId = fields.formId ?? 'web-to-lead';
  delete fields.formId;
  // The attribution Flow: the posted landing page and referrer stand in for the visitor cookie;
  // a form without them gets the same OFFLINE source a cookieless HubSpot submission gets.
  let hutk: string | undefined;
  if (fields.landingPage) {
    hutk = `w2l-${now}-${org.webToLeadLog.length}-${org.webToLeadQueue.length}`;
    org.engine.trackPageView(hutk, { url: fields.landingPage, referrer: fields.referrer ?? '' });
    // A journey: the first touch came earlier; the page the form was sent from is the latest.
    if (fields.latestLandingPage) org.engine.trackPageView(hutk, { url: fields.latestLandingPage, referrer: fields.latestReferrer ?? '' });
  }
  const { record, created } = org.engine.submit({ formId, fields, hutk, pageUri: fields.landingPage ?? undefined });
  return { kind: created ? 'created' : 'merged', leadId: org.leadId(record) };
}

function failsValidation(rule: ValidationRule, fields: Record<string, string | null>): boolean {
  const canonical = LEAD_FIELDS.find((f) => f.name === rule.field)?.canonical;
  const value = canonical ? (fields[canonical] ?? '') : '';
  if (value === '') return rule.required;
  return rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value);
}

/** The sandbox's reCAPTCHA verifier: a token the real widget would issue is long and opaque. */
function validCaptcha(token: string | null): boolean {
  return Boolean(token && token.length >= 20);
}

/** Standard inputs by name, custom fields by 15- or 18-character field id; the rest is dropped. */
function canonicalFields(form: URLSearchParams): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const f of LEAD_FIELDS) {
    if (!f.canonical || f.computed) continue;
    const raw = f.webToLead ? form.get(f.webToLead) : f.fieldId ? (form.get(f.fieldId) ?? findById(form, f.fieldId)) : null;
    if (raw !== null && raw !== '') out[f.canonical] = raw.trim();
  }
  out.consent = form.get('emailOptOut') === '1' ? 'false' : 'true';
  return out;
}

function findById(form: URLSearchParams, id15: string): string | null {
  for (const [k, v] of form) if (k.length === 18 && k.slice(0, 15) === id15) return v;
  return null;
}

function matchesExisting(org: SalesforceOrg, match: 'email' | 'website', fields: Record<string, string | null>): boolean {
  if (match === 'email') return Boolean(fields.email) && org.engine.byEmail(fields.email!).length > 0;
  // Matching rules compare the Website field only; a lead without one never matches.
  const domain = normalizeDomain(fields.website ?? null);
  if (!domain) return false;
  return org.engine.list().some((r) => normalizeDomain(r.fields.website ?? null) === domain);
}
