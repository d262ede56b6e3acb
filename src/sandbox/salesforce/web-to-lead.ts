/**
 * Web-to-Lead intake with the behaviours that make it hard to test: the browser gets no signal
 * either way, posts over the org's daily limit are queued (not created), a blocking duplicate
 * rule drops a matching lead silently, a wrong `oid` or an unknown custom field id is ignored.
 */
import { normalizeDomain } from '../engine/index.js';
import { LEAD_FIELDS } from './lead-fields.js';
import type { SalesforceOrg } from './org.js';

export type WebToLeadOutcome =
  | { kind: 'created' | 'merged'; leadId: string }
  | { kind: 'queued' }
  | { kind: 'blocked'; rule: string }
  | { kind: 'ignored'; reason: string };

const DAY_MS = 86_400_000;

export function acceptWebToLead(org: SalesforceOrg, form: URLSearchParams, now: number): WebToLeadOutcome {
  if (form.get('oid') !== org.orgId && form.get('oid') !== org.orgId.slice(0, 15)) {
    return { kind: 'ignored', reason: 'oid is not this org' };
  }
  const fields = canonicalFields(form);
  // Salesforce fills required Lead fields a web form left blank rather than rejecting the lead.
  fields.lastName ??= '[not provided]';
  fields.company ??= '[not provided]';

  const log = org.webToLeadLog;
  while (log.length > 0 && log[0]! <= now - DAY_MS) log.shift();
  if (log.length >= org.model.settings.webToLeadDailyLimit) {
    org.webToLeadQueue.push(form);
    return { kind: 'queued' };
  }
  log.push(now);

  for (const rule of org.model.duplicateRules) {
    if (rule.action === 'block' && matchesExisting(org, rule.match, fields)) return { kind: 'blocked', rule: rule.name };
  }
  const formId = fields.formId ?? 'web-to-lead';
  delete fields.formId;
  // The attribution Flow: the posted landing page and referrer stand in for the visitor cookie;
  // a form without them gets the same OFFLINE source a cookieless HubSpot submission gets.
  let hutk: string | undefined;
  if (fields.landingPage) {
    hutk = `w2l-${now}-${org.webToLeadLog.length}`;
    org.engine.trackPageView(hutk, { url: fields.landingPage, referrer: fields.referrer ?? '' });
  }
  const { record, created } = org.engine.submit({ formId, fields, hutk, pageUri: fields.landingPage ?? undefined });
  return { kind: created ? 'created' : 'merged', leadId: org.leadId(record) };
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
