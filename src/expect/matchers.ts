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

/**
 * An owner expectation is met only by an active user (or a queue): a lead routed to a deactivated
 * rep still left in a rotation or rule is a lead nobody works.
 */
export function matchOwner(e: OwnerExpectation, o: OwnerInfo | undefined): boolean {
  return isOwnerNamed(e, o) && !isInactiveUser(o);
}

/** The owner the expectation names, ignoring whether that user is still active. */
export function isOwnerNamed(e: OwnerExpectation, o: OwnerInfo | undefined): o is OwnerInfo {
  if (!o) return false;
  if ('email' in e) return o.kind === 'user' && (o.email ?? '').toLowerCase() === e.email.toLowerCase();
  if ('team' in e) return o.kind === 'user' && o.teams.some((t) => t.toLowerCase() === e.team.toLowerCase());
  if ('queue' in e) return o.kind === 'queue' && o.name.toLowerCase() === e.queue.toLowerCase();
  const pool = e.oneOf.map((x) => x.toLowerCase());
  return pool.includes((o.email ?? '').toLowerCase()) || pool.includes(o.name.toLowerCase());
}

export function isInactiveUser(o: OwnerInfo | undefined): boolean {
  return o?.kind === 'user' && !o.active;
}

/** The expectation as said to someone whose lead went to the named but deactivated user. */
export function describeActiveOwnerExpectation(e: OwnerExpectation): string {
  if ('email' in e) return `${e.email} as an active user`;
  if ('team' in e) return `an active member of team ${e.team}`;
  if ('queue' in e) return `queue ${e.queue}`;
  return `an active one of ${e.oneOf.join(', ')}`;
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
  const notes = [...o.teams, ...(o.active ? [] : ['deactivated'])];
  const teams = notes.length ? ` (${notes.join(', ')})` : '';
  return `${o.name}${o.email ? ` <${o.email}>` : ''}${teams}`;
}
