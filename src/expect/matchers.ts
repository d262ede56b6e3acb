/** Field matchers and owner matching, worded the way a RevOps person would say them. */
import type { OwnerInfo } from '../crm/adapter.js';
import type { FieldMatcher, OwnerExpectation } from '../scenario/types.js';

export function matchField(m: FieldMatcher, actual: string | null | undefined): boolean {
  const v = actual ?? null;
  if (typeof m === 'string' || typeof m === 'number' || typeof m === 'boolean') return v !== null && v === String(m);
  if ('oneOf' in m) return v !== null && m.oneOf.map(String).includes(v);
  if ('pattern' in m) return v !== null && new RegExp(m.pattern).test(v);
  if ('present' in m) return v !== null && v !== '';
  return v === null || v === '';
}

/** Only `absent` can still turn false later without the value changing to something else. */
export function isNegativeMatcher(m: FieldMatcher): boolean {
  return typeof m === 'object' && 'absent' in m;
}

export function describeMatcher(m: FieldMatcher): string {
  if (typeof m !== 'object') return JSON.stringify(String(m));
  if ('oneOf' in m) return `one of ${m.oneOf.map((x) => JSON.stringify(String(x))).join(', ')}`;
  if ('pattern' in m) return `matching /${m.pattern}/`;
  if ('present' in m) return 'any value';
  return 'empty';
}

export function matchOwner(e: OwnerExpectation, o: OwnerInfo | undefined): boolean {
  if (!o) return false;
  if ('email' in e) return o.kind === 'user' && (o.email ?? '').toLowerCase() === e.email.toLowerCase();
  if ('team' in e) return o.kind === 'user' && o.teams.some((t) => t.toLowerCase() === e.team.toLowerCase());
  if ('queue' in e) return o.kind === 'queue' && o.name.toLowerCase() === e.queue.toLowerCase();
  const pool = e.oneOf.map((x) => x.toLowerCase());
  return pool.includes((o.email ?? '').toLowerCase()) || pool.includes(o.name.toLowerCase());
}

export function describeOwnerExpectation(e: OwnerExpectation): string {
  if ('email' in e) return e.email;
  if ('team' in e) return `team ${e.team}`;
  if ('queue' in e) return `queue ${e.queue}`;
  return `one of ${e.oneOf.join(', ')}`;
}

export function describeOwner(o: OwnerInfo | undefined, id: string | null): string {
  if (!id) return 'nobody (no owner)';
  if (!o) return `owner id ${id} (unknown to the CRM's owner list)`;
  if (o.kind === 'queue') return `queue ${o.name}`;
  const teams = o.teams.length ? ` (${o.teams.join(', ')})` : '';
  return `${o.name}${o.email ? ` <${o.email}>` : ''}${teams}`;
}
