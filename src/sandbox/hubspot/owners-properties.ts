import type { ServerResponse } from 'node:http';
import type { Stack } from '../engine/index.js';
import { sendJson } from '../http.js';
import { clampLimit } from './contacts-routes.js';
import type { PortalProperty } from './property-map.js';

/** Team ids are stable per stack: position in first-seen order. */
export function teamIds(stack: Stack): Map<string, string> {
  const ids = new Map<string, string>();
  for (const o of stack.owners) for (const t of o.teams) if (!ids.has(t)) ids.set(t, String(9001 + ids.size));
  return ids;
}

/** GET /crm/v3/owners[/]?email&limit&after — the stack's owners as HubSpot owners. */
export function listOwners(res: ServerResponse, url: URL, stack: Stack, since: string): void {
  const teams = teamIds(stack);
  const email = url.searchParams.get('email')?.toLowerCase();
  const archived = url.searchParams.get('archived') === 'true';
  const all = archived ? [] : stack.owners.filter((o) => !email || o.email.toLowerCase() === email);
  const limit = clampLimit(url.searchParams.get('limit'), 100, 500);
  const after = Number(url.searchParams.get('after') ?? '0') || 0;
  const page = all.slice(after, after + limit).map((o) => ({
    id: o.id,
    email: o.email,
    firstName: o.firstName,
    lastName: o.lastName,
    userId: Number(o.id) + 7_000_000,
    userIdIncludingInactive: Number(o.id) + 7_000_000,
    type: 'PERSON',
    teams: o.teams.map((t, i) => ({ id: teams.get(t)!, name: t, primary: i === 0 })),
    archived: false,
    createdAt: since,
    updatedAt: since,
  }));
  const out: Record<string, unknown> = { results: page };
  if (after + limit < all.length) out.paging = { next: { after: String(after + limit), link: '' } };
  sendJson(res, 200, out);
}

/** GET /crm/v3/owners/{id} */
export function getOwner(res: ServerResponse, id: string, stack: Stack, since: string): boolean {
  const o = stack.owners.find((x) => x.id === id);
  if (!o) return false;
  const teams = teamIds(stack);
  sendJson(res, 200, {
    id: o.id, email: o.email, firstName: o.firstName, lastName: o.lastName, userId: Number(o.id) + 7_000_000, type: 'PERSON',
    teams: o.teams.map((t, i) => ({ id: teams.get(t)!, name: t, primary: i === 0 })), archived: false, createdAt: since, updatedAt: since,
  });
  return true;
}

/** GET /crm/v3/properties/contacts */
export function listProperties(res: ServerResponse, props: PortalProperty[], stack: Stack, since: string): void {
  sendJson(res, 200, {
    results: props.map((p, i) => ({
      name: p.name,
      label: p.label,
      type: p.type,
      fieldType: p.fieldType,
      description: '',
      groupName: p.groupName,
      options: optionsOf(p, stack).map((value, j) => ({ label: value, value, displayOrder: j, hidden: false })),
      displayOrder: i,
      calculated: p.field === undefined,
      externalOptions: false,
      hasUniqueValue: p.name === 'email',
      hidden: false,
      hubspotDefined: !p.name.startsWith('utm_') && p.name !== 'marketing_consent',
      modificationMetadata: { archivable: true, readOnlyDefinition: !p.name.startsWith('utm_'), readOnlyValue: p.field === undefined },
      formField: p.field !== undefined,
      createdAt: since,
      updatedAt: since,
      archived: false,
    })),
  });
}

function optionsOf(p: PortalProperty, stack: Stack): string[] {
  if (p.name === 'hubspot_owner_id') return stack.owners.map((o) => o.id);
  return p.options ?? [];
}
