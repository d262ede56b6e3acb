/**
 * The taxonomy's rules applied to one visit (a scenario's landing URL, a campaign URL): is the
 * channel known, do its UTMs carry allowed values, does the campaign follow the naming rule.
 * Shared by `leadproof lint` (scenarios) and `leadproof campaigns` (ad-platform URLs).
 */
import { suggest } from '../expect/did-you-mean.js';
import type { Taxonomy, TaxonomyChannel, UtmValueRule } from './schema.js';

export type CrmName = 'hubspot' | 'salesforce';
export const CRMS: CrmName[] = ['hubspot', 'salesforce'];

/** The UTM parameters of a visit, by their short names. */
export interface VisitUtms {
  source?: string;
  medium?: string;
  campaign?: string;
}

/** One way a visit breaks the taxonomy. `param` is the UTM parameter (or `channel`, or `utm` for the set). */
export interface RuleProblem {
  param: 'channel' | 'utm' | 'utm_source' | 'utm_medium' | 'utm_campaign';
  message: string;
}

export interface VisitCheck {
  /** The channel checked against: the given one, or the only one the UTMs fit. */
  channel?: string;
  problems: RuleProblem[];
}

/**
 * Checks a visit against the taxonomy. `channel` as declared (scenario `channel:`, the CSV's
 * channel column); without it the channel is inferred from the UTMs when exactly one fits.
 */
export function checkVisit(t: Taxonomy, visit: { channel?: string; utm: VisitUtms; query?: Record<string, string> }): VisitCheck {
  const tagged = Boolean(visit.utm.source || visit.utm.medium || visit.utm.campaign);
  let id = visit.channel;
  if (id !== undefined && !t.channels[id]) {
    const hint = suggest(id, Object.keys(t.channels));
    return { problems: [{ param: 'channel', message: `"${id}" is not a channel of the taxonomy (channels: ${Object.keys(t.channels).join(', ')})${hint ? ` — did you mean ${hint}?` : ''}` }] };
  }
  if (id === undefined) {
    if (!tagged) return { problems: [] }; // no UTMs and no channel: nothing says what it should be
    const fits = Object.keys(t.channels).filter((c) => fitsChannel(t.channels[c], visit.utm));
    if (fits.length === 1) id = fits[0];
    else if (fits.length === 0) return { problems: [{ param: 'utm', message: `${describe(visit.utm)} fits no channel of the taxonomy; fix the values or add them to the right channel` }] };
    else return { problems: [{ param: 'channel', message: `is not given and ${describe(visit.utm)} fits several channels (${fits.join(', ')}); name the channel` }] };
  }
  const c = t.channels[id];
  const problems: RuleProblem[] = [];
  const hasLists = Boolean(c.utm_source || c.utm_medium);
  if (!hasLists && tagged) {
    const fits = Object.keys(t.channels).filter((o) => fitsChannel(t.channels[o], visit.utm));
    problems.push({ param: 'utm', message: `channel ${id} carries no UTMs in the taxonomy, but this visit has ${describe(visit.utm)}${fits.length ? ` (they fit ${fits.join(', ')})` : ''}; remove them or change the channel` });
  } else if (hasLists && !tagged) {
    const clicked = (c.clickIds ?? []).some((k) => visit.query?.[k]);
    if (!c.untagged && !clicked) {
      problems.push({ param: 'utm', message: `is missing: channel ${id} needs ${[c.utm_source && 'utm_source', c.utm_medium && 'utm_medium'].filter(Boolean).join(' and ')}${c.clickIds ? ` (or a click id: ${c.clickIds.join(', ')})` : ''}` });
    }
  } else if (hasLists) {
    for (const key of ['source', 'medium'] as const) {
      const message = valueProblem(t, id, `utm_${key}`, visit.utm[key]);
      if (message) problems.push({ param: `utm_${key}`, message });
    }
  }
  if (tagged) {
    const message = valueProblem(t, id, 'utm_campaign', visit.utm.campaign);
    if (message) problems.push({ param: 'utm_campaign', message });
  }
  return { channel: id, problems };
}

/** What is wrong with one UTM value on a channel (undefined when it is allowed). */
export function valueProblem(t: Taxonomy, channel: string, key: 'utm_source' | 'utm_medium' | 'utm_campaign', value: string | undefined): string | undefined {
  if (key === 'utm_campaign') {
    const rule = t.campaign;
    if (value === undefined) return rule?.required ? `is missing: every tagged link needs a campaign${rule.example ? ` such as ${rule.example}` : ''}` : undefined;
    if (!rule?.pattern || new RegExp(rule.pattern).test(value)) return undefined;
    const slug = value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const hint = slug && new RegExp(rule.pattern).test(slug) ? ` — did you mean ${slug}?` : rule.example ? ` (e.g. ${rule.example})` : '';
    return `"${value}" does not follow the campaign naming rule ${rule.pattern}${hint}`;
  }
  const rules = t.channels[channel]?.[key];
  if (!rules) return undefined;
  if (value === undefined) return `is missing: channel ${channel} needs one of ${listRules(rules)}`;
  if (rules.some((r) => matchesRule(value, r))) return undefined;
  const hint = suggest(value, rules.filter((r): r is string => typeof r === 'string'));
  return `"${value}" is not a ${key} of channel ${channel} (allowed: ${listRules(rules)})${hint ? ` — did you mean ${hint}?` : ''}`;
}

/** The source value(s) a CRM must compute for a channel; undefined when the taxonomy does not say. */
export function sourceValues(c: TaxonomyChannel, crm: CrmName): string[] | undefined {
  const s = c.crmSource;
  if (s === undefined) return undefined;
  const v = typeof s === 'string' || Array.isArray(s) ? s : s[crm];
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

export function matchesRule(value: string, rule: UtmValueRule): boolean {
  return typeof rule === 'string' ? value === rule : new RegExp(rule.pattern).test(value);
}

function fitsChannel(c: TaxonomyChannel, utm: VisitUtms): boolean {
  if (!c.utm_source && !c.utm_medium) return false;
  const ok = (rules: UtmValueRule[] | undefined, v: string | undefined) => !rules || (v !== undefined && rules.some((r) => matchesRule(v, r)));
  return ok(c.utm_source, utm.source) && ok(c.utm_medium, utm.medium);
}

function listRules(rules: UtmValueRule[]): string {
  return rules.map((r) => (typeof r === 'string' ? r : `/${r.pattern}/`)).join(', ');
}

function describe(utm: VisitUtms): string {
  return Object.entries(utm).filter(([, v]) => v !== undefined).map(([k, v]) => `utm_${k}=${v}`).join(' ') || 'no UTMs';
}
