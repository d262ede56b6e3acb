/**
 * `GET /automation/v4/flows` — the portal's workflows list, a subset of HubSpot's Automation v4
 * shape (developers.hubspot.com/docs/api-reference/legacy/automation/workflows/get-workflows):
 * `{ results: [{ id, isEnabled, flowType, revisionId, name, objectTypeId, createdAt, updatedAt, uuid }], paging? }`,
 * paged by `limit` (default 100) and `after`. One flow per stack automation (routing, fallback,
 * lifecycle): the ids the engine writes as `sourceId` into property history.
 *
 * A token without the `automation` scope gets HubSpot's 403 MISSING_SCOPES body, as the real API
 * sends it (shape quoted in HubSpot/hubspot-api-nodejs#268).
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { stackAutomations, type Stack } from '../engine/index.js';
import { hubspotError, sendJson } from '../http.js';
import { clampLimit } from './contacts-routes.js';

export const FLOWS_SCOPE = 'automation';

export function listFlows(res: ServerResponse, url: URL, stack: Stack, since: string): void {
  if (stack.hubspot.missingScopes.includes(FLOWS_SCOPE)) {
    hubspotError(res, 403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
      errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [FLOWS_SCOPE] } }],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    });
    return;
  }
  const all = stackAutomations(stack);
  const limit = clampLimit(url.searchParams.get('limit'), 100, 100);
  const after = Number(url.searchParams.get('after') ?? '0') || 0;
  const results = all.slice(after, after + limit).map((a) => ({
    id: a.id,
    isEnabled: a.enabled,
    flowType: 'WORKFLOW',
    revisionId: '1',
    name: a.name,
    objectTypeId: '0-1',
    createdAt: since,
    updatedAt: since,
    uuid: uuidOf(a.id),
  }));
  const out: Record<string, unknown> = { results };
  if (after + limit < all.length) out.paging = { next: { after: String(after + limit), link: '' } };
  sendJson(res, 200, out);
}

/** A stable UUID-shaped value per flow id. */
function uuidOf(id: string): string {
  const h = createHash('sha1').update(`flow:${id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
