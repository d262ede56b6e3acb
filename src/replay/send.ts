/**
 * One replayed submission: the template's request with this lead's person, a fresh visitor id and
 * the current time, after the page-view beacons the browser lead's page sent (with the same fresh
 * visitor id, so attribution sees a visit before the submission, as it did for the browser twin).
 */
import { randomBytes } from 'node:crypto';
import type { Lead } from '../scenario/lead.js';
import { PERSON_ATTRIBUTES, type ReplayTemplate } from './template.js';

export interface ReplayRequest {
  beacons: string[];
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** The request for `lead`, from the template: pure, so tests can read what would be sent. */
export function replayRequest(t: ReplayTemplate, lead: Lead, now: number = Date.now()): ReplayRequest {
  const swap = new Map<string, string>();
  for (const a of PERSON_ATTRIBUTES) if (t.person[a] !== undefined) swap.set(t.person[a]!, String(lead[a] ?? ''));
  const ids = t.visitorIds.map((v) => [v.value, freshLike(v.value)] as const);
  const fresh = (s: string) => ids.reduce((acc, [from, to]) => acc.split(from).join(to), s);
  const value = (s: string) => (swap.has(s) ? swap.get(s)! : fresh(s));
  let body: string;
  if (t.encoding === 'urlencoded') {
    const params = new URLSearchParams(t.body);
    const out = new URLSearchParams();
    for (const [k, v] of params) out.append(k, value(v));
    body = out.toString();
  } else {
    body = JSON.stringify(mapJson(JSON.parse(t.body), value, now));
  }
  return { beacons: t.beacons.map(fresh), url: t.url, method: t.method, headers: { 'content-type': t.contentType }, body };
}

/** Sends it: beacons first (their answers do not matter), then the form request. */
export async function sendReplay(r: ReplayRequest, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  for (const b of r.beacons) await fetch(b, { signal }).then((res) => res.arrayBuffer()).catch(() => undefined);
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body, redirect: 'manual', signal });
  return { status: res.status, text: await res.text().catch(() => '') };
}

/** A time field of the form (`submittedAt`) takes the moment of sending, in the type it had. */
function mapJson(v: unknown, value: (s: string) => string, now: number, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => mapJson(x, value, now, key));
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, mapJson(x, value, now, k)]));
  }
  if (/^submitted_?at$/i.test(key) && (typeof v === 'number' || /^\d{13}$/.test(String(v)))) return typeof v === 'number' ? now : String(now);
  return typeof v === 'string' ? value(v) : v;
}

/** A new random value shaped like the old one: hex stays hex of the same length (HubSpot's hutk). */
export function freshLike(old: string): string {
  const hex = /^[0-9a-f]+$/i.test(old);
  const raw = randomBytes(Math.ceil(old.length / 2) + 8).toString(hex ? 'hex' : 'base64url');
  return raw.slice(0, old.length);
}
