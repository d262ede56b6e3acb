import type { ServerResponse } from 'node:http';
import type { Stack, StackOwner } from '../engine/index.js';
import { sendJson } from '../http.js';
import { clampLimit } from './contacts-routes.js';
import type { PortalProperty } from './property-map.js';

/** Team ids are stable per stack: position in first-seen order. */
export function teamIds(stack: Stack): Map<string, string> {
  const ids = new Map<string, string>();
  for (const o of stack.owners) for (const t of o.teams) if (!ids.has(t)) ids.set(t, String(9001 + ids.size));
  return ids;
}

/** GET /crm/v3/owners[/]?email&limit&after&archived — active owners, or with `archived=true` only the deactivated ones (as HubSpot does). */
export function listOwners(res: ServerResponse, url: URL, stack: Stack, since: string): void {
  const email = url.searchParams.get('email')?.toLowerCase();
  const archived = url.searchParams.get('archived') === 'true';
  const all = stack.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email));
  const limit = clampLimit(url.searchParams.get('limit'), 100, 500);
  const after = Number(url.searchParams.get('after') ?? '0') || 0;
  const teams = teamIds(stack);
  const page = all.slice(after, after + limit).map((o) => ownerView(o, teams, since));
  const out: Record<string, unknown> = { results: page };
  if (after + limit < all.length) out.paging = { next: { after: String(after + limit), link: '' } };
  sendJson(res, 200, out);
}

/** GET /crm/v3/owners/{id}[?archived=true] — a deactivated owner is found only when asked for archived ones. */
export function getOwner(res: ServerResponse, url: URL, id: string, stack: Stack, since: string): boolean {
  const archived = url.searchParams.get('archived') === 'true';
  const o = stack.owners.find((x) => x.id === id && x.archived === archived);
  if (!o) return false;
  sendJson(res, 200, ownerView(o, teamIds(stack), since));
  return true;
}

function ownerView(o: StackOwner, teams: Map<string, string>, since: string): Record<string, unknown> {
  return {
    id: o.id,
    email: o.email,
    firstName: o.firstName,
    lastName: o.lastName,
    userId: Number(o.id) + 7_000_000,
    userIdIncludingInactive: Number(o.id) + 7_000_000,
    type: 'PERSON',
    teams: o.teams.map((t, i) => ({ id: teams.get(t)!, name: t, primary: i === 0 })),
    archived: o.archived,
    createdAt: since,
    updatedAt: since,
  };
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
