import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CrmEngine, PersonRecord } from '../engine/index.js';
import { hubspotError, readJson, sendJson } from '../http.js';
import { listParam, toContact, type ReadOptions } from './contact-view.js';
import type { PortalProperty } from './property-map.js';

type Catalogue = Map<string, PortalProperty>;

/** Inputs a batch read may carry when it asks for property history (100 without). */
const HISTORY_BATCH_LIMIT = 50;

interface BatchReadBody {
  idProperty?: string;
  inputs?: { id?: unknown }[];
  properties?: string[];
  propertiesWithHistory?: string[];
}

/** POST /crm/v3/objects/contacts/batch/read — reads the store directly, never the search index. */
export async function batchRead(req: IncomingMessage, res: ServerResponse, engine: CrmEngine, catalogue: Catalogue): Promise<void> {
  const body = (await readJson(req)) as BatchReadBody | undefined;
  if (!body || !Array.isArray(body.inputs)) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON: expected { inputs: [{ id }], properties?, idProperty? }.');
  }
  if (body.inputs.length > 100) {
    return hubspotError(res, 400, 'VALIDATION_ERROR', `Batch input of ${body.inputs.length} exceeds the limit of 100 inputs per request.`);
  }
  if ((body.propertiesWithHistory?.length ?? 0) > 0 && body.inputs.length > HISTORY_BATCH_LIMIT) {
    // HubSpot's own wording (CRM-FACTS.md): property history caps a batch at 50 inputs.
    return hubspotError(res, 400, 'VALIDATION_ERROR', 'The maximum number of inputs supported in a batch request for property histories is 50. Please reduce the number of items and try again');
  }
  const startedAt = new Date().toISOString();
  const byEmail = body.idProperty === 'email';
  if (body.idProperty && !byEmail && body.idProperty !== 'hs_object_id') {
    return hubspotError(res, 400, 'VALIDATION_ERROR', `Property ${body.idProperty} is not a unique identifier property.`);
  }
  const opts: ReadOptions = { properties: body.properties, propertiesWithHistory: body.propertiesWithHistory };
  const results: Record<string, unknown>[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const input of body.inputs) {
    const id = String(input.id ?? '');
    if (seen.has(id)) continue;
    seen.add(id);
    // Email is unique in a real portal; under the duplicates fault the oldest record answers.
    const rec = byEmail ? engine.byEmail(id)[0] : engine.get(id);
    if (rec) results.push(toContact(rec, catalogue, opts));
    else missing.push(id);
  }
  const base = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (missing.length === 0) return sendJson(res, 200, base);
  sendJson(res, 207, {
    ...base,
    numErrors: 1,
    errors: [
      {
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        message: `Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.`,
        context: { ids: missing },
      },
    ],
  });
}

/** GET /crm/v3/objects/contacts/{id}[?idProperty=email] */
export function getOne(res: ServerResponse, url: URL, idRaw: string, engine: CrmEngine, catalogue: Catalogue): void {
  const id = decodeURIComponent(idRaw);
  const rec = url.searchParams.get('idProperty') === 'email' ? engine.byEmail(id)[0] : engine.get(id);
  if (!rec) return hubspotError(res, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });
  sendJson(res, 200, toContact(rec, catalogue, readOptions(url)));
}

/** GET /crm/v3/objects/contacts?limit&after&properties — every live record, id order. */
export function listPage(res: ServerResponse, url: URL, engine: CrmEngine, catalogue: Catalogue): void {
  const limit = clampLimit(url.searchParams.get('limit'), 10, 100);
  const after = Number(url.searchParams.get('after') ?? '0') || 0;
  const page = engine.list().filter((r) => Number(r.id) > after);
  sendJson(res, 200, pageOf(page, limit, (r) => toContact(r, catalogue, readOptions(url))));
}

/** POST /crm/v3/objects/contacts/batch/archive → 204; unknown ids are ignored like HubSpot does. */
export async function batchArchive(req: IncomingMessage, res: ServerResponse, engine: CrmEngine): Promise<void> {
  const body = (await readJson(req)) as { inputs?: { id?: unknown }[] } | undefined;
  if (!body || !Array.isArray(body.inputs)) return hubspotError(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON: expected { inputs: [{ id }] }.');
  if (body.inputs.length > 100) return hubspotError(res, 400, 'VALIDATION_ERROR', 'Batch input exceeds the limit of 100 inputs per request.');
  for (const i of body.inputs) engine.archive(String(i.id ?? ''));
  res.writeHead(204, { 'Content-Type': 'application/json;charset=utf-8' });
  res.end();
}

export function readOptions(url: URL): ReadOptions {
  return { properties: listParam(url, 'properties'), propertiesWithHistory: listParam(url, 'propertiesWithHistory') };
}

export function clampLimit(raw: string | null | number | undefined, dflt: number, max: number): number {
  const n = Number(raw ?? dflt);
  return Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), max) : dflt;
}

/** HubSpot's forward paging: `after` is the last id of the page. */
export function pageOf(recs: PersonRecord[], limit: number, view: (r: PersonRecord) => unknown): Record<string, unknown> {
  const slice = recs.slice(0, limit);
  const out: Record<string, unknown> = { results: slice.map(view) };
  if (recs.length > limit) out.paging = { next: { after: slice[slice.length - 1].id, link: '' } };
  return out;
}
