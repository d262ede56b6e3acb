import type { RouteFactory } from '../context.js';
import { hubspotError } from '../http.js';
import { batchArchive, batchRead, getOne, listPage } from './contacts-routes.js';
import { listFlows } from './flows.js';
import { CORS, submitForm } from './forms.js';
import { FormsGate } from './forms-limit.js';
import { HubspotGate } from './limits.js';
import { getOwner, listOwners, listProperties } from './owners-properties.js';
import { portalProperties } from './property-map.js';
import { search } from './search.js';

/** 1×1 transparent GIF for the tracking beacon. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

/** The HubSpot portal: CRM v3 subset, forms submissions API and the tracking beacon. */
export const hubspotRoutes: RouteFactory = (ctx) => {
  const { stack, stats } = ctx;
  const engine = ctx.engines.hubspot;
  const props = portalProperties(stack);
  const catalogue = new Map(props.map((p) => [p.name, p]));
  const gate = new HubspotGate(stack, stats);
  const formsGate = new FormsGate(stack, stats);
  ctx.hubspotGate = gate;
  const since = new Date(Date.now() - 400 * 86_400_000).toISOString();
  const lagMs = stack.searchLagSeconds * 1000;

  return async (req, res, url) => {
    const path = url.pathname;
    const method = req.method ?? 'GET';

    // Page-view beacon from the site's tracking script: remembers the visitor's first visit.
    if (path === '/__ptq.gif') {
      stats.count('hubspot:beacon');
      const hutk = url.searchParams.get('hutk');
      if (hutk) engine.trackPageView(hutk, { url: url.searchParams.get('url') ?? '', referrer: url.searchParams.get('referrer') ?? '' });
      res.writeHead(200, { 'Content-Type': 'image/gif', 'Cache-Control': 'no-store' });
      res.end(PIXEL);
      return true;
    }

    const form = /^\/submissions\/v3\/integration\/submit\/([^/]+)\/([^/]+)\/?$/.exec(path);
    if (form) {
      stats.count('hubspot:forms');
      if (method === 'OPTIONS') {
        res.writeHead(204, CORS);
        res.end();
      } else if (formsGate.admit(req, res)) await submitForm(req, res, form[1], form[2], stack, engine);
      return true;
    }

    const isFlows = /^\/automation\/v4\/flows\/?$/.test(path);
    if (!path.startsWith('/crm/v3/') && !isFlows) return false;
    const isSearch = path === '/crm/v3/objects/contacts/search';
    stats.count('hubspot:api');
    stats.count(`hubspot:${method} ${path.replace(/\/\d+$/, '/{id}').replace(/\/owners\/?$/, '/owners')}`);
    if (!gate.admit(req, res, { search: isSearch })) return true;

    if (method === 'GET' && isFlows) listFlows(res, url, stack, since);
    else if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') await batchRead(req, res, engine, catalogue);
    else if (method === 'POST' && isSearch) await search(req, res, engine, catalogue, lagMs);
    else if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/archive') await batchArchive(req, res, engine);
    else if (method === 'GET' && /^\/crm\/v3\/objects\/contacts\/?$/.test(path)) listPage(res, url, engine, catalogue);
    else if (method === 'GET' && path.startsWith('/crm/v3/objects/contacts/')) getOne(res, url, path.slice('/crm/v3/objects/contacts/'.length), engine, catalogue);
    else if (method === 'GET' && /^\/crm\/v3\/owners\/?$/.test(path)) listOwners(res, url, stack, since);
    else if (method === 'GET' && /^\/crm\/v3\/owners\/\d+$/.test(path) && getOwner(res, url, path.split('/').pop()!, stack, since)) return true;
    else if (method === 'GET' && /^\/crm\/v3\/properties\/(contacts|0-1)\/?$/.test(path)) listProperties(res, props, stack, since);
    else hubspotError(res, 404, 'OBJECT_NOT_FOUND', `The sandbox portal does not serve ${method} ${path}; it offers a CRM v3 contacts/owners/properties subset and the automation v4 workflows list.`);
    return true;
  };
};
