/**
 * A branch's replay template, made from its browser lead's capture (src/forms/capture.ts): the
 * form request as the page sent it, which of its values belong to the person (swapped per lead),
 * which are the visitor id (fresh per lead) and which beacons go first. Or the reason replay would
 * not be faithful for that branch, in words.
 */
import type { FormCapture } from '../forms/capture.js';
import type { Lead } from '../scenario/lead.js';

/** Person attributes a replayed lead brings its own value for, most specific first. */
export const PERSON_ATTRIBUTES = ['email', 'firstName', 'lastName', 'company', 'website', 'title', 'phone', 'message', 'employees'] as const;
export type PersonAttribute = (typeof PERSON_ATTRIBUTES)[number];

export type Encoding = 'json' | 'urlencoded';

export interface ReplayTemplate {
  /** The browser lead the request was captured from. */
  capturedFrom: string;
  method: string;
  url: string;
  contentType: string;
  encoding: Encoding;
  body: string;
  /** The browser lead's value of each person attribute the body carries. */
  person: Partial<Record<PersonAttribute, string>>;
  /** Visitor ids (cookie values) the body or the beacons carry: a fresh one per replayed lead. */
  visitorIds: { name: string; value: string }[];
  /** Page-view beacons the page sent before submitting, re-sent per lead with its visitor id. */
  beacons: string[];
}

/** A field name that says the value is issued per page or per session. */
const TOKEN_NAME = /nonce|csrf|xsrf|authenticity|(^|[_-])token($|[_-])|^_token$/i;
const CAPTCHA_NAME = /captcha|turnstile/i;

export const isTokenName = (name: string): boolean => TOKEN_NAME.test(name);

export type TemplateResult = { ok: true; template: ReplayTemplate } | { ok: false; reason: string };

export function buildTemplate(capture: FormCapture | null, lead: Lead): TemplateResult {
  if (!capture) return { ok: false, reason: 'the browser lead recorded no form request' };
  if (capture.error || !capture.request) return { ok: false, reason: `the browser lead's form request could not be captured (${capture.error ?? 'no request'})` };
  const req = capture.request;
  const encoding: Encoding | null = /json/i.test(req.contentType) ? 'json' : /x-www-form-urlencoded/i.test(req.contentType) ? 'urlencoded' : null;
  if (req.method !== 'POST' || !encoding) return { ok: false, reason: `the form request is ${req.method} ${req.contentType || 'without a content type'}; replay sends JSON or url-encoded POSTs only` };
  const fields = flatFields(req.body, encoding);
  if (!fields) return { ok: false, reason: 'the form request body does not parse as its content type says' };
  if (capture.captcha || [...fields.keys()].some((n) => CAPTCHA_NAME.test(n))) return { ok: false, reason: 'the form carries a captcha: each submission needs a token a person solves' };
  const tokens = [...fields.keys()].filter(isTokenName);
  if (tokens.length) return { ok: false, reason: `the form request carries a per-page token (${tokens.join(', ')})` };
  const changing = Object.entries(capture.secondLoadHidden ?? {}).filter(([name, value]) => fields.has(name) && fields.get(name) !== value).map(([name]) => name);
  if (changing.length) return { ok: false, reason: `hidden field(s) ${changing.join(', ')} change between two loads of the page (a per-page token)` };
  const values = new Set(fields.values());
  if (!values.has(lead.email)) return { ok: false, reason: `the form request does not carry the lead's email ${lead.email} as a field` };
  const person: ReplayTemplate['person'] = {};
  for (const a of PERSON_ATTRIBUTES) {
    const v = String(lead[a] ?? '');
    if (v && values.has(v) && !Object.values(person).includes(v)) person[a] = v;
  }
  const carried = [req.body, ...capture.beacons].join('\n');
  const visitorIds = capture.cookies.filter((c) => c.value.length >= 8 && carried.includes(c.value));
  return {
    ok: true,
    template: { capturedFrom: capture.key, method: req.method, url: req.url, contentType: req.contentType, encoding, body: req.body, person, visitorIds, beacons: capture.beacons },
  };
}

/**
 * Every named value of the body: url-encoded pairs, or for JSON each `{ name, value }` entry of an
 * array (HubSpot's `fields`) and each other string or number leaf by its key.
 */
export function flatFields(body: string, encoding: Encoding): Map<string, string> | null {
  if (encoding === 'urlencoded') return new Map(new URLSearchParams(body));
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const out = new Map<string, string>();
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, key));
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.name === 'string' && 'value' in o) out.set(o.name, String(o.value));
      else for (const [k, x] of Object.entries(o)) walk(x, k);
    } else if (typeof v === 'string' || typeof v === 'number') out.set(key, String(v));
  };
  walk(json, '');
  return out;
}
